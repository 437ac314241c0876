"""A working default: office hours in Brussels with Belgium's public holidays, a 24/7
calendar, and one catch-all policy. Administrators change or replace them."""

from datetime import time

from django.db import migrations

BELGIAN_PUBLIC_HOLIDAYS = [
    "New Year's Day",
    "Easter Sunday",
    "Easter Monday",
    "Labor Day",
    "Ascension Day",
    "Pentecost",
    "Pentecost Monday",
    "National Day",
    "Assumption Day",
    "All Saints' Day",
    "Armistice Day",
    "Christmas Day",
]

# Business minutes per priority: first response, next response, resolution.
# With 9-hour days: P3 resolves within 3 business days, P4 within 5.
TARGETS = {
    "P1": (30, 60, 4 * 60),
    "P2": (60, 4 * 60, 9 * 60),
    "P3": (4 * 60, 9 * 60, 27 * 60),
    "P4": (9 * 60, 18 * 60, 45 * 60),
}


def create(apps, schema_editor):
    Calendar = apps.get_model("sla", "Calendar")
    WorkingHours = apps.get_model("sla", "WorkingHours")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    SlaTarget = apps.get_model("sla", "SlaTarget")
    ConfigRevision = apps.get_model("sla", "ConfigRevision")
    office = Calendar.objects.create(
        name="Kantooruren Brussel", time_zone="Europe/Brussels", holidays=BELGIAN_PUBLIC_HOLIDAYS
    )
    WorkingHours.objects.bulk_create(
        WorkingHours(calendar=office, weekday=day, start=time(8), end=time(17))
        for day in range(5)
    )
    Calendar.objects.create(name="24/7", time_zone="Europe/Brussels", always_open=True)
    policy = SlaPolicy.objects.create(name="Standaard", position=100, calendar=office)
    SlaTarget.objects.bulk_create(
        SlaTarget(
            policy=policy,
            priority=priority,
            first_response_minutes=first,
            next_response_minutes=following,
            resolution_minutes=resolution,
        )
        for priority, (first, following, resolution) in TARGETS.items()
    )
    ConfigRevision.objects.update_or_create(pk=1, defaults={"value": 1})


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
