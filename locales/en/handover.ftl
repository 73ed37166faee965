## A handover of equipment. Variables: $recipient, $items, $items-count.

handover-headline = { -office } hands over { LIST($items) } to { $recipient }

handover-lead = { dateline } The { -office } handed over { LIST($items) } to { $recipient }.
