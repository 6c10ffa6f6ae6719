"""Lists of records, sorted, filtered and paged in SQL: a page never loads the whole table.

Each record kind that has a list declares a :class:`ListSpec`: the columns a table view shows
(SQL expressions over the kind's generated columns, with the defender's pseudonym joined in),
the columns it may sort by and the filters it accepts. Only these names reach SQL; values are
always bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection

MAX_PAGE = 500


@dataclass(frozen=True)
class ListSpec:
    kind: str
    table: str
    #: column name → SQL expression (table alias ``r``, joined defender ``d``)
    columns: dict[str, str]
    #: sort key → SQL expression
    sorts: dict[str, str]
    default_sort: str
    default_descending: bool = False
    #: filter name → SQL expression compared with ``IN (…)``; "category" is special
    filters: dict[str, str] = field(default_factory=dict)
    join_defender: bool = True


@dataclass
class ListQuery:
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str | None = None
    descending: bool | None = None
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class ListRow:
    id: str
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


@dataclass(frozen=True)
class Page:
    rows: list[ListRow]
    offset: int
    total: int


SPECS: dict[str, ListSpec] = {}


def register(spec: ListSpec) -> ListSpec:
    SPECS[spec.kind] = spec
    return spec


def _where(spec: ListSpec, filters: dict[str, list[str]]) -> tuple[str, list[Any]]:
    clauses = ["r.deleted_at IS NULL"]
    params: list[Any] = []
    for name, values in filters.items():
        if values is None:
            continue
        if isinstance(values, str):
            values = [values]
        values = [v for v in values if v is not None]
        if not values:
            continue
        if name == "category" and spec.kind == "defender":
            marks = ",".join("?" * len(values))
            clauses.append(
                "r.rid IN (SELECT defender_rid FROM defender_categories "
                f"WHERE category IN ({marks}))"
            )
        elif name in spec.filters:
            marks = ",".join("?" * len(values))
            clauses.append(f"{spec.filters[name]} IN ({marks})")
        else:
            raise KeyError(f"unknown filter {name!r} for {spec.kind}")
        params.extend(values)
    return " AND ".join(clauses), params


def _from(spec: ListSpec, *, join: bool = True) -> str:
    if not (spec.join_defender and join):
        return f"FROM {spec.table} r"
    return f"FROM {spec.table} r LEFT JOIN defenders d ON d.id = r.defender_id"


_DEFENDER_COLUMN = re.compile(r"\bd\.")


def count(conn: Connection, spec: ListSpec, filters: dict[str, list[str]] | None = None) -> int:
    where, params = _where(spec, filters or {})
    # Join the defender only when a filter reads its columns. The join never changes the count
    # (d.id is unique) but costs a full read of every row: r.defender_id is computed from the
    # record's JSON, so count(*) could not stay in an index (345 ms for 13,663 requests).
    join = bool(_DEFENDER_COLUMN.search(where))
    with storage_errors():
        return conn.execute(
            f"SELECT count(*) {_from(spec, join=join)} WHERE {where}", params
        ).fetchone()[0]


def fetch(conn: Connection, spec: ListSpec, query: ListQuery, *, with_total: bool = True) -> Page:
    sort = query.sort if query.sort in spec.sorts else spec.default_sort
    descending = spec.default_descending if query.descending is None else query.descending
    direction = "DESC" if descending else "ASC"
    limit = max(0, min(query.limit, MAX_PAGE))
    offset = max(0, query.offset)
    where, params = _where(spec, query.filters)
    select = ", ".join(f"{expr} AS {name}" for name, expr in spec.columns.items())
    sql = (
        f"SELECT r.id, {select} {_from(spec)} WHERE {where} "
        f"ORDER BY {spec.sorts[sort]} {direction}, r.rid {direction} LIMIT ? OFFSET ?"
    )
    with storage_errors():
        cursor = conn.execute(sql, [*params, limit, offset])
        names = [d[0] for d in cursor.description][1:]
        rows = [ListRow(r[0], dict(zip(names, r[1:], strict=True))) for r in cursor.fetchall()]
    total = count(conn, spec, query.filters) if with_total else -1
    return Page(rows, offset, total)


register(
    ListSpec(
        kind="defender",
        table="defenders",
        columns={
            "pseudonym": "r.pseudonym",
            "full_name": "json_extract(r.data, '$.full_name')",
            "kind": "r.kind",
            "current_status": "r.current_status",
            "current_risk": "r.current_risk",
            "country": "r.country",
            "categories": "json_extract(r.data, '$.hrd_categories')",
            "confidentiality": "r.confidentiality",
            "updated_at": "r.updated_at",
        },
        sorts={
            "pseudonym": "r.pseudonym COLLATE NOCASE",
            "kind": "r.kind",
            "current_status": "r.current_status",
            "current_risk": "r.current_risk_rank",
            "country": "r.country",
            "updated_at": "r.updated_at",
        },
        default_sort="pseudonym",
        filters={
            "status": "r.current_status",
            "risk": "r.current_risk",
            "kind": "r.kind",
            "country": "r.country",
            "confidentiality": "r.confidentiality",
        },
        join_defender=False,
    )
)

register(
    ListSpec(
        kind="request",
        table="requests",
        columns={
            "pseudonym": "d.pseudonym",
            "defender_id": "r.defender_id",
            "received_at": "r.received_at",
            "priority": "r.priority",
            "status": "r.status",
            "decision_date": "r.decision_date",
            "needs": "json_extract(r.data, '$.needs')",
            "confidentiality": "r.confidentiality",
        },
        sorts={
            "received_at": "r.received_at",
            "priority": "CASE r.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 "
            "WHEN 'normal' THEN 2 ELSE 3 END",
            "status": "r.status",
            "decision_date": "r.decision_date",
            "pseudonym": "d.pseudonym COLLATE NOCASE",
        },
        default_sort="received_at",
        default_descending=True,
        filters={
            "status": "r.status",
            "priority": "r.priority",
            "defender_id": "r.defender_id",
            "confidentiality": "r.confidentiality",
            "country": "d.country",
            "risk": "d.current_risk",
        },
    )
)
