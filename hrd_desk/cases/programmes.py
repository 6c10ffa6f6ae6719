"""Grant programmes: each one's cap, currency and what to do over the cap (vault settings).

The post keeps these in the vault (setting ``programmes``), so they travel with it, encrypted.
Only what differs from the defaults of spec §5 is stored; reading merges the two. A change is
validated (the cap is an exact amount in the programme's currency) and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from hrd_desk.cases import audit
from hrd_desk.cases.errors import FieldError, ValidationError
from hrd_desk.cases.grants import CapPolicy, Programme
from hrd_desk.cases.money import amount_problem, canonical, is_currency
from hrd_desk.cases.record import RuleContext
from hrd_desk.cases.settings import get_setting, set_setting
from hrd_desk.i18n import N_, _

PROGRAMMES_KEY = "programmes"

LABELS = {
    "currency": N_("Currency"),
    "cap": N_("Cap"),
    "cap_policy": N_("Over the cap"),
}


@dataclass(frozen=True)
class ProgrammeSetting:
    programme: Programme
    #: ISO 4217 code of the cap; "" when the programme has no fixed currency
    currency: str
    #: None: no cap (configurable programmes until the post sets one)
    cap: Decimal | None
    cap_policy: CapPolicy

    @property
    def label(self) -> str:
        return self.programme.label

    def to_json(self) -> dict[str, Any]:
        cap = None
        if self.cap is not None:
            known = is_currency(self.currency)
            cap = canonical(self.cap, self.currency) if known else str(self.cap)
        return {"currency": self.currency, "cap": cap, "cap_policy": self.cap_policy.value}


def _default(programme: Programme, currency: str, cap: str | None) -> ProgrammeSetting:
    amount = Decimal(canonical(Decimal(cap), currency)) if cap else None
    return ProgrammeSetting(programme, currency, amount, CapPolicy.WARN)


#: Spec §5: FLD €7,500; EU-funded €10,000; Lifeline advocacy $20,000; Lifeline emergency
#: configurable (no cap until the post sets one); the others have no known cap.
DEFAULTS: dict[Programme, ProgrammeSetting] = {
    Programme.LIFELINE_EMERGENCY: _default(Programme.LIFELINE_EMERGENCY, "USD", None),
    Programme.LIFELINE_RESILIENCY: _default(Programme.LIFELINE_RESILIENCY, "USD", None),
    Programme.LIFELINE_ADVOCACY: _default(Programme.LIFELINE_ADVOCACY, "USD", "20000"),
    Programme.FRONT_LINE_DEFENDERS: _default(Programme.FRONT_LINE_DEFENDERS, "EUR", "7500"),
    Programme.PROTECTDEFENDERS_EU: _default(Programme.PROTECTDEFENDERS_EU, "EUR", "10000"),
    Programme.POST_FUND: _default(Programme.POST_FUND, "", None),
    Programme.OTHER: _default(Programme.OTHER, "", None),
}


def _parse(programme: Programme, raw: Any) -> ProgrammeSetting:
    """A stored entry, or the default where it is missing or damaged (settings are typed by
    people and older versions: a bad entry must not stop grants from being saved)."""
    base = DEFAULTS[programme]
    if not isinstance(raw, dict):
        return base
    currency = raw.get("currency", base.currency)
    if not isinstance(currency, str) or (currency and not is_currency(currency)):
        currency = base.currency
    cap: Decimal | None = base.cap
    if "cap" in raw:
        try:
            cap = None if raw["cap"] is None else Decimal(str(raw["cap"]))
        except InvalidOperation:
            cap = base.cap
        if cap is not None and (not currency or amount_problem(cap, currency) is not None):
            cap = base.cap
    try:
        policy = CapPolicy.parse(raw.get("cap_policy", base.cap_policy.value))
    except ValueError:
        policy = base.cap_policy
    return ProgrammeSetting(programme, currency, cap, policy)


def settings_from(value: Any) -> dict[Programme, ProgrammeSetting]:
    stored = value if isinstance(value, dict) else {}
    return {p: _parse(p, stored.get(p.value)) for p in Programme}


def programme_settings(store) -> dict[Programme, ProgrammeSetting]:
    """Every programme's setting, in vocabulary order (for the Settings screen)."""
    return settings_from(get_setting(store.conn, PROGRAMMES_KEY))


def programme_setting(store, programme: Programme) -> ProgrammeSetting:
    return programme_settings(store)[Programme.parse(programme)]


def setting_for(ctx: RuleContext, programme: Programme) -> ProgrammeSetting:
    """For the rules: the setting as seen inside the saving transaction."""
    return settings_from(ctx.setting(PROGRAMMES_KEY))[programme]


def update_programme(
    store,
    programme: Programme,
    *,
    currency: str,
    cap: Decimal | None,
    cap_policy: CapPolicy,
) -> ProgrammeSetting:
    """Change one programme's cap, currency and policy; ValidationError names the bad field."""
    programme = Programme.parse(programme)
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message, _(LABELS[name])))

    if currency and not is_currency(currency):
        fail("currency", _("Choose a currency from the list (ISO 4217 code)."))
    if cap is not None:
        if not currency:
            fail("currency", _("A cap needs its currency."))
        elif is_currency(currency):
            problem = amount_problem(cap, currency, allow_zero=False)
            if problem:
                fail("cap", problem)
    try:
        cap_policy = CapPolicy.parse(cap_policy)
    except ValueError:
        fail("cap_policy", _("This is not one of the allowed values."))
    if errors:
        raise ValidationError(errors, programme.label)
    new = ProgrammeSetting(programme, currency, cap, cap_policy)
    with store.transaction():
        stored = get_setting(store.conn, PROGRAMMES_KEY)
        stored = dict(stored) if isinstance(stored, dict) else {}
        stored[programme.value] = new.to_json()
        set_setting(store.conn, PROGRAMMES_KEY, stored)
        audit.append(
            store.conn,
            actor=store.actor,
            action="update",
            kind="settings",
            record_id=None,
            fields=[f"{PROGRAMMES_KEY}.{programme.value}"],
        )
    return new


def reset_programme(store, programme: Programme) -> ProgrammeSetting:
    """Back to the default of spec §5."""
    base = DEFAULTS[Programme.parse(programme)]
    return update_programme(
        store, base.programme, currency=base.currency, cap=base.cap, cap_policy=base.cap_policy
    )
