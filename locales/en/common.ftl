## Shared by every release kind: dates, datelines, the office, the closing.
## Variables: $day, $month (numbers), $year (text), $place (a -place- term).

release-date = { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }

# The start of every lead paragraph: "3 June 2021, BISHKEK –".
dateline = { release-date }, { UPPER($place) } –

-office = OSCE Programme Office in Bishkek

closing-office = The activity is part of the long-term support that the { -office } provides to the host country.
