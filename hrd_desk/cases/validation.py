"""Validation in one place: generic checks from the field declarations, then each type's rules.

``validate`` never writes; the store calls it inside the saving transaction and stores nothing
when it returns errors.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hrd_desk.cases import fields as F
from hrd_desk.cases.errors import FieldError
from hrd_desk.cases.money import amount_problem, is_currency
from hrd_desk.cases.places import is_country
from hrd_desk.cases.record import KINDS, Record, RuleContext, field_error
from hrd_desk.i18n import _


@dataclass
class Verdict:
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, AttributeError, TypeError):
        return False


def _check_value(
    cls: type,
    owner: Any,
    name: str,
    spec: F.FieldSpec,
    value: Any,
    ctx: RuleContext | None,
    path: str,
    out: list[FieldError],
) -> None:
    def fail(message: str, sub: str = "") -> None:
        err = field_error(cls, name, message)
        out.append(FieldError(f"{path}{name}{sub}", err.message, err.label))

    kind = spec.kind
    empty = value is None or value == "" or value == [] or value == {}
    if isinstance(value, str) and kind in (F.TEXT, F.LONGTEXT) and not value.strip():
        empty = True
    if spec.required and empty:
        fail(_("This field is required."))
        return
    if value is None or (empty and kind not in (F.TEXT, F.LONGTEXT)):
        return
    if kind in (F.TEXT, F.LONGTEXT):
        if not isinstance(value, str):
            fail(_("This value has the wrong type."))
        elif "\x00" in value:
            fail(_("The text contains a NUL character."))
        elif spec.max_length and len(value) > spec.max_length:
            fail(_("At most {n} characters.").format(n=spec.max_length))
        elif kind == F.TEXT and ("\n" in value or "\r" in value):
            fail(_("One line only."))
    elif kind == F.CHOICE:
        if not isinstance(value, spec.vocab):
            fail(_("This is not one of the allowed values."))
    elif kind == F.CHOICES:
        if not all(isinstance(v, spec.vocab) for v in value):
            fail(_("This is not one of the allowed values."))
        elif len(set(value)) != len(value):
            fail(_("A value is listed twice."))
    elif kind == F.DATE:
        if not isinstance(value, date) or isinstance(value, datetime):
            fail(_("Enter a date."))
    elif kind == F.INT:
        if isinstance(value, bool) or not isinstance(value, int):
            fail(_("Enter a whole number."))
        elif spec.minimum is not None and value < spec.minimum:
            fail(_("At least {n}.").format(n=spec.minimum))
        elif spec.maximum is not None and value > spec.maximum:
            fail(_("At most {n}.").format(n=spec.maximum))
    elif kind == F.BOOL:
        if not isinstance(value, bool):
            fail(_("This value has the wrong type."))
    elif kind == F.MONEY:
        problem = amount_problem(value, getattr(owner, spec.currency_field, ""))
        if problem:
            fail(problem)
    elif kind == F.DECIMAL:
        if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
            fail(_("Enter a positive number."))
    elif kind == F.COUNTRY:
        if not is_country(value):
            fail(_("Choose a country from the list."))
    elif kind == F.CURRENCY:
        if not is_currency(value):
            fail(_("Choose a currency from the list (ISO 4217 code)."))
    elif kind in (F.REF, F.REFS):
        ids = value if kind == F.REFS else [value]
        for i, ref_id in enumerate(ids):
            sub = f"[{i}]" if kind == F.REFS else ""
            if not isinstance(ref_id, str) or not _is_uuid(ref_id):
                fail(_("This is not a record id."), sub)
            elif ctx is not None and ctx.get(spec.ref_kind, ref_id) is None:
                fail(
                    _("The linked {kind} does not exist.").format(
                        kind=KINDS[spec.ref_kind].label().lower()
                    ),
                    sub,
                )
    elif kind == F.ITEMS:
        for i, item in enumerate(value):
            if not isinstance(item, spec.item_type):
                fail(_("This value has the wrong type."), f"[{i}]")
                continue
            check_fields(item, ctx, f"{path}{name}[{i}].", out)
    elif kind == F.CHECKLIST:
        for key, answer in value.items():
            if not isinstance(key, spec.vocab) or not isinstance(answer, F.ChecklistAnswer):
                fail(_("This is not one of the allowed values."))
                continue
            if answer.answer is not None and not isinstance(answer.answer, spec.answers):
                fail(_("This is not one of the allowed values."), f"[{key.value}]")
            if not isinstance(answer.note, str) or "\x00" in answer.note:
                fail(_("This value has the wrong type."), f"[{key.value}]")


def check_fields(
    obj: Any, ctx: RuleContext | None, path: str = "", out: list[FieldError] | None = None
) -> list[FieldError]:
    out = [] if out is None else out
    cls = type(obj)
    for name, spec in F.specs(cls):
        if spec.system:
            continue
        _check_value(cls, obj, name, spec, getattr(obj, name), ctx, path, out)
    rules = getattr(obj, "item_rules", None)
    if rules is not None:
        for err in rules(ctx):
            out.append(FieldError(path + err.field, err.message, err.label))
    return out


def validate(record: Record, ctx: RuleContext, old: Record | None = None) -> Verdict:
    """All problems with *record* as it would be saved (``old``: the stored version, if any)."""
    verdict = Verdict()
    if not _is_uuid(record.id):
        verdict.errors.append(record.error("id", _("This is not a record id.")))
    record.derive(ctx)
    check_fields(record, ctx, "", verdict.errors)
    verdict.errors.extend(record.rules(ctx))
    if old is not None and record.STATUS_FIELD:
        before, after = old.status, record.status
        if before != after and before is not None:
            if after not in old.allowed_transitions():
                verdict.errors.append(
                    record.error(
                        record.STATUS_FIELD,
                        _("“{before}” cannot go to “{after}”.").format(
                            before=_status_label(record, before), after=_status_label(record, after)
                        ),
                    )
                )
            else:
                verdict.errors.extend(record.transition_rules(before, ctx))
    if old is not None and record.DEFENDER_FIELD and old.defender_ref() != record.defender_ref():
        verdict.errors.append(
            record.error(record.DEFENDER_FIELD, _("A record cannot be moved to another defender."))
        )
    verdict.warnings.extend(record.warnings(ctx))
    return verdict


def _status_label(record: Record, value: str | None) -> str:
    if value is None:
        return "?"
    vocab = F.spec_for(type(record), record.STATUS_FIELD).vocab
    try:
        return vocab.parse(value).label
    except ValueError:
        return value
