from django.db import migrations

MATRIX = {
    (1, 1): "P1",
    (1, 2): "P2",
    (1, 3): "P3",
    (2, 1): "P2",
    (2, 2): "P3",
    (2, 3): "P4",
    (3, 1): "P3",
    (3, 2): "P4",
    (3, 3): "P4",
}

CODES = [
    (
        "first-contact",
        "Opgelost bij eerste contact",
        "Résolu au premier contact",
        "Solved at first contact",
    ),
    ("solved", "Opgelost", "Résolu", "Solved"),
    ("workaround", "Omweg geboden", "Solution de contournement", "Workaround provided"),
    (
        "knowledge-article",
        "Opgelost met kennisartikel",
        "Résolu avec un article",
        "Solved with knowledge article",
    ),
    ("duplicate", "Dubbel ticket", "Ticket en double", "Duplicate"),
    (
        "no-response",
        "Geen reactie van klant",
        "Pas de réponse du client",
        "No response from customer",
    ),
    ("not-reproducible", "Niet reproduceerbaar", "Non reproductible", "Not reproducible"),
    ("referred", "Doorverwezen naar derde", "Renvoyé vers un tiers", "Referred to third party"),
]


def forwards(apps, schema_editor):
    PriorityRule = apps.get_model("tickets", "PriorityRule")
    ResolutionCode = apps.get_model("tickets", "ResolutionCode")
    for (impact, urgency), priority in MATRIX.items():
        PriorityRule.objects.get_or_create(
            impact=impact, urgency=urgency, defaults={"priority": priority}
        )
    for code, nl, fr, en in CODES:
        ResolutionCode.objects.get_or_create(
            code=code, defaults={"name_nl": nl, "name_fr": fr, "name_en": en}
        )


def backwards(apps, schema_editor):
    apps.get_model("tickets", "PriorityRule").objects.all().delete()
    apps.get_model("tickets", "ResolutionCode").objects.filter(
        code__in=[c[0] for c in CODES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
