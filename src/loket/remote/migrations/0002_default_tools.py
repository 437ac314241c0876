"""The usual remote-support tools, so that agents can ask consent from the first day.
Administrators add, rename, reorder or switch them off in the admin."""

from django.db import migrations

TOOLS = [
    ("Quick Assist", 10, "security code", ""),
    ("TeamViewer", 20, "partner ID", ""),
    ("AnyDesk", 30, "AnyDesk address", ""),
    ("RustDesk", 40, "ID", ""),
]


def create(apps, schema_editor):
    RemoteTool = apps.get_model("remote", "RemoteTool")
    for name, position, hint, url in TOOLS:
        RemoteTool.objects.get_or_create(
            name=name,
            defaults={"position": position, "reference_hint": hint, "url_template": url},
        )


def remove(apps, schema_editor):
    RemoteTool = apps.get_model("remote", "RemoteTool")
    RemoteTool.objects.filter(name__in=[t[0] for t in TOOLS], consents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("remote", "0001_consents_and_sessions")]

    operations = [migrations.RunPython(create, remove)]
