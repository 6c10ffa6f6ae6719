"""What of a record goes into the full-text index: the fields declared ``searchable``."""

from __future__ import annotations

from typing import Any

from hrd_desk.cases import fields as F
from hrd_desk.cases.record import Record


def _texts(obj: Any) -> list[str]:
    out: list[str] = []
    for name, spec in F.specs(type(obj)):
        value = getattr(obj, name)
        if spec.kind == F.ITEMS:
            for item in value:
                out.extend(_texts(item))
        elif spec.kind == F.CHECKLIST and spec.searchable:
            out.extend(a.note for a in value.values() if a.note)
        elif spec.searchable and isinstance(value, str) and value:
            out.append(value)
    return out


def search_text(record: Record) -> tuple[str, str]:
    """(title, body): the title is the defender's pseudonym, for ranking name hits first."""
    title = getattr(record, "pseudonym", "") if record.DEFENDER_FIELD is None else ""
    body = "\n".join(t for t in _texts(record) if t != title)
    return title, body
