## Круглый стол. Переменные: $participants (с числом), $participants-count,
## $topics, $has-partner, $partner (соорганизатор), $has-origin, $origin.

round-table-headline = { -office } провёл в { CASE($place, case: "prep") } круглый стол по вопросам { LIST($topics, case: "gen") }

round-table-lead = { dateline } { -office }{ $has-partner ->
        [true] { " " }совместно с { CASE($partner, case: "ins") }
       *[false] { "" }
    } провёл круглый стол по вопросам { LIST($topics, case: "gen") } с участием { CASE($participants, case: "gen") }{ $has-origin ->
        [true] { " " }из { CASE($origin, case: "gen") }
       *[false] { "" }
    }.
