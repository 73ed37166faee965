## A workshop or seminar. Variables: $participants (with its count),
## $participants-count, $days, $topics, $has-partner, $partner (a
## co-organiser), $has-origin, $origin.

workshop-headline = { -office } holds workshop on { LIST($topics) } for { $participants } in { $place }

workshop-lead = { dateline } The { -office }{ $has-partner ->
        [true] , together with { $partner },
       *[false] { "" }
    } held a { $days ->
        [1] one-day
        [2] two-day
        [3] three-day
        [4] four-day
        [5] five-day
       *[other] { $days }-day
    } workshop on { LIST($topics) } for { $participants }{ $has-origin ->
        [true] { " " }from { $origin }
       *[false] { "" }
    }.
