## A training course. Variables: $participants (with its count),
## $participants-count, $days, $topics, $has-origin, $origin.

training-headline = { -office } trains { $participants } in { $place } on { LIST($topics) }

training-lead = { dateline } The { -office } organized a { $days ->
        [1] one-day
        [2] two-day
        [3] three-day
        [4] four-day
        [5] five-day
       *[other] { $days }-day
    } training course for { $participants }{ $has-origin ->
        [true] { " " }from { $origin }
       *[false] { "" }
    } on { LIST($topics) }.
