## A statement by the head of office. Variables: $head (a person),
## $head-position, $topics. The paragraphs that follow are the statement.

statement-headline = { $head-position } { $head } issues statement on { LIST($topics) }

statement-lead = { dateline } The { $head-position }, { $head }, issued the following statement on { LIST($topics) }:
