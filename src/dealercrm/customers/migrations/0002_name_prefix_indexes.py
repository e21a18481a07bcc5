"""Prefix indexes for name, pinyin and initials search.

A btree index serves `LIKE 'abc%'` only with the right operator class: varchar_pattern_ops on PostgreSQL
(whatever the database collation), NOCASE on SQLite (whose LIKE is case-insensitive). Django's Index cannot
say either portably, hence raw SQL per vendor.
"""

from django.db import migrations

COLUMNS = {"customers_name_prefix": "name", "customers_pinyin_prefix": "name_pinyin",
           "customers_initials_prefix": "name_initials"}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for index, column in COLUMNS.items():
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX {index} ON customers_customer (dealer_id, {column} varchar_pattern_ops)")
        elif vendor == "sqlite":
            schema_editor.execute(f"CREATE INDEX {index} ON customers_customer (dealer_id, {column} COLLATE NOCASE)")
        else:
            schema_editor.execute(f"CREATE INDEX {index} ON customers_customer (dealer_id, {column})")


def drop(apps, schema_editor):
    for index in COLUMNS:
        schema_editor.execute(f"DROP INDEX {index}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
