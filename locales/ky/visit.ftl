## Кеңсе башчысынын аймакка, шаарга же мекемеге сапары. Өзгөрмөлөр: $host
## (адам), $host-position, $place (кайда), $has-recipient, $recipient
## (барган мекемеси), $topics.

visit-headline = { $host-position } { $host } { CASE($place, case: "dat") } барды

visit-lead = { dateline } { $host-position } { $host } { CASE($place, case: "dat") } иш сапары менен { $has-recipient ->
        [true] барып, { CASE($recipient, case: "gen") } иши менен таанышты
       *[false] барды
    }.

visit-topics = Сапардын жүрүшүндө { $host } жергиликтүү бийликтин өкүлдөрү менен { LIST($topics) } боюнча маселелерди талкуулады.
