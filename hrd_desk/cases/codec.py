"""Records ↔ plain JSON values, driven by the field declarations.

One codec serves the database (the ``data`` column), JSON import/export and exchange bundles:
dates are ISO 8601, money a canonical decimal string, vocabularies their stable ids.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.money import canonical, is_currency
from hrd_desk.cases.record import Record, field_error
from hrd_desk.i18n import _


def _encode(spec: F.FieldSpec, value: Any, owner: Any) -> Any:
    if value is None:
        return None
    kind = spec.kind
    if kind == F.CHOICE:
        return str(value)
    if kind == F.CHOICES:
        return [str(v) for v in value]
    if kind == F.DATE:
        return value.isoformat()
    if kind == F.MONEY:
        currency = getattr(owner, spec.currency_field, "")
        return canonical(value, currency) if is_currency(currency) else str(value)
    if kind == F.DECIMAL:
        return str(value)
    if kind == F.ITEMS:
        return [item_to_dict(item) for item in value]
    if kind == F.REFS:
        return list(value)
    if kind == F.CHECKLIST:
        return {
            str(k): {
                "answer": None if a.answer is None else str(a.answer),
                "note": a.note,
                "value": a.value,
            }
            for k, a in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    return value


def item_to_dict(obj: Any) -> dict[str, Any]:
    return {name: _encode(spec, getattr(obj, name), obj) for name, spec in F.specs(type(obj))}


def to_dict(record: Record) -> dict[str, Any]:
    """Every declared field (system fields included, ``version`` excluded)."""
    return item_to_dict(record)


def to_json(record: Record) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _Decoder:
    def __init__(self, path: str = "") -> None:
        self.errors: list[FieldError] = []
        self.path = path

    def fail(self, cls: type, field: str, message: str) -> None:
        err = field_error(cls, field, message)
        self.errors.append(
            FieldError(self.path + err.field, err.message, err.label) if self.path else err
        )

    def value(self, cls: type, name: str, spec: F.FieldSpec, raw: Any) -> Any:
        kind = spec.kind
        if raw is None:
            if kind in (F.CHOICES, F.REFS, F.ITEMS):
                return []
            if kind == F.CHECKLIST:
                return {}
            if kind in (F.TEXT, F.LONGTEXT, F.COUNTRY, F.CURRENCY) and not spec.system:
                return ""
            return None
        try:
            if kind in (F.TEXT, F.LONGTEXT, F.COUNTRY, F.CURRENCY, F.TIMESTAMP, F.REF):
                if not isinstance(raw, str):
                    raise TypeError
                return raw
            if kind == F.CHOICE:
                return spec.vocab.parse(raw)
            if kind == F.CHOICES:
                if not isinstance(raw, list):
                    raise TypeError
                return [spec.vocab.parse(v) for v in raw]
            if kind == F.DATE:
                if not isinstance(raw, str) or len(raw) != 10:
                    raise ValueError
                return date.fromisoformat(raw)
            if kind == F.INT:
                if isinstance(raw, bool) or not isinstance(raw, int):
                    raise TypeError
                return raw
            if kind == F.BOOL:
                if not isinstance(raw, bool):
                    raise TypeError
                return raw
            if kind in (F.MONEY, F.DECIMAL):
                if not isinstance(raw, str):
                    raise TypeError
                value = Decimal(raw)
                if not value.is_finite():
                    raise ValueError
                return value
            if kind == F.REFS:
                if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
                    raise TypeError
                return list(raw)
            if kind == F.ITEMS:
                if not isinstance(raw, list):
                    raise TypeError
                out = []
                for i, entry in enumerate(raw):
                    sub = _Decoder(f"{self.path}{name}[{i}].")
                    item = sub.item(spec.item_type, entry)
                    self.errors.extend(sub.errors)
                    out.append(item)
                return out
            if kind == F.CHECKLIST:
                if not isinstance(raw, dict):
                    raise TypeError
                out = {}
                for key, entry in raw.items():
                    if not isinstance(entry, dict) or set(entry) - {"answer", "note", "value"}:
                        raise TypeError
                    answer = entry.get("answer")
                    value = entry.get("value")
                    if value is not None and (
                        isinstance(value, bool) or not isinstance(value, int)
                    ):
                        raise TypeError
                    note = entry.get("note", "")
                    if not isinstance(note, str):
                        raise TypeError
                    out[spec.vocab.parse(key)] = F.ChecklistAnswer(
                        answer=None if answer is None else spec.answers.parse(answer),
                        note=note,
                        value=value,
                    )
                return out
        except (TypeError, ValueError, InvalidOperation):
            # Messages are looked up only here: decoding every stored record (search, lists,
            # the workspace) used to translate this once per field value.
            bad = _("This value has the wrong type.")
            if kind == F.DATE:
                bad = _("Enter a date as YYYY-MM-DD.")
            elif kind in (F.CHOICE, F.CHOICES, F.CHECKLIST):
                bad = _("This is not one of the allowed values.")
            elif kind in (F.MONEY, F.DECIMAL):
                bad = _('Enter an amount as a decimal number in quotes, e.g. "1250.00".')
            self.fail(cls, name, bad)
            return dataclasses.MISSING
        return raw

    def item(self, cls: type, raw: Any) -> Any:
        if not isinstance(raw, dict):
            self.errors.append(
                FieldError(self.path.rstrip("."), _("Expected an object with fields."), "")
            )
            return None
        known = dict(F.specs(cls))
        kwargs: dict[str, Any] = {}
        for key in raw:
            if key not in known:
                self.errors.append(
                    FieldError(self.path + key, _("Unknown field “{name}”.").format(name=key), key)
                )
        for name, spec in known.items():
            if name not in raw:
                continue
            value = self.value(cls, name, spec, raw[name])
            if value is not dataclasses.MISSING:
                kwargs[name] = value
        try:
            return cls(**kwargs)
        except TypeError:  # pragma: no cover - kwargs only carries declared fields
            self.errors.append(FieldError(self.path.rstrip("."), _("Malformed record."), ""))
            return None


def from_dict(cls: type[Record], raw: Any) -> tuple[Record | None, list[FieldError]]:
    """A record from JSON values, and every problem found (each naming its field)."""
    decoder = _Decoder()
    record = decoder.item(cls, raw)
    if isinstance(raw, dict) and "id" not in raw:
        decoder.errors.append(field_error(cls, "id", _("Every record needs an id.")))
    return record, decoder.errors


def from_json(cls: type[Record], text: str) -> Record:
    record, errors = from_dict(cls, json.loads(text))
    if errors or record is None:  # the database holds only what passed validation
        raise ValueError(f"stored {cls.KIND} does not decode: {[e.field for e in errors]}")
    return record
