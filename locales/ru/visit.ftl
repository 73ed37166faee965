## Визит главы офиса в регион, город или учреждение. Переменные: $host
## (человек), $host-position, $place (куда), $has-recipient, $recipient
## (посещённое учреждение), $topics.

visit-headline = { $host-position } { $host } { GENDER($host) ->
        [female] посетила
       *[male] посетил
    } { CASE($place, case: "acc") }

visit-lead = { dateline } { $host-position } { $host } { GENDER($host) ->
        [female] посетила
       *[male] посетил
    } с рабочим визитом { CASE($place, case: "acc") }{ $has-recipient ->
        [true] , где { GENDER($host) ->
            [female] ознакомилась
           *[male] ознакомился
        } с работой { CASE($recipient, case: "gen") }
       *[false] { "" }
    }.

visit-topics = В ходе визита { GENDER($host) ->
        [female] она обсудила
       *[male] он обсудил
    } с представителями местных органов власти вопросы { LIST($topics, case: "gen") }.
