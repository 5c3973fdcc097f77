"""Change history of cases, read from django-simple-history's tables.

Two readers: the history page of one case (`case_history`: who changed what, when, before and
after) and the dashboard's "recent changes by others" (`recent_changes`). Both read the same
list of models, `history_models()`, which comes from the access rule
(`caseworks.access.case_history_models`): it leaves out `PrivilegedNote` on purpose, as
privileged notes are for the assigned lawyers' eyes only and a history page is seen by
caseworkers too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Value
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from caseworks import access
from caseworks.choices import choice_label
from deportation.models import Removal
from detention.models import DetentionStay

from .enums import AssignmentRole
from .models import (
    Appeal,
    AssignmentChange,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Deadline,
    Document,
    Hearing,
    HomeCountryCharge,
)


@cache
def history_models() -> tuple[type[models.Model], ...]:
    """The models whose changes a case's history shows to everyone who sees the case, in a
    fixed order (`recent_changes` tags its rows by position): caseworks.access's list, which
    leaves out privileged notes and case files. A model added with a `seeker` and a history
    shows up here by itself."""
    return tuple(access.case_history_models(privileged=False))


# Bookkeeping that says nothing to a reader, or that names the stored file.
HIDDEN_FIELDS = {"id", "seeker", "created_at", "updated_at", "search_text", "file", "sha256"}
ANCHORS = {
    Hearing: "hearing",
    Appeal: "appeal",
    HomeCountryCharge: "charge",
    ContactLog: "contact",
    Document: "document",
    DetentionStay: "stay",
    ContactPerson: "contact-person",
    Deadline: "deadline",
    Removal: "removal",
}
ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Logs whose every row is itself a change, written once: a new row reads "changed".
LOGS = {AssignmentChange}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    when: datetime
    user: object  # the author, or None for imports and the system
    model: type[models.Model]
    object_id: int
    action: str
    seeker_id: int
    fields: tuple[FieldChange, ...] = ()
    summary: str = ""  # one line instead of fields (assignments: "Lawyers: added Jane Doe")

    @classmethod
    def of(
        cls,
        model: type[models.Model],
        record,
        *,
        user,
        fields: tuple[FieldChange, ...] = (),
        summary: str = "",
    ):
        """The change one historical row of `model` records, made by `user`."""
        return cls(
            when=record.history_date,
            user=user,
            model=model,
            object_id=record.id,
            action=record.history_type,
            seeker_id=getattr(record, _seeker_column(model)),
            fields=fields,
            summary=summary,
        )

    @property
    def record_label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def action_label(self) -> str:
        action = "~" if self.model in LOGS and self.action == "+" else self.action
        return str(ACTIONS.get(action, action))

    @property
    def anchor(self) -> str:
        prefix = ANCHORS.get(self.model)
        return f"{prefix}-{self.object_id}" if prefix else ""


def _seeker_column(model: type[models.Model]) -> str:
    return "id" if model is AsylumSeeker else "seeker_id"


def _history_select(model: type[models.Model], tag: int, *columns: str) -> str:
    """SELECT ... FROM `model`'s history table: the columns every history reader needs, the
    case's id as case_id and `tag` (the model's place in `history_models()`), then `columns`.
    Names come from our own models, values are parameters of the caller's WHERE."""
    quote = connection.ops.quote_name
    case = quote(_seeker_column(model))
    extra = "".join(f", {column}" for column in columns)
    return (
        "SELECT history_date, history_id, history_type, history_user_id, id, "  # noqa: S608  # nosec B608
        f"{case} AS case_id, {tag} AS history_table{extra} "
        f"FROM {quote(model.history.model._meta.db_table)} "
    )


def _recent_changes_sql(user, limit: int, *, mine: bool = False) -> tuple[str, list]:
    """The UNION ALL of `recent_changes`, written out from the history models' tables.

    The same query the ORM built from ten querysets (exclude the user's own changes, keep
    the cases they may see), whose composing and compiling cost 12 ms a dashboard for a
    query that runs in 1. The cases the user may see still come from
    `AsylumSeeker.objects.visible_to(user)`, compiled once.
    """
    quote = connection.ops.quote_name
    everyone = access.case_scope(user) is access.CaseScope.ALL and not mine
    if not everyone:
        cases = AsylumSeeker.objects.visible_to(user)
        if mine:
            cases = cases.assigned_to(user)
        visible, visible_params = cases.order_by().values("pk").query.sql_with_params()
    limit_parts = connection.features.supports_slicing_ordering_in_compound
    parts, params = [], []
    for tag, model in enumerate(history_models()):
        case = quote(_seeker_column(model))
        part = (
            _history_select(model, tag) + "WHERE (history_user_id IS NULL OR history_user_id <> %s)"
        )
        params.append(user.pk)
        if not everyone:
            part += f" AND {case} IN ({visible})"
            params += visible_params
        if limit_parts:
            part = f"({part} ORDER BY history_date DESC, history_id DESC LIMIT %s)"
            params.append(limit)
        parts.append(part)
    sql = " UNION ALL ".join(parts) + " ORDER BY 1 DESC, 2 DESC LIMIT %s"
    return sql, [*params, limit]


def _shown_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS and f.editable]


def _display(field: models.Field, value, labels: dict) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return labels.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(choice_label(field, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _related(records: list) -> tuple[dict, dict]:
    """Names of the rows the history points at (facility, statute, hearing, user...) and the
    authors of the history rows: one query per related model however many records there
    are, the authors in the same query as the other users named (usually the one who logged
    a call or uploaded a file is the author of that row)."""
    user_model = get_user_model()
    wanted: dict = defaultdict(set)
    wanted[user_model] = {r.history_user_id for _m, r in records} - {None}
    for model, record in records:
        if model is AssignmentChange:  # the people put on or taken off the case
            wanted[user_model].update(record.added or (), record.removed or ())
        for f in _shown_fields(model):
            value = getattr(record, f.attname)
            if f.is_relation and value is not None:
                wanted[f.related_model].add(value)
    labels, authors = {}, {}
    for related, ids in wanted.items():
        for obj in related._base_manager.filter(pk__in=ids) if ids else ():
            labels[(related, obj.pk)] = str(obj)
            if related is user_model:
                authors[obj.pk] = obj
    return labels, authors


# How `_case_history_sql` puts fields of different tables into shared columns: one kind of
# column per kind of value, so the UNION stays ~30 columns wide instead of one per field.
_SLOT_KINDS = {
    **dict.fromkeys(("CharField", "TextField", "SlugField", "EmailField", "URLField"), "text"),
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "SmallIntegerField",
            "IntegerField",
            "BigIntegerField",
            "PositiveSmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
        ),
        "int",
    ),
    "DateField": "date",
    "DateTimeField": "datetime",
    "TimeField": "time",
    "BooleanField": "bool",
}
_SLOT_TYPES = {
    "text": models.TextField(),
    "int": models.BigIntegerField(),
    "date": models.DateField(),
    "datetime": models.DateTimeField(),
    "time": models.TimeField(),
    "bool": models.BooleanField(),
}


def _slot_kind(field: models.Field) -> str:
    target = field.target_field if field.is_relation else field
    # Anything else (a decimal, JSON) gets a column of its own.
    return _SLOT_KINDS.get(target.get_internal_type(), f"{field.model._meta.label}.{field.name}")


@dataclass(frozen=True)
class _HistorySql:
    sql: str  # the UNION ALL; one parameter per table: the case's id
    parts: int
    # Per table (in history_models() order): the history model's fields and, for each, its
    # column in a result row.
    fields: tuple[tuple[tuple[models.Field, int], ...], ...]


_HEAD = ("history_date", "history_id", "history_type", "history_user_id", "id", "case_id")
_TAG = len(_HEAD)  # the column that says which table a row comes from


@cache
def _case_history_sql(vendor: str) -> _HistorySql:
    """One UNION ALL over every history table of a case, built once per process.

    Each table's shown fields go into shared columns by kind (the first text field into the
    first text column...); a table without such a field fills it with a NULL cast to the
    column's type (PostgreSQL types a UNION pairwise, and NULL beside NULL would be text).
    Rows are ordered by date, then table, then history id: the order the ten queries of the
    version before this gave.
    """
    quote = connection.ops.quote_name
    placed = []  # per table: [(field, kind, index among that kind)]
    width: dict[str, int] = {}  # kind -> how many columns of it
    kind_field: dict[str, models.Field] = {}
    for model in history_models():
        taken: dict[str, int] = defaultdict(int)
        mine = []
        for f in _shown_fields(model):
            kind = _slot_kind(f)
            mine.append((f, kind, taken[kind]))
            taken[kind] += 1
            kind_field.setdefault(kind, _SLOT_TYPES.get(kind, f))
        for kind, count in taken.items():
            width[kind] = max(width.get(kind, 0), count)
        placed.append(mine)
    slots = [(kind, i) for kind in sorted(width) for i in range(width[kind])]
    position = {slot: _TAG + 1 + n for n, slot in enumerate(slots)}
    parts, fields = [], []
    for tag, (model, mine) in enumerate(zip(history_models(), placed, strict=True)):
        history = model.history.model
        by_slot = {(kind, i): f for f, kind, i in mine}
        columns = [
            quote(by_slot[slot].column)
            if slot in by_slot
            else f"CAST(NULL AS {kind_field[slot[0]].cast_db_type(connection)})"
            for slot in slots
        ]
        case = quote(_seeker_column(model))
        parts.append(_history_select(model, tag, *columns) + f"WHERE {case} = %s")
        head = [(history._meta.get_field(name), n) for n, name in enumerate(_HEAD[:-1])]
        if model is not AsylumSeeker:
            head.append((history._meta.get_field("seeker"), _HEAD.index("case_id")))
        shown = [(history._meta.get_field(f.name), position[(k, i)]) for f, k, i in mine]
        order = {f.attname: n for n, f in enumerate(history._meta.concrete_fields)}
        # In the model's field order, as `from_db` takes them.
        fields.append(tuple(sorted(head + shown, key=lambda pair: order[pair[0].attname])))
    sql = " UNION ALL ".join(parts) + f" ORDER BY 1, {_TAG + 1}, 2"
    return _HistorySql(sql=sql, parts=len(parts), fields=tuple(fields))


def _history_records(seeker: AsylumSeeker) -> list[tuple[type[models.Model], models.Model]]:
    """(model, historical row) of every change to the case, oldest first, from one query.

    The rows are built as the ORM builds them (`from_db`, each value through its field's and
    the database's converters), holding only the columns the history page reads.
    """
    plan = _case_history_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, [seeker.pk] * plan.parts)
        rows = cursor.fetchall()
    tables = history_models()
    readers = []  # per table: the history model, its attnames, and (column, converters)
    for model, fields in zip(tables, plan.fields, strict=True):
        columns = []
        for f, n in fields:
            col = f.get_col(f.model._meta.db_table)
            converters = [
                *connection.ops.get_db_converters(col),
                *col.get_db_converters(connection),
            ]
            columns.append((n, col, converters))
        readers.append((model.history.model, [f.attname for f, _n in fields], columns))
    records = []
    for row in rows:
        tag = row[_TAG]
        history, names, columns = readers[tag]
        values = []
        for n, col, converters in columns:
            value = row[n]
            for convert in converters:
                value = convert(value, col, connection)
            values.append(value)
        records.append((tables[tag], history.from_db(connection.alias, names, values)))
    return records


def _assignment_summary(record, users: dict) -> str:
    """The line of one assignment change ("Lawyers: added Jane Doe; removed John Roe"), the
    users named as they are now."""

    def names(ids) -> str:
        return ", ".join(users[pk].display_name if pk in users else f"#{pk}" for pk in ids)

    parts = []
    if record.added:
        parts.append(gettext("added %(names)s") % {"names": names(record.added)})
    if record.removed:
        parts.append(gettext("removed %(names)s") % {"names": names(record.removed)})
    return gettext("%(role)s: %(changes)s") % {
        "role": capfirst(AssignmentRole(record.role).label),
        "changes": "; ".join(parts),
    }


def case_history(seeker: AsylumSeeker) -> list[Change]:
    """Every change to the person and their records, newest first, with before/after values.

    Reads the whole history of one case in one query, so each version is compared with the
    one before it in Python instead of one query per row.
    """
    records = _history_records(seeker)
    labels, authors = _related(records)
    previous: dict = {}
    changes = []
    for model, record in records:
        author = authors.get(record.history_user_id)
        if model is AssignmentChange and record.history_type == "+":
            summary = _assignment_summary(record, authors)
            changes.append(Change.of(model, record, user=author, summary=summary))
            continue
        key = (model, record.id)
        before = previous.get(key)
        previous[key] = record
        diffs = []
        for f in _shown_fields(model):
            old = getattr(before, f.attname) if before is not None else None
            new = getattr(record, f.attname)
            if record.history_type == "-" or old == new or (before is None and new in ("", None)):
                continue
            diffs.append(
                FieldChange(
                    str(f.verbose_name),
                    _display(f, old, labels) if before is not None else "",
                    _display(f, new, labels),
                )
            )
        if record.history_type == "~" and not diffs:
            continue  # a save that changed nothing shown (e.g. only the search column)
        changes.append(Change.of(model, record, user=author, fields=tuple(diffs)))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


@dataclass(frozen=True)
class RecentChange:
    change: Change
    seeker: AsylumSeeker


def recent_changes(user, *, limit: int = 20, mine: bool = False) -> list[RecentChange]:
    """The last `limit` changes by someone else to cases `user` may see (`mine`: to the cases
    `user` is assigned to).

    One UNION ALL over the history tables, ordered by the indexed history date and limited,
    then one query for the authors and one for the people the changes belong to: three
    queries however large the tables grow. Where the database allows it (PostgreSQL), every
    table's part is limited too, so each reads its last `limit` rows backwards along its
    history_date index; without that the whole UNION (every audit row) was sorted.
    """
    sql, params = _recent_changes_sql(user, limit, mine=mine)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    when = Value(None, output_field=models.DateTimeField())
    converters = connection.ops.get_db_converters(when)
    for row in rows:
        for convert in converters:  # as the ORM reads a datetime (aware, from SQLite too)
            row["history_date"] = convert(row["history_date"], when, connection)
    authors = get_user_model().objects.in_bulk({r["history_user_id"] for r in rows} - {None})
    seekers = AsylumSeeker.objects.visible_to(user).in_bulk({r["case_id"] for r in rows})
    tagged = history_models()
    return [
        RecentChange(
            Change(
                when=row["history_date"],
                user=authors.get(row["history_user_id"]),
                model=tagged[row["history_table"]],
                object_id=row["id"],
                action=row["history_type"],
                seeker_id=row["case_id"],
            ),
            seekers[row["case_id"]],
        )
        for row in rows
        if row["case_id"] in seekers
    ]
