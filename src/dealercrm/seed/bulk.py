"""Raw bulk loading for the seeder: COPY on PostgreSQL, executemany on SQLite, ids allocated up front.

The ORM's bulk_create spends ~50 µs a row building model instances; a data load of millions of rows does not
need them. Column lists come from the models' metadata, so a renamed field fails loudly here, not silently.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Max, Model


class Table:
    """Rows for one table, given in the order of `fields`; every other column gets its model default."""

    def __init__(self, model: type[Model], fields: list[str]):
        self.model = model
        self.name = model._meta.db_table
        given = [model._meta.get_field(f) for f in fields]
        rest = [f for f in model._meta.concrete_fields if f not in given and not f.primary_key]
        self.columns = [f.column for f in given + rest]
        self.defaults = tuple(f.get_default() if f.has_default() or not f.null else None for f in rest)
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        self.rows.append(values + self.defaults)


def next_id(model: type[Model]) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def db_datetime(value: datetime) -> str:
    """An aware datetime as the text each backend stores (naive UTC on SQLite, with offset on PostgreSQL).

    Convert once when generating, not per value at write time: a load writes millions of them.
    """
    return datetime_text()(value)


def datetime_text() -> Callable[[datetime], str]:
    """db_datetime for the current backend, with the backend looked up once (a load converts millions)."""
    if connection.vendor == "sqlite":
        return lambda value: value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return lambda value: value.astimezone(UTC).isoformat(" ")


def write(tables: list[Table]) -> int:
    """Write every table's rows in the given order (parents first); returns the number of rows."""
    written = 0
    with connection.cursor() as cursor:
        for table in tables:
            if not table.rows:
                continue
            columns = ", ".join(table.columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                    for row in table.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(
                    f"INSERT INTO {table.name} ({columns}) VALUES ({marks})",
                    table.rows,
                )
            written += len(table.rows)
            table.rows.clear()
    return written


def reset_sequences(models: list[type[Model]]) -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the largest id."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "
                f"COALESCE((SELECT MAX({pk}) FROM {table}), 1))"
            )
