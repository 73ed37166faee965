## Заявление главы офиса. Переменные: $head (человек), $head-position,
## $topics. Следующие абзацы — текст заявления.

statement-headline = { $head-position } { $head } { GENDER($head) ->
        [female] выступила
       *[male] выступил
    } с заявлением по вопросам { LIST($topics, case: "gen") }

statement-lead = { dateline } { $head-position } { $head } { GENDER($head) ->
        [female] сделала
       *[male] сделал
    } следующее заявление по вопросам { LIST($topics, case: "gen") }:
