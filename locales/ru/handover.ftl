## Передача оборудования. Переменные: $recipient, $items, $items-count.

handover-headline = { -office } передал { CASE($recipient, case: "dat") } { LIST($items, case: "acc") }

handover-lead = { dateline } { -office } передал { CASE($recipient, case: "dat") } { LIST($items, case: "acc") }.
