"""Background work of the SLA engine (Django Tasks, run by ``loket worker``)."""

from django.tasks import task

from loket.sla import services


@task
def recompute_open_tickets(ticket_ids: list[int] | None = None) -> int:
    """Rewrite the SLA snapshot of open tickets after a configuration or contract change."""
    return services.recompute(ticket_ids)


@task
def sweep() -> dict:
    """One SLA sweep: warnings and breaches that came due."""
    from loket.sla.sweep import sweep as run

    return run().as_dict()
