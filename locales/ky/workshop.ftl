## Семинар. Өзгөрмөлөр: $participants (саны менен), $participants-count,
## $days, $topics, $has-partner, $partner (биргелешкен уюштуруучу),
## $has-origin, $origin.

workshop-headline = { -office } { CASE($place, case: "loc") } { CASE($participants, case: "dat") } { LIST($topics) } боюнча семинар өткөрдү

workshop-lead = { dateline } { -office }{ $has-partner ->
        [true] { " " }{ $partner } менен биргеликте
       *[false] { "" }
    }{ $has-origin ->
        [true] { " " }{ CASE($origin, case: "abl") } келген
       *[false] { "" }
    } { $participants } үчүн { LIST($topics) } боюнча { $days ->
        [1] бир
        [2] эки
        [3] үч
        [4] төрт
        [5] беш
       *[other] { $days }
    } күндүк семинар уюштурду.
