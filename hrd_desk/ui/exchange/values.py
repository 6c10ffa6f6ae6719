"""How exchange screens show things: fingerprints read over the phone, a field's value in the
conflict grid, contact states, counts by record kind. Plain text only (values are untrusted)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from hrd_desk.cases import fields as F
from hrd_desk.cases.record import KINDS, Record, all_kinds
from hrd_desk.cases.vocab import Vocab
from hrd_desk.formats import format_date, format_money, format_number, format_timestamp
from hrd_desk.i18n import _, isolate, join_list, labelled, ngettext, pgettext

NONE = "—"
#: Longer values are cut in the conflict grid (the record form shows them whole).
VALUE_MAX = 600
#: Characters kept from untrusted text besides printable ones: line breaks, and the direction
#: marks and isolates our own formatting adds (not overrides or embeddings).
_KEPT = frozenset("\n\u200e\u200f\u2066\u2067\u2068\u2069")


def spaced_fingerprint(fingerprint: str) -> str:
    """``7KQ2 M9XD …``: five groups of four, the way a person reads them aloud."""
    return " ".join(part for part in fingerprint.split("-") if part)


def contact_state(verified: bool) -> str:
    return _("Verified") if verified else _("Not verified")


def added_on(timestamp: str | None) -> str:
    try:
        return format_date(date.fromisoformat((timestamp or "")[:10]))
    except ValueError:
        return NONE


def quoted(label: str) -> str:
    """A contact's label inside a sentence (isolated: Latin in Arabic keeps its order)."""
    return _("“{label}”").format(label=isolate(one_line(label)))


def one_line(text: object) -> str:
    value = " ".join(("" if text is None else str(text)).split())
    return "".join(ch for ch in value if ch.isprintable() or ch in _KEPT)


def kind_counts(counts: Mapping[str, int]) -> str:
    """ "Hearing: 2, Prison visit: 1", in the order of the record kinds."""
    order = [cls.KIND for cls in all_kinds()]
    parts = []
    for kind in sorted(counts, key=lambda k: order.index(k) if k in order else len(order)):
        cls = KINDS.get(kind)
        parts.append(
            labelled(cls.label() if cls is not None else kind, format_number(counts[kind]))
        )
    return join_list(parts)


def _clean_block(text: str) -> str:
    text = "".join(ch for ch in text if ch.isprintable() or ch in _KEPT)
    if len(text) > VALUE_MAX:
        text = text[:VALUE_MAX].rstrip() + "…"
    return text


def _yes_no(value: bool) -> str:
    return pgettext("answer", "Yes") if value else pgettext("answer", "No")


def value_text(
    record: Record, name: str, *, lookup: Callable[[str, str], str | None] | None = None
) -> str:
    """One field of *record* as a person reads it in the conflict grid. *lookup(kind, id)* gives
    a linked record's title when this vault has it."""
    value = getattr(record, name, None)
    if value in (None, "", [], {}):
        return NONE
    try:
        spec = F.spec_for(type(record), name)
    except KeyError:
        return _clean_block(str(value))
    kind = spec.kind
    if kind in (F.TEXT, F.LONGTEXT):
        return _clean_block(str(value))
    if kind == F.CHOICE:
        return value.label if isinstance(value, Vocab) else one_line(value)
    if kind == F.CHOICES:
        return join_list(v.label if isinstance(v, Vocab) else one_line(v) for v in value)
    if kind == F.DATE:
        return format_date(value)
    if kind == F.TIMESTAMP:
        return format_timestamp(value)
    if kind == F.BOOL:
        return _yes_no(bool(value))
    if kind in (F.INT, F.DECIMAL):
        return format_number(value)
    if kind == F.MONEY:
        return format_money(value, getattr(record, spec.currency_field, "") or "")
    if kind == F.COUNTRY:
        from hrd_desk.cases.places import country_name

        return country_name(value)
    if kind == F.REF:
        return _ref_text(spec.ref_kind, value, lookup)
    if kind == F.REFS:
        return join_list(_ref_text(spec.ref_kind, v, lookup) for v in value)
    if kind == F.ITEMS:
        return ngettext("{n} entry", "{n} entries", len(value)).format(n=len(value))
    if kind == F.CHECKLIST:
        return ngettext("{n} answer", "{n} answers", len(value)).format(n=len(value))
    return _clean_block(str(value))


def _ref_text(
    kind: str | None, record_id: Any, lookup: Callable[[str, str], str | None] | None
) -> str:
    title = lookup(kind or "", str(record_id)) if lookup is not None else None
    return one_line(title) if title else isolate(str(record_id)[:8] + "…")
