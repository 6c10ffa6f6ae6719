"""Opening and creating records from the lists, the search results and the New menu.

The one door to a defender is :func:`open_defender`: with the defender workspace registered
(:mod:`hrd_desk.ui.workspace`, section key ``"defender"``) it shows that defender's page through
the workspace's public entry point ``open_defender_workspace``; without it, the defender's form
opens. Every other record opens in its form (:class:`RecordDialog`) over the screen it was
chosen from, its defender fixed and its link fields offering that defender's records
(:func:`ref_choices`). A tranche is the exception: it is saved through the grants ledger, which
the workspace owns, so it opens on its defender's page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from hrd_desk.cases import fields as F
from hrd_desk.cases.assessments import ThreatAssessment
from hrd_desk.cases.consents import Consent
from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.grants import Disbursement, Grant
from hrd_desk.cases.record import KINDS, Record
from hrd_desk.cases.trials import CourtCase, Hearing
from hrd_desk.ui.forms.dialog import RecordDialog

if TYPE_CHECKING:
    from hrd_desk.cases.store import Store
    from hrd_desk.ui.session import Session

#: The defender workspace's section key (``hrd_desk.ui.workspace.DEFENDER``).
WORKSPACE = "defender"
#: Days to the first review of a new threat assessment (the officer changes it as needed).
ROUTINE_REVIEW_DAYS = 90
#: Required dates that must come *after* another date: not defaulted to today.
_NOT_TODAY = frozenset({"next_review"})

RefChoices = Callable[[str], list[tuple[str, str]]]


def ref_choices(store: Store, defender_id: str | None) -> RefChoices:
    """``fn(kind) -> [(id, title)]``: the defender's records of *kind*, by title, for the link
    fields of a form (consent_id, assessment_id, court_case_id, grant_id, request_id …)."""
    cache: dict[str, list[tuple[str, str]]] = {}

    def choices(kind: str) -> list[tuple[str, str]]:
        if not defender_id or kind not in KINDS:
            return []
        if kind not in cache:
            if kind == Defender.KIND:
                defender = store.find(Defender, defender_id)
                cache[kind] = [(defender.id, defender.pseudonym)] if defender else []
            else:
                records = store.for_defender(KINDS[kind], defender_id)
                cache[kind] = [(r.id, r.title()) for r in records]
        return list(cache[kind])

    return choices


# -- opening ---------------------------------------------------------------------------------
def open_defender(widget: QWidget, session: Session, defender_id: str) -> QWidget | None:
    """Show the defender: their workspace page, or (without a workspace) their form."""
    if session.registry.section(WORKSPACE) is not None:
        from hrd_desk.ui.workspace import open_defender_workspace

        page = open_defender_workspace(widget, defender_id)
        if page is not None:
            return page
    return edit_record(widget, session, Defender.KIND, defender_id)


def open_record(
    widget: QWidget,
    session: Session,
    kind: str,
    record_id: str,
    *,
    defender_id: str | None = None,
    on_saved: Callable[[Record], None] | None = None,
) -> QWidget | None:
    """Open any record: a defender's page for a defender, the form for anything else."""
    if kind == Defender.KIND:
        return open_defender(widget, session, record_id)
    if kind == Disbursement.KIND and defender_id:
        return open_defender(widget, session, defender_id)
    return edit_record(widget, session, kind, record_id, on_saved=on_saved)


def _grant_currency(holder: dict[str, RecordDialog], record: Record) -> Callable[[], str]:
    # Budget lines and expenses are amounts in the grant's currency, chosen on the same form.
    def currency() -> str:
        dialog = holder.get("dialog")
        if dialog is not None and "currency" in dialog.form.editors:
            return str(dialog.form.editors["currency"].value() or "")
        return str(getattr(record, "currency", "") or "")

    return currency


def record_dialog(
    parent: QWidget,
    session: Session,
    record: Record,
    *,
    on_saved: Callable[[Record], None] | None = None,
) -> RecordDialog:
    """The form for *record* (new or stored), its defender fixed, opened with ``open()``."""
    store = session.store
    cls = type(record)
    defender_id = record.defender_ref()
    fixed: dict[str, Any] = {}
    if cls.DEFENDER_FIELD is not None and defender_id:
        fixed[cls.DEFENDER_FIELD] = defender_id
    context: dict[str, Any] = {"ref_choices": ref_choices(store, defender_id)}
    holder: dict[str, RecordDialog] = {}
    if isinstance(record, Grant):
        context["currency"] = _grant_currency(holder, record)
    dialog = RecordDialog(store, record, fixed=fixed, context=context, parent=parent)
    holder["dialog"] = dialog
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_saved is not None:
        dialog.saved.connect(on_saved)
    dialog.open()
    return dialog


def edit_record(
    parent: QWidget,
    session: Session,
    kind: str,
    record_id: str,
    *,
    on_saved: Callable[[Record], None] | None = None,
) -> RecordDialog | None:
    """The stored record's form; None when it is gone (deleted or purged meanwhile)."""
    if kind not in KINDS:
        return None
    record = session.store.find_any(kind, record_id)
    if record is None:
        return None
    return record_dialog(parent, session, record, on_saved=on_saved)


# -- creating --------------------------------------------------------------------------------
def new_record_for(store: Store, kind: str, defender: Defender, **extra: Any) -> Record:
    """A blank record of *kind* for *defender*: today where a date is required, the
    defender's confidentiality, the officer as assessor, the defender's latest court case."""
    cls = KINDS[kind]
    today = store.today
    values: dict[str, Any] = {}
    if cls.DEFENDER_FIELD is not None:
        values[cls.DEFENDER_FIELD] = defender.id
    values["confidentiality"] = defender.confidentiality
    for name, spec in F.specs(cls):
        if spec.kind == F.DATE and spec.required and name not in _NOT_TODAY:
            values[name] = today
    if cls is ThreatAssessment:
        values["assessor"] = store.actor
        values["next_review"] = today + timedelta(days=ROUTINE_REVIEW_DAYS)
    elif cls is Consent:
        values["obtained_by"] = store.actor
    elif cls is Hearing:
        cases = store.for_defender(CourtCase, defender.id)
        if cases:
            values["court_case_id"] = cases[-1].id
    values.update(extra)
    known = {name for name, _spec in F.specs(cls)}
    return cls(**{k: v for k, v in values.items() if k in known})


def new_record(
    parent: QWidget,
    session: Session,
    kind: str,
    defender_id: str,
    *,
    on_saved: Callable[[Record], None] | None = None,
) -> RecordDialog | None:
    """The form for a new *kind* record of the defender. A hearing belongs to a court case:
    without one, the court case comes first, then the hearing's form."""
    store = session.store
    defender = store.find(Defender, defender_id)
    if defender is None:
        return None
    if kind == Hearing.KIND and not store.for_defender(CourtCase, defender_id):

        def then(case: Record) -> None:
            if on_saved is not None:
                on_saved(case)
            record = new_record_for(store, Hearing.KIND, defender, court_case_id=case.id)

            def hearing() -> None:
                if not session.closed and shiboken6.isValid(parent):
                    record_dialog(parent, session, record, on_saved=on_saved)

            # After the court case's dialog has closed, not from inside its save.
            QTimer.singleShot(0, hearing)

        return record_dialog(
            parent, session, new_record_for(store, CourtCase.KIND, defender), on_saved=then
        )
    return record_dialog(parent, session, new_record_for(store, kind, defender), on_saved=on_saved)
