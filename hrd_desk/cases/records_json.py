"""Records JSON import/export (docs/cli.md, schema in docs/records.schema.json).

Export writes every live record of every kind (soft-deleted ones stay in the vault and its
backups, not in exports). Import is all or nothing: every record is decoded, written and then
validated inside one transaction with all the others present (links may point forward), and
any error rolls the whole file back. A record whose id already exists is skipped when it is
identical and refused when it differs, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hrd_desk.cases import codec
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.record import Record, all_kinds
from hrd_desk.cases.validation import validate
from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.i18n import _, ngettext

FORMAT = "hrd-desk/records"
VERSION = 1
MAX_REPORTED = 200


@dataclass(frozen=True)
class ImportProblem:
    where: str  # "defenders[12]" or "line 14"
    record_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        ident = f" ({self.record_id})" if self.record_id else ""
        field_part = f" {self.field}:" if self.field else ""
        return f"{self.where}{ident}:{field_part} {self.message}"


class ImportRefused(HrdDeskError):
    """Nothing was stored; ``problems`` names each bad record and field."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        head = ngettext(
            "Nothing was imported: {n} problem found.",
            "Nothing was imported: {n} problems found.",
            len(problems),
        ).format(n=len(problems))
        shown = "\n".join(str(p) for p in problems[:MAX_REPORTED])
        more = len(problems) - MAX_REPORTED
        tail = ("\n" + _("… and {n} more.").format(n=more)) if more > 0 else ""
        super().__init__(f"{head}\n{shown}{tail}")


@dataclass
class ImportReport:
    added: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def summary(self) -> str:
        added = self.total_added
        same = sum(self.unchanged.values())
        parts = [ngettext("{n} record added", "{n} records added", added).format(n=added)]
        if same:
            parts.append(
                ngettext(
                    "{n} already present and identical", "{n} already present and identical", same
                ).format(n=same)
            )
        details = ", ".join(f"{k}: {v}" for k, v in sorted(self.added.items()))
        return "; ".join(parts) + (f" ({details})" if details else "")


def export_records(store) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for cls in all_kinds():
        with storage_errors():
            rows = store.conn.execute(
                f"SELECT data FROM {cls.TABLE} WHERE deleted_at IS NULL ORDER BY rid"
            ).fetchall()
        out[cls.JSON_KEY] = [_json_loads(r[0]) for r in rows]
    return out


def _json_loads(text: str) -> Any:
    import json

    return json.loads(text)


def decode(
    data: Any, where_of: dict[str, str] | None = None
) -> tuple[list[Record], list[ImportProblem]]:
    """Records in link order and every decoding problem."""
    problems: list[ImportProblem] = []
    if not isinstance(data, dict):
        return [], [ImportProblem("$", None, "", _("Expected a JSON object."))]
    if data.get("format") != FORMAT:
        problems.append(
            ImportProblem("format", None, "", _("Not an HRD Desk records file (format)."))
        )
    if data.get("version") != VERSION:
        problems.append(
            ImportProblem(
                "version", None, "", _("Unsupported version {v}.").format(v=data.get("version"))
            )
        )
    known = {cls.JSON_KEY for cls in all_kinds()} | {"format", "version"}
    for key in data:
        if key not in known:
            problems.append(
                ImportProblem(key, None, "", _("Unknown section “{name}”.").format(name=key))
            )
    records: list[Record] = []
    seen: set[str] = set()
    for cls in all_kinds():
        entries = data.get(cls.JSON_KEY, [])
        if not isinstance(entries, list):
            problems.append(ImportProblem(cls.JSON_KEY, None, "", _("Expected a list.")))
            continue
        for i, raw in enumerate(entries):
            rid = raw.get("id") if isinstance(raw, dict) else None
            rid = rid if isinstance(rid, str) else None
            where = (where_of or {}).get(rid or "", f"{cls.JSON_KEY}[{i}]")
            record, errors = codec.from_dict(cls, raw)
            problems.extend(_problems(where, rid, errors))
            if record is None or errors:
                continue
            if record.id in seen:
                problems.append(ImportProblem(where, rid, "id", _("This id appears twice.")))
                continue
            seen.add(record.id)
            records.append(record)
    return records, problems


def _problems(where: str, rid: str | None, errors: list[FieldError]) -> list[ImportProblem]:
    return [ImportProblem(where, rid, e.field, e.message) for e in errors]


def import_records(store, data: Any, *, where_of: dict[str, str] | None = None) -> ImportReport:
    """Import everything or nothing. ``where_of`` maps record ids to a location for messages
    (e.g. CSV line numbers); by default records are named by their JSON position."""
    from hrd_desk.cases.store import _Context

    records, problems = decode(data, where_of)
    if not records and problems:
        raise ImportRefused(problems)
    positions = where_of or _positions(data)
    report = ImportReport()
    # Write what decoded, then validate it with everything present (links may point forward);
    # any problem, from decoding or validation, rolls the whole transaction back.
    with store.transaction():
        fresh: list[Record] = []
        for record in records:
            existing = store.find(type(record), record.id, include_deleted=True)
            where = positions.get(record.id, record.KIND)
            if existing is None:
                record.derive(_Context(store, None))
                store.insert_verbatim(record)
                fresh.append(record)
            elif codec.to_dict(existing) == codec.to_dict(record):
                report.unchanged[record.KIND] = report.unchanged.get(record.KIND, 0) + 1
            else:
                problems.append(
                    ImportProblem(
                        where,
                        record.id,
                        "id",
                        _("A different record with this id is already in the vault."),
                    )
                )
        for record in fresh:
            verdict = validate(record, _Context(store, None))
            where = positions.get(record.id, record.KIND)
            problems.extend(_problems(where, record.id, verdict.errors))
            report.added[record.KIND] = report.added.get(record.KIND, 0) + 1
        if problems:
            raise ImportRefused(problems)
    return report


def _positions(data: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if not isinstance(data, dict):
        return out
    for cls in all_kinds():
        for i, raw in enumerate(data.get(cls.JSON_KEY) or []):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                out[raw["id"]] = f"{cls.JSON_KEY}[{i}]"
    return out
