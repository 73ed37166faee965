## Тегерек үстөл. Өзгөрмөлөр: $participants (саны менен),
## $participants-count, $topics, $has-partner, $partner (биргелешкен
## уюштуруучу), $has-origin, $origin.

round-table-headline = { -office } { CASE($place, case: "loc") } { LIST($topics) } боюнча тегерек үстөл өткөрдү

round-table-lead = { dateline } { -office }{ $has-partner ->
        [true] { " " }{ $partner } менен биргеликте
       *[false] { "" }
    } { LIST($topics) } боюнча тегерек үстөл өткөрдү. Тегерек үстөлгө{ $has-origin ->
        [true] { " " }{ CASE($origin, case: "abl") } келген
       *[false] { "" }
    } { $participants } катышты.
