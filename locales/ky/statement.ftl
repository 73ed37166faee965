## Кеңсе башчысынын билдирүүсү. Өзгөрмөлөр: $head (адам), $head-position,
## $topics. Андан кийинки абзацтар — билдирүүнүн тексти.

statement-headline = { $head-position } { $head } { LIST($topics) } боюнча билдирүү жасады

statement-lead = { dateline } { $head-position } { $head } { LIST($topics) } боюнча төмөнкүдөй билдирүү жасады:
