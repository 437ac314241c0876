from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("article", "Article"), ("ticket", "Ticket"), ("problem", "Known problem")], max_length=10, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object")),
                ("language", models.CharField(max_length=2, verbose_name="language")),
                ("audience", models.CharField(blank=True, max_length=10, verbose_name="audience")),
                ("status", models.CharField(blank=True, max_length=20, verbose_name="status")),
                ("category_id", models.PositiveIntegerField(blank=True, null=True, verbose_name="category")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("title_terms", models.TextField(blank=True)),
                ("body_terms", models.TextField(blank=True)),
                ("updated_at", models.DateTimeField(verbose_name="updated")),
            ],
            options={"verbose_name": "search entry", "verbose_name_plural": "search entries"},
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=40, unique=True)),
                ("word", models.CharField(max_length=40)),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(fields=("kind", "object_id", "language"), name="search_entry_unique"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["kind", "status"], name="search_entry_kind"),
        ),
    ]
