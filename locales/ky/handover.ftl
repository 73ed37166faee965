## Жабдууларды өткөрүп берүү. Өзгөрмөлөр: $recipient, $items, $items-count.

handover-headline = { -office } { CASE($recipient, case: "dat") } { LIST($items) } тапшырды

handover-lead = { dateline } { -office } { CASE($recipient, case: "dat") } { LIST($items) } тапшырды.
