from celery import shared_task


@shared_task(name="core.ping", ignore_result=False)
def ping() -> str:
    """A no-op task for health checks and the broker round-trip test."""
    return "pong"
