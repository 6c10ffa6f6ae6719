"""The consent service: may this defender's data go to that recipient, at that redaction level?

Every export and referral asks here first (spec §9: "Exports and referrals check consent
first"). The answer carries translated reasons, so the refusal can be shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hrd_desk.cases.consents import Anonymity, Consent, ConsentScope
from hrd_desk.cases.record import RuleContext
from hrd_desk.cases.referrals import IDENTIFYING_GROUPS, Referral
from hrd_desk.cases.vocab import ReferralTarget, Vocab
from hrd_desk.i18n import N_, _, join_list


class RecipientType(Vocab):
    HEADQUARTERS = "headquarters", N_("Headquarters")
    PARTNER = "partner", N_("Partner or funder")
    AUTHORITIES = "authorities", N_("Authorities")
    PUBLIC = "public", N_("The public")


class RedactionLevel(Vocab):
    NONE = "none", N_("None (names included)")
    PSEUDONYMISE = "pseudonymise", N_("Pseudonymise")


_SCOPE_FOR = {
    RecipientType.HEADQUARTERS: ConsentScope.SUMMARIES_HQ,
    RecipientType.PARTNER: ConsentScope.SHARE_PARTNERS,
    RecipientType.AUTHORITIES: ConsentScope.AUTHORITIES,
    RecipientType.PUBLIC: ConsentScope.PUBLIC_NAMING,
}


@dataclass
class SharingDecision:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    consent: Consent | None = None


def current_consent(ctx: RuleContext, defender_id: str) -> Consent | None:
    """The most recent consent (a later withdrawal is part of that record)."""
    consents = [c for c in ctx.linked("consent", defender_id) if isinstance(c, Consent)]
    consents.sort(key=lambda c: (c.date or ctx.today, c.created_at or ""))
    return consents[-1] if consents else None


def _check_consent(consent: Consent | None, ctx: RuleContext) -> list[str]:
    if consent is None:
        return [_("No consent is recorded for this defender.")]
    if consent.withdrawn:
        return [
            _("The defender withdrew consent on {date}.").format(
                date=consent.withdrawn_at.isoformat()
            )
        ]
    if ConsentScope.STORE not in consent.scopes:
        return [_("The defender did not agree that we store their information.")]
    return []


def may_share(
    ctx: RuleContext,
    defender_id: str,
    recipient: RecipientType,
    level: RedactionLevel = RedactionLevel.PSEUDONYMISE,
    *,
    partner: ReferralTarget | None = None,
) -> SharingDecision:
    consent = current_consent(ctx, defender_id)
    reasons = _check_consent(consent, ctx)
    warnings: list[str] = []
    if not reasons and consent is not None:
        scope = _SCOPE_FOR[recipient]
        if scope not in consent.scopes:
            reasons.append(
                _("The defender did not agree to: {scope}.").format(scope=scope.label.lower())
            )
        named = partner is None or partner in consent.partners
        if recipient == RecipientType.PARTNER and not named:
            reasons.append(
                _("The defender did not name {partner} among the partners.").format(
                    partner=partner.label
                )
            )
        if level == RedactionLevel.NONE and consent.anonymity != Anonymity.FULL_NAME:
            reasons.append(
                _(
                    "The defender asked for “{anonymity}”: only a pseudonymised version may go."
                ).format(anonymity=consent.anonymity.label if consent.anonymity else "?")
            )
        if consent.review_date and consent.review_date < ctx.today:
            warnings.append(_("The consent is due for review with the defender."))
    return SharingDecision(not reasons, reasons, warnings, consent)


def referral_refusals(referral: Referral, ctx: RuleContext) -> list[str]:
    consent = ctx.get("consent", referral.consent_id) if referral.consent_id else None
    if consent is not None and not isinstance(consent, Consent):
        consent = None
    if consent is not None and consent.defender_id != referral.defender_id:
        return [_("The consent belongs to another defender.")]
    reasons = _check_consent(consent, ctx)
    if reasons or consent is None:
        return reasons
    if ConsentScope.SHARE_PARTNERS not in consent.scopes:
        reasons.append(_("The defender did not agree to sharing with partners."))
    elif referral.to not in consent.partners:
        reasons.append(
            _("The defender did not name {partner} among the partners.").format(
                partner=referral.to.label if referral.to else "?"
            )
        )
    identifying = [f for f in referral.fields_shared if f in IDENTIFYING_GROUPS]
    if identifying and consent.anonymity != Anonymity.FULL_NAME:
        reasons.append(
            _("The consent allows no identifying details; remove: {fields}.").format(
                fields=join_list(f.label for f in identifying)
            )
        )
    return reasons
