"""PostgreSQL: keep each ticket's search document in a stored generated column.

With the document only in the index expression, a query that walks tickets by date
(``ORDER BY created_at DESC LIMIT 25``) recomputed ``to_tsvector`` for every row it
passed. The stored column costs a little disk and makes that walk cheap. SQLite keeps
its FTS5 table (migration 0003).
"""

from django.db import migrations

DOCUMENT = (
    "to_tsvector('simple'::regconfig, coalesce(subject, '') || ' ' || coalesce(description, ''))"
)

FORWARD = [
    f"ALTER TABLE tickets_ticket ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "DROP INDEX IF EXISTS ticket_text_search",
    "CREATE INDEX ticket_text_search ON tickets_ticket USING gin (search_document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS ticket_text_search",
    "ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_document",
    f"CREATE INDEX ticket_text_search ON tickets_ticket USING gin ({DOCUMENT})",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_ticket_text_search")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
