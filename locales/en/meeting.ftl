## A meeting. Variables: $host, $guest (people), $host-position,
## $guest-position, $host-recent ("true" when recently appointed),
## $partner, $topics, $topics-count.

meeting-headline = { $host-position } { $host } met with { $guest-position } { $guest }

meeting-lead = { dateline } { $host-recent ->
        [true] The recently appointed
       *[false] The
    } { $host-position }, { $host }, met with the { $guest-position }, { $guest }.

meeting-cooperation = During the meeting, they exchanged views regarding further co-operation between the OSCE and { $partner }.

meeting-topics = In particular, they discussed the possible expansion of the OSCE's project portfolio in Kyrgyzstan in the areas of, inter alia, { LIST($topics) }.
