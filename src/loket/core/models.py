"""What several apps' models share. Only abstract models here: the core app has no tables."""

from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only history
    (ticket timeline events, consent audit entries)."""


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes are refused too: the history is written once and never changed."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only")


class AppendOnlyModel(models.Model):
    """A row that is inserted once and then never updated or deleted, one at a time or in
    bulk. (A foreign key's ``on_delete`` still applies: a ticket's events go with it.)"""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows are append-only")
