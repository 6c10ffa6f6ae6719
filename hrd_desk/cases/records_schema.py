"""JSON Schema of the records file, generated from the field declarations.

``python -m hrd_desk.cases.records_schema > docs/records.schema.json`` regenerates it; a test
fails when the committed file and the domain types drift apart.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from hrd_desk.cases import fields as F
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.records_json import FORMAT, VERSION
from hrd_desk.i18n import _

UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DECIMAL = "^-?[0-9]+(\\.[0-9]+)?$"
TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _field_schema(spec: F.FieldSpec) -> dict[str, Any]:
    kind = spec.kind
    desc = {"description": _(spec.label)}
    if kind in (F.TEXT, F.LONGTEXT):
        return {"type": "string", "maxLength": spec.max_length, **desc}
    if kind == F.CHOICE:
        return {**_nullable({"enum": spec.vocab.values()}), **desc}
    if kind == F.CHOICES:
        return {
            "type": "array",
            "items": {"enum": spec.vocab.values()},
            "uniqueItems": True,
            **desc,
        }
    if kind == F.DATE:
        return {**_nullable({"type": "string", "format": "date"}), **desc}
    if kind == F.TIMESTAMP:
        return {**_nullable({"type": "string", "pattern": TIMESTAMP}), **desc}
    if kind == F.INT:
        base: dict[str, Any] = {"type": "integer"}
        if spec.minimum is not None:
            base["minimum"] = spec.minimum
        if spec.maximum is not None:
            base["maximum"] = spec.maximum
        return {**_nullable(base), **desc}
    if kind == F.BOOL:
        return {"type": ["boolean", "null"], **desc}
    if kind in (F.MONEY, F.DECIMAL):
        return {**_nullable({"type": "string", "pattern": DECIMAL}), **desc}
    if kind == F.COUNTRY:
        return {"type": "string", "pattern": "^([A-Z]{2})?$", **desc}
    if kind == F.CURRENCY:
        return {"type": "string", "pattern": "^([A-Z]{3})?$", **desc}
    if kind == F.REF:
        return {**_nullable({"type": "string", "pattern": UUID}), **desc}
    if kind == F.REFS:
        return {"type": "array", "items": {"type": "string", "pattern": UUID}, **desc}
    if kind == F.ITEMS:
        return {"type": "array", "items": object_schema(spec.item_type), **desc}
    if kind == F.CHECKLIST:
        return {
            "type": "object",
            "propertyNames": {"enum": spec.vocab.values()},
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "answer": _nullable({"enum": spec.answers.values()}),
                    "note": {"type": "string"},
                    "value": {"type": ["integer", "null"]},
                },
                "additionalProperties": False,
            },
            **desc,
        }
    raise ValueError(kind)


def object_schema(cls: type, *, record: bool = False) -> dict[str, Any]:
    props = {name: _field_schema(spec) for name, spec in F.specs(cls)}
    required = [name for name, spec in F.specs(cls) if spec.required and not spec.system]
    if record:
        required = ["id", *required]
        props["id"] = {"type": "string", "pattern": UUID, "description": _("Id")}
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def records_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
    }
    for cls in all_kinds():
        properties[cls.JSON_KEY] = {"type": "array", "items": object_schema(cls, record=True)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hrd-desk.invalid/records.schema.json",
        "title": "HRD Desk records",
        "description": "Records exported and imported by `hrd-desk export-records` / "
        "`import-records`. Generated from the domain types; do not edit by hand.",
        "type": "object",
        "properties": properties,
        "required": ["format", "version"],
        "additionalProperties": False,
    }


def render() -> str:
    import hrd_desk.cases.store  # noqa: F401  (registers every record kind)

    return json.dumps(records_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
