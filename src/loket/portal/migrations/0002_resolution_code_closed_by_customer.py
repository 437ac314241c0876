from django.db import migrations

CODE = ("closed-by-customer", "Afgesloten door klant", "Clôturé par le client", "Closed by customer")


def forwards(apps, schema_editor):
    ResolutionCode = apps.get_model("tickets", "ResolutionCode")
    code, nl, fr, en = CODE
    ResolutionCode.objects.get_or_create(
        code=code, defaults={"name_nl": nl, "name_fr": fr, "name_en": en}
    )


def backwards(apps, schema_editor):
    ResolutionCode = apps.get_model("tickets", "ResolutionCode")
    Ticket = apps.get_model("tickets", "Ticket")
    if not Ticket.objects.filter(resolution_code__code=CODE[0]).exists():
        ResolutionCode.objects.filter(code=CODE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_login_tokens"),
        ("tickets", "0002_default_priority_matrix_and_resolution_codes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
