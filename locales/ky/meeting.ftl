## Жолугушуу. Өзгөрмөлөр: $host, $guest (адамдар), $host-position,
## $guest-position, $host-recent ("true" — жакында дайындалган),
## $partner, $topics, $topics-count.

meeting-headline = { $host-position } { $host } { $guest-position } { $guest } менен жолукту

# "Жакында дайындалган" кызмат аталышынын ичине кирет, ошондуктан
# кызмат терминдери [recent] формасын берет.
meeting-lead = { dateline } { $host-recent ->
        [true] { CASE($host-position, case: "recent") }
       *[false] { $host-position }
    } { $host } { $guest-position } { $guest } менен жолукту.

meeting-cooperation = Жолугушуунун жүрүшүндө тараптар ЕККУ менен { CASE($partner, case: "gen") } ортосундагы андан аркы кызматташтык боюнча пикир алмашышты.

meeting-topics = Атап айтканда, алар ЕККУнун Кыргызстандагы долбоорлор портфелин { LIST($topics) } сыяктуу тармактарда кеңейтүү мүмкүнчүлүгүн талкуулашты.
