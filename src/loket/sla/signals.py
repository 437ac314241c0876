"""Keep clocks right when what they depend on changes outside the ticket services.

A change to a calendar, policy, target or the category tree invalidates every process's
compiled configuration and recomputes open tickets in the background; a contract change
recomputes the open tickets of that organisation.
"""

import secrets

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from loket.directory.models import Contract
from loket.sla import tasks
from loket.sla.models import (
    Calendar,
    ClosureDay,
    ConfigRevision,
    SlaPolicy,
    SlaTarget,
    WorkingHours,
)
from loket.tickets.models import OPEN_STATUSES, Category, Ticket

CONFIG_MODELS = (Calendar, WorkingHours, ClosureDay, SlaPolicy, SlaTarget, Category)


def _recompute_after_commit():
    tasks.recompute_open_tickets.enqueue()


def bump_revision() -> None:
    """Tell every process its compiled configuration is stale. A random value, not a
    counter: a rolled-back change must never leave a number that a later change reuses
    for a different configuration."""
    ConfigRevision.objects.update_or_create(pk=1, defaults={"value": secrets.randbits(62)})


def _config_changed(**kwargs):
    if kwargs.get("raw"):
        return
    bump_revision()
    # One recompute per transaction, however many rows the admin form saved.
    queued = transaction.get_connection().run_on_commit
    if not any(entry[1] is _recompute_after_commit for entry in queued):
        transaction.on_commit(_recompute_after_commit)


for model in CONFIG_MODELS:
    post_save.connect(_config_changed, sender=model, dispatch_uid=f"sla-save-{model.__name__}")
    post_delete.connect(_config_changed, sender=model, dispatch_uid=f"sla-delete-{model.__name__}")


@receiver(m2m_changed, sender=SlaPolicy.categories.through, dispatch_uid="sla-categories")
def _policy_categories_changed(action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _config_changed()


@receiver(post_save, sender=Contract, dispatch_uid="sla-contract-save")
@receiver(post_delete, sender=Contract, dispatch_uid="sla-contract-delete")
def _contract_changed(instance, raw=False, **kwargs):
    if raw:
        return
    ids = list(
        Ticket.objects.filter(
            organisation_id=instance.organisation_id, status__in=OPEN_STATUSES
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: tasks.recompute_open_tickets.enqueue(ids))
