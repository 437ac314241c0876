"""Full-text index over ticket subject and description.

PostgreSQL: a GIN index on to_tsvector('simple', subject || description).
SQLite: an FTS5 table kept in step with the ticket table by triggers.
The expressions here and in loket/tickets/search.py must stay identical.
"""

from django.db import migrations

PG_FORWARD = """
CREATE INDEX ticket_text_search ON tickets_ticket USING gin (
    to_tsvector('simple'::regconfig, coalesce(subject, '') || ' ' || coalesce(description, ''))
);
"""
PG_BACKWARD = "DROP INDEX IF EXISTS ticket_text_search;"

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE tickets_ticket_fts USING fts5(
        subject, description, content='tickets_ticket', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER tickets_ticket_fts_insert AFTER INSERT ON tickets_ticket BEGIN
        INSERT INTO tickets_ticket_fts(rowid, subject, description)
        VALUES (new.id, new.subject, new.description);
    END""",
    """CREATE TRIGGER tickets_ticket_fts_delete AFTER DELETE ON tickets_ticket BEGIN
        INSERT INTO tickets_ticket_fts(tickets_ticket_fts, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    END""",
    """CREATE TRIGGER tickets_ticket_fts_update AFTER UPDATE OF subject, description
        ON tickets_ticket BEGIN
        INSERT INTO tickets_ticket_fts(tickets_ticket_fts, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
        INSERT INTO tickets_ticket_fts(rowid, subject, description)
        VALUES (new.id, new.subject, new.description);
    END""",
    "INSERT INTO tickets_ticket_fts(tickets_ticket_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_ticket_fts_insert",
    "DROP TRIGGER IF EXISTS tickets_ticket_fts_delete",
    "DROP TRIGGER IF EXISTS tickets_ticket_fts_update",
    "DROP TABLE IF EXISTS tickets_ticket_fts",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_default_priority_matrix_and_resolution_codes")]
    operations = [migrations.RunPython(forwards, backwards)]
