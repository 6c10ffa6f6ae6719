"""Field declarations: what each field of a record holds, for every layer that needs to know.

A record is a dataclass whose fields are declared with the helpers below. The attached
:class:`FieldSpec` drives generic validation, JSON import/export and its JSON Schema, search
text, redaction in summaries and the choice of widget in forms — so a field is described once.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from hrd_desk.cases.vocab import Vocab

# Kinds of field. Widgets and codecs switch on these.
TEXT = "text"  # one line
LONGTEXT = "longtext"  # notes: multi-line, searchable
CHOICE = "choice"  # one value of a vocabulary
CHOICES = "choices"  # several values of a vocabulary
DATE = "date"
TIMESTAMP = "timestamp"  # UTC, ISO 8601 with Z (system fields)
INT = "int"
BOOL = "bool"
MONEY = "money"  # Decimal in the record's currency, its minor units
DECIMAL = "decimal"  # exchange rates
COUNTRY = "country"  # ISO 3166-1 alpha-2
CURRENCY = "currency"  # ISO 4217
REF = "ref"  # id of another record
REFS = "refs"  # ids of other records
ITEMS = "items"  # list of sub-items (dataclasses)
CHECKLIST = "checklist"  # {item: ChecklistAnswer}

TEXT_MAX = 500
LONGTEXT_MAX = 200_000


@dataclass(frozen=True)
class FieldSpec:
    kind: str
    label: str  # gettext msgid; translate with _() at display time
    required: bool = False
    vocab: type[Vocab] | None = None
    item_type: type | None = None
    ref_kind: str | None = None
    #: names, contacts, exact places, documents: replaced under "pseudonymise" redaction
    identifying: bool = False
    #: special-category data (e.g. sexual orientation): hidden unless asked for
    sensitive: bool = False
    #: feeds the full-text index
    searchable: bool = False
    #: set by the store, not typed by users (ids, timestamps, derived values)
    system: bool = False
    #: recomputed on every save from other fields
    derived: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    #: for MONEY: the field of the record (or item) holding the currency
    currency_field: str = "currency"
    #: for CHECKLIST: the vocabulary of answers, and the items that also carry a number
    answers: type[Vocab] | None = None
    numeric_items: frozenset[str] = frozenset()
    #: for BOOL: "not known" is a real answer (shown as Yes / No / —)
    tristate: bool = False
    help: str = ""


def spec_of(f: dataclasses.Field) -> FieldSpec | None:
    return f.metadata.get("spec")


def specs(cls: type) -> list[tuple[str, FieldSpec]]:
    """(name, spec) of every declared field of a record or item class, in declaration order."""
    return list(_specs(cls))


@functools.cache
def _specs(cls: type) -> tuple[tuple[str, FieldSpec], ...]:
    # Cached per class: the codec asks for every record it decodes (a search decodes ~50).
    return tuple(
        (f.name, spec) for f in dataclasses.fields(cls) if (spec := spec_of(f)) is not None
    )


def spec_for(cls: type, name: str) -> FieldSpec:
    for f in dataclasses.fields(cls):
        if f.name == name:
            spec = spec_of(f)
            if spec is not None:
                return spec
    raise KeyError(name)


def _field(spec: FieldSpec, default: Any = None, factory: Any = None) -> Any:
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata={"spec": spec})
    return dataclasses.field(default=default, metadata={"spec": spec})


def text(label: str, *, required: bool = False, max_length: int = TEXT_MAX, **kw: Any) -> Any:
    return _field(FieldSpec(TEXT, label, required=required, max_length=max_length, **kw), "")


def longtext(label: str, *, required: bool = False, searchable: bool = True, **kw: Any) -> Any:
    spec = FieldSpec(
        LONGTEXT, label, required=required, searchable=searchable, max_length=LONGTEXT_MAX, **kw
    )
    return _field(spec, "")


def choice(vocab: type[Vocab], label: str, *, default: Vocab | None = None, **kw: Any) -> Any:
    return _field(FieldSpec(CHOICE, label, vocab=vocab, **kw), default)


def choices(vocab: type[Vocab], label: str, **kw: Any) -> Any:
    return _field(FieldSpec(CHOICES, label, vocab=vocab, **kw), factory=list)


def date_field(label: str, **kw: Any) -> Any:
    return _field(FieldSpec(DATE, label, **kw), None)


def timestamp(label: str, **kw: Any) -> Any:
    return _field(FieldSpec(TIMESTAMP, label, system=True, **kw), None)


def integer(label: str, *, minimum: int | None = 0, maximum: int | None = None, **kw: Any) -> Any:
    return _field(FieldSpec(INT, label, minimum=minimum, maximum=maximum, **kw), None)


def boolean(label: str, *, default: bool | None = False, **kw: Any) -> Any:
    return _field(FieldSpec(BOOL, label, tristate=default is None, **kw), default)


def money(label: str, *, currency_field: str = "currency", **kw: Any) -> Any:
    return _field(FieldSpec(MONEY, label, currency_field=currency_field, **kw), None)


def decimal_field(label: str, **kw: Any) -> Any:
    return _field(FieldSpec(DECIMAL, label, **kw), None)


def country(label: str, **kw: Any) -> Any:
    return _field(FieldSpec(COUNTRY, label, **kw), "")


def currency(label: str, **kw: Any) -> Any:
    return _field(FieldSpec(CURRENCY, label, **kw), "")


def ref(kind: str, label: str, **kw: Any) -> Any:
    return _field(FieldSpec(REF, label, ref_kind=kind, **kw), None)


def refs(kind: str, label: str, **kw: Any) -> Any:
    return _field(FieldSpec(REFS, label, ref_kind=kind, **kw), factory=list)


def items(item_type: type, label: str, **kw: Any) -> Any:
    return _field(FieldSpec(ITEMS, label, item_type=item_type, **kw), factory=list)


def checklist(vocab: type[Vocab], answers: type[Vocab], label: str, **kw: Any) -> Any:
    return _field(FieldSpec(CHECKLIST, label, vocab=vocab, answers=answers, **kw), factory=dict)


@dataclass
class ChecklistAnswer:
    """One line of a checklist (Mandela Rules, ICCPR art. 14): answer, optional number, note."""

    answer: Vocab | None = None
    note: str = ""
    value: int | None = None
