## A round table. Variables: $participants (with its count),
## $participants-count, $topics, $has-partner, $partner (a co-organiser),
## $has-origin, $origin.

round-table-headline = { -office } holds round table on { LIST($topics) } in { $place }

round-table-lead = { dateline } The { -office }{ $has-partner ->
        [true] , together with { $partner },
       *[false] { "" }
    } held a round table on { LIST($topics) } that brought together { $participants }{ $has-origin ->
        [true] { " " }from { $origin }
       *[false] { "" }
    }.
