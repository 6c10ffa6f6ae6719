"""Making a case summary: consent first, then gather, render in memory, encrypt, write, audit.

The GUI's "Case summary…" action and ``hrd-desk summary`` both call :func:`export_summary`.
Nothing is written when consent forbids it, and the audit entry (what, level, recipient, mode —
never the password) is made only after the encrypted file is in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.errors import Refused
from hrd_desk.cases.sharing import RecipientType, RedactionLevel, may_share
from hrd_desk.i18n import _, document_language
from hrd_desk.summaries.document import (
    SummaryFacts,
    deadline_horizon,
    now_utc,
    render_summary,
    section_titles,
)
from hrd_desk.summaries.encrypt import (
    check_password,
    encrypt_pdf,
    encrypt_to_recipients,
    write_encrypted,
)


@dataclass(frozen=True)
class SummaryRequest:
    defender_id: str
    lang: str = "en"
    redaction: RedactionLevel = RedactionLevel.PSEUDONYMISE
    #: who it is for, as shown on the cover and in the audit (e.g. "Headquarters")
    recipient_label: str = ""


@dataclass(frozen=True)
class SummaryResult:
    path: Path
    mode: str  # "password" or "recipients"
    warnings: tuple[str, ...]


def check_consent(store, request: SummaryRequest) -> list[str]:
    """Warnings if allowed; raises Refused with the reasons if the defender did not consent."""
    from hrd_desk.cases.store import _Context

    decision = may_share(
        _Context(store, None), request.defender_id, RecipientType.HEADQUARTERS, request.redaction
    )
    if not decision.allowed:
        raise Refused([_("This summary cannot be made."), *decision.reasons])
    return decision.warnings


def gather(store, request: SummaryRequest) -> SummaryFacts:
    from hrd_desk.cases import deadlines, ledger

    defender = store.get(Defender, request.defender_id)
    linked = store.linked(defender.id)
    totals: dict = {}
    for grant in linked.get("grant", []):
        t = ledger.grant_totals(store, grant.id)
        if t.currency in totals:
            prev = totals[t.currency]
            totals[t.currency] = type(prev)(
                t.currency,
                prev.grants + t.grants,
                prev.requested + t.requested,
                prev.approved + t.approved,
                prev.paid + t.paid,
                prev.remaining + t.remaining,
                prev.planned + t.planned,
                prev.spent + t.spent,
                prev.unreceipted + t.unreceipted,
            )
        else:
            totals[t.currency] = t
    items = deadlines.deadlines(store, deadline_horizon(store.today), defender_id=defender.id)
    return SummaryFacts(
        defender=defender,
        linked=linked,
        grant_totals=totals,
        deadlines=items,
        generated_at=now_utc(),
        generated_by=store.actor,
        recipient=request.recipient_label or _("Headquarters"),
        today=store.today,
    )


def build_summary_pdf(store, request: SummaryRequest) -> bytes:
    """Consent check, then the plaintext PDF in memory (never on disk)."""
    check_consent(store, request)
    with document_language(request.lang):
        facts = gather(store, request)
        return render_summary(facts, request.redaction)


def preview_sections(lang: str) -> list[str]:
    with document_language(lang):
        return section_titles()


def export_summary(
    store,
    request: SummaryRequest,
    out: Path,
    *,
    password: str | None = None,
    recipients: Sequence[str] = (),
) -> SummaryResult:
    if (password is None) == (not recipients):
        raise ValueError("give either a password or recipients")
    if password is not None:
        check_password(password)
    warnings = check_consent(store, request)
    pdf = build_summary_pdf(store, request)
    if password is not None:
        data, mode = encrypt_pdf(pdf, password), "password"
    else:
        data, mode = encrypt_to_recipients(pdf, list(recipients)), "recipients"
    del pdf
    path = write_encrypted(data, out)
    detail = {
        "level": request.redaction.value,
        "lang": request.lang,
        "recipient": request.recipient_label or "headquarters",
        "mode": mode,
    }
    if recipients:
        detail["recipients"] = len(recipients)
    store.record_export("defender", request.defender_id, what="summary", detail=detail)
    return SummaryResult(path, mode, tuple(warnings))
