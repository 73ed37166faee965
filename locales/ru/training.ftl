## Обучение. Переменные: $participants (с числом), $participants-count,
## $days, $topics, $has-origin, $origin.

training-headline = { -office } провёл обучение для { CASE($participants, case: "gen") } в { CASE($place, case: "prep") } по вопросам { LIST($topics, case: "gen") }

training-lead = { dateline } { -office } организовал { $days ->
        [1] однодневный
        [2] двухдневный
        [3] трёхдневный
        [4] четырёхдневный
        [5] пятидневный
       *[other] { $days }-дневный
    } учебный курс для { CASE($participants, case: "gen") }{ $has-origin ->
        [true] { " " }из { CASE($origin, case: "gen") }
       *[false] { "" }
    } по вопросам { LIST($topics, case: "gen") }.
