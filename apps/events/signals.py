"""`order_changed`: Blend said an order changed (one of its order events), and the event's job has
just read the order from Blend and saved what it found (`OrderState`).

Arguments: `order_id` (str), `order` (the `apps.blend.models.orders.Order` just read), `event_id`
(the `Event`), and `changed` (bool: the read moved BlendAdmin's state of the order, i.e. Blend's
`updated_at` or status is newer than what was known; False when another event's job got there
first). It is not sent for an event older than what is known (nothing is read then).

Receivers run in the queue worker, inside the event's job, after the state is saved: an exception
fails the job, which is retried (the order read again and the signal sent again), so a receiver must
be idempotent. Connect in an app's `ready()`:

    from apps.events.signals import order_changed
    order_changed.connect(order_index_update, dispatch_uid="orders.index")
"""

from __future__ import annotations

from django.dispatch import Signal

order_changed = Signal()
