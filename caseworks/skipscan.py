"""The distinct values of an indexed column, one index probe per value (a "loose index scan").

A `SELECT DISTINCT` reads every row; when a column has few distinct values over many rows (a
nationality over 50,000 cases, the caseworker of each assignment) this recursive query asks
the column's B-tree index for the smallest value, then for the next one after it, and so on:
one probe per distinct value. PostgreSQL and SQLite both run it.
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models.expressions import RawSQL


def distinct_values_sql(model: type[models.Model], field: str, *, above=None) -> tuple[str, list]:
    """SQL and parameters selecting the distinct non-null values of `model.field`, greater
    than `above` when given (e.g. "" to leave out blank strings), in ascending order."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    first, params = (f"WHERE {column} > %s", [above]) if above is not None else ("", [])
    # Names come from our own model metadata, quoted; values are parameters.
    sql = (
        f"WITH RECURSIVE found(v) AS (SELECT MIN({column}) FROM {table} {first} "  # noqa: S608  # nosec B608
        f"UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.v) "
        "FROM found WHERE found.v IS NOT NULL) SELECT v FROM found WHERE v IS NOT NULL"
    )
    return sql, params


def distinct_values(model: type[models.Model], field: str, *, above=None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(*distinct_values_sql(model, field, above=above))
        return [value for (value,) in cursor.fetchall()]


def in_distinct_values(model: type[models.Model], field: str, *, above=None) -> RawSQL:
    """The same as a subquery, for `filter(pk__in=...)`: still one query for the caller."""
    sql, params = distinct_values_sql(model, field, above=above)
    return RawSQL(sql, params, output_field=model._meta.get_field(field))  # noqa: S611  # nosec B611
