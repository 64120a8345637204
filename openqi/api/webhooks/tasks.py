"""The task worker's part: each attempt of a delivery, and the next one after a pause."""

from django_tasks import task

from openqi.api.webhooks.sending import delivery_attempt


@task()
def webhook_deliver(delivery_id: int) -> None:
    next_at = delivery_attempt(delivery_id=delivery_id)
    if next_at is None:
        return
    again = webhook_deliver
    if again.get_backend().supports_defer:
        again = again.using(run_after=next_at)
    # A backend that cannot wait (the tests' immediate one) tries again at once; the attempt
    # count still ends the delivery after MAX_ATTEMPTS.
    again.enqueue(delivery_id)
