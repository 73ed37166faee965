## Окутуу. Өзгөрмөлөр: $participants (саны менен), $participants-count,
## $days, $topics, $has-origin, $origin.

training-headline = { -office } { CASE($place, case: "loc") } { CASE($participants, case: "acc") } { LIST($topics) } боюнча окутту

training-lead = { dateline } { -office }{ $has-origin ->
        [true] { " " }{ CASE($origin, case: "abl") } келген
       *[false] { "" }
    } { $participants } үчүн { LIST($topics) } боюнча { $days ->
        [1] бир
        [2] эки
        [3] үч
        [4] төрт
        [5] беш
       *[other] { $days }
    } күндүк окуу курсун уюштурду.
