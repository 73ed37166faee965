## Встреча. Переменные: $host, $guest (люди), $host-position,
## $guest-position, $host-recent ("true" — недавно назначен),
## $partner, $topics, $topics-count.

# Прошедшее время согласуется с родом принимающей стороны.
meeting-headline = { $host-position } { $host } { GENDER($host) ->
        [female] встретилась
       *[male] встретился
    } с { CASE($guest-position, case: "ins") } { CASE($guest, case: "ins") }

meeting-lead = { dateline } { $host-recent ->
        [true] { GENDER($host) ->
            [female] Недавно назначенная
           *[male] Недавно назначенный
        } { $host-position }
       *[false] { $host-position }
    } { $host } { GENDER($host) ->
        [female] встретилась
       *[male] встретился
    } с { CASE($guest-position, case: "ins") } { CASE($guest, case: "ins") }.

meeting-cooperation = В ходе встречи стороны обменялись мнениями о дальнейшем сотрудничестве между ОБСЕ и { CASE($partner, case: "ins") }.

# Офис перечисляет темы через запятую, последнюю — через «а также».
meeting-topics = В частности, они обсудили возможное расширение портфеля проектов ОБСЕ в Кыргызстане в таких областях, как { LIST($topics, last: ", а также ") }.
