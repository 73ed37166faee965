## Семинар. Переменные: $participants (с числом), $participants-count,
## $days, $topics, $has-partner, $partner (соорганизатор), $has-origin,
## $origin.

workshop-headline = { -office } провёл семинар для { CASE($participants, case: "gen") } в { CASE($place, case: "prep") } по вопросам { LIST($topics, case: "gen") }

workshop-lead = { dateline } { -office }{ $has-partner ->
        [true] { " " }совместно с { CASE($partner, case: "ins") }
       *[false] { "" }
    } провёл { $days ->
        [1] однодневный
        [2] двухдневный
        [3] трёхдневный
        [4] четырёхдневный
        [5] пятидневный
       *[other] { $days }-дневный
    } семинар по вопросам { LIST($topics, case: "gen") } для { CASE($participants, case: "gen") }{ $has-origin ->
        [true] { " " }из { CASE($origin, case: "gen") }
       *[false] { "" }
    }.
