## A visit by the head of office to a region, town or institution.
## Variables: $host (a person), $host-position, $place (where), $has-recipient,
## $recipient (an institution visited), $topics.

visit-headline = { $host-position } { $host } visits { $place }

visit-lead = { dateline } The { $host-position }, { $host }, paid a working visit to { $place }{ $has-recipient ->
        [true] , where { GENDER($host) ->
            [female] she
           *[male] he
        } visited { $recipient }
       *[false] { "" }
    }.

visit-topics = During the visit, { GENDER($host) ->
        [female] she
       *[male] he
    } discussed { LIST($topics) } with representatives of the local authorities.
