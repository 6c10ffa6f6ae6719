"""Defenders from a post's old spreadsheet (CSV, UTF-8, first row = column names).

Columns map by header to the defender's fields, either the field id (``full_name``) or its
English label (``Full name``), case-insensitive. Several categories go in one cell separated
by ``;``. Unknown or missing required columns refuse the whole file with one clear list;
otherwise the rows go through the same all-or-nothing import as JSON, errors named by line.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Any

from hrd_desk.cases import fields as F
from hrd_desk.cases.defenders import Defender, default_retention
from hrd_desk.cases.records_json import (
    FORMAT,
    VERSION,
    ImportProblem,
    ImportRefused,
    import_records,
)
from hrd_desk.i18n import _

#: Columns a spreadsheet may have (the system fields are set by the import).
_COLUMNS = {name: spec for name, spec in F.specs(Defender) if not spec.system}
_REQUIRED = [
    n
    for n, s in _COLUMNS.items()
    if s.required and n not in ("kind", "current_status", "confidentiality")
]
_MULTI_SEP = ";"


def _header_map() -> dict[str, str]:
    out = {}
    for name, spec in _COLUMNS.items():
        out[name.casefold()] = name
        out[spec.label.casefold()] = name
    out["id"] = "id"
    return out


def _cell(name: str, spec: F.FieldSpec, text: str) -> Any:
    text = text.strip()
    if spec.kind == F.CHOICES:
        return [_vocab_value(spec, part) for part in text.split(_MULTI_SEP) if part.strip()]
    if text == "":
        return None if spec.kind not in (F.TEXT, F.LONGTEXT, F.COUNTRY) else ""
    if spec.kind == F.CHOICE:
        return _vocab_value(spec, text)
    if spec.kind == F.INT:
        try:
            return int(text)
        except ValueError:
            return text  # the decoder names the field
    if spec.kind == F.BOOL:
        lowered = text.casefold()
        if lowered in ("yes", "true", "1", "y"):
            return True
        if lowered in ("no", "false", "0", "n"):
            return False
        return text
    if spec.kind == F.COUNTRY:
        return text.upper()
    return text


def _vocab_value(spec: F.FieldSpec, text: str) -> str:
    text = text.strip()
    for member in spec.vocab:
        if text.casefold() in (member.value.casefold(), member.msgid.casefold()):
            return member.value
    return text


def parse_defenders_csv(content: str, today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """The records document for the rows, and record id → "line N" for messages."""
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ImportRefused([ImportProblem("line 1", None, "", _("The file is empty."))]) from exc
    mapping = _header_map()
    columns: list[str | None] = []
    unknown = []
    for title in header:
        name = mapping.get(title.strip().casefold())
        columns.append(name)
        if name is None and title.strip():
            unknown.append(title.strip())
    missing = [n for n in _REQUIRED if n not in columns]
    problems = []
    if unknown:
        problems.append(
            ImportProblem(
                "line 1",
                None,
                "",
                _("Unknown columns: {names}. Known columns: {known}.").format(
                    names=", ".join(unknown), known=", ".join(_COLUMNS)
                ),
            )
        )
    if missing:
        problems.append(
            ImportProblem(
                "line 1",
                None,
                "",
                _("Missing required columns: {names}.").format(names=", ".join(missing)),
            )
        )
    if problems:
        raise ImportRefused(problems)
    defenders = []
    where: dict[str, str] = {}
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        raw: dict[str, Any] = {}
        for name, cell in zip(columns, row, strict=False):
            if name == "id":
                raw["id"] = cell.strip()
            elif name is not None:
                raw[name] = _cell(name, _COLUMNS[name], cell)
        raw.setdefault("id", "")
        if not raw["id"]:
            raw["id"] = str(uuid.uuid4())
        if not raw.get("retention_review_date"):
            raw["retention_review_date"] = default_retention(today).isoformat()
        raw = {k: v for k, v in raw.items() if v is not None or k == "id"}
        defenders.append(raw)
        where[raw["id"]] = _("line {n}").format(n=line_no)
    return {"format": FORMAT, "version": VERSION, "defenders": defenders}, where


def import_defenders_csv(store, content: str):
    data, where = parse_defenders_csv(content, store.today)
    return import_records(store, data, where_of=where)
