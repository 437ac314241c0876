"""Background work of the knowledge base (Django Tasks, run by ``loket worker``)."""

from django.tasks import task

from loket.knowledge import services


@task
def publish_scheduled_articles() -> int:
    """Publish the articles whose scheduled publication time has come."""
    return services.publish_due_articles()
