"""The header card of a defender's workspace: who, what, how at risk, what may be shared, and
what is due next. The full name appears only when the post's "show names" setting is on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from hrd_desk.cases.sharing import RecipientType
from hrd_desk.formats import format_date
from hrd_desk.i18n import _, isolate, join_list, pgettext
from hrd_desk.ui.widgets import heading, mark_data
from hrd_desk.ui.workspace.data import WorkspaceData
from hrd_desk.ui.workspace.parts import align_start, badge, clean, set_risk_badge

STATUS_STYLE = (
    "QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 2px 8px; "
    "font-weight: 600; }"
)


def yes_no(value: bool) -> str:
    return pgettext("consent summary", "yes") if value else pgettext("consent summary", "no")


def consent_summary(data: WorkspaceData) -> str:
    consent = data.consent()
    text = _("Summaries to HQ: {hq} · Public naming: {public}").format(
        hq=yes_no(data.may_share(RecipientType.HEADQUARTERS)),
        public=yes_no(data.may_share(RecipientType.PUBLIC)),
    )
    if consent is None:
        return text + " " + _("(no consent recorded)")
    if consent.withdrawn:
        return (
            text
            + " "
            + _("(consent withdrawn on {date})").format(
                date=isolate(format_date(consent.withdrawn_at))
            )
        )
    return text


def deadline_text(data: WorkspaceData) -> str:
    due = data.next_deadline()
    if due is None:
        return _("Next deadline: none in the coming year")
    if due.overdue:
        return _("Overdue since {date}: {what}").format(
            date=isolate(format_date(due.date)), what=due.label
        )
    return _("Next deadline: {date}, {what}").format(
        date=isolate(format_date(due.date)), what=due.label
    )


class HeaderCard(QFrame):
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("defenderHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.back = QToolButton(self)
        self.back.setText(_("Defenders"))
        self.back.setToolTip(_("Back to the list of defenders"))
        self.back.setAccessibleName(_("Back to the list of defenders"))
        self.back.setArrowType(
            Qt.ArrowType.RightArrow if self.isRightToLeft() else Qt.ArrowType.LeftArrow
        )
        self.back.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back.clicked.connect(self.backRequested)
        self.name = mark_data(heading("", self, scale=1.5))
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setObjectName("defenderPseudonym")
        self.full_name = mark_data(QLabel(self))
        self.full_name.setTextFormat(Qt.TextFormat.PlainText)
        self.full_name.setObjectName("defenderFullName")
        self.facts = mark_data(QLabel(self))
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.status = mark_data(badge(self))
        self.status.setStyleSheet(STATUS_STYLE)
        self.risk = mark_data(badge(self))
        self.risk.setObjectName("riskBadge")
        self.consent = mark_data(QLabel(self))
        self.consent.setTextFormat(Qt.TextFormat.PlainText)
        self.consent.setWordWrap(True)
        self.consent.setObjectName("consentSummary")
        self.deadline = mark_data(QLabel(self))
        self.deadline.setTextFormat(Qt.TextFormat.PlainText)
        self.deadline.setWordWrap(True)
        self.deadline.setObjectName("nextDeadline")

        for label in (self.name, self.full_name, self.facts, self.consent, self.deadline):
            align_start(label)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.name)
        top.addWidget(self.full_name)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.risk)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.facts)
        box.addWidget(self.consent)
        box.addWidget(self.deadline)

    def show_data(self, data: WorkspaceData) -> None:
        d = data.defender
        self.name.setText(clean(d.pseudonym))
        self.name.setAccessibleName(_("Pseudonym: {name}").format(name=clean(d.pseudonym)))
        show = data.show_names and bool(d.full_name.strip())
        self.full_name.setText(f"({clean(d.full_name)})" if show else "")
        self.full_name.setVisible(show)
        kind = d.kind.label if d.kind else "—"
        categories = join_list(c.label for c in d.hrd_categories) or "—"
        self.facts.setText(_("{kind} · {categories}").format(kind=kind, categories=categories))
        status = d.current_status.label if d.current_status else "—"
        self.status.setText(_("Status: {status}").format(status=status))
        self.status.setAccessibleName(self.status.text())
        set_risk_badge(self.risk, data.current_risk())
        self.consent.setText(consent_summary(data))
        self.deadline.setText(deadline_text(data))

    def clear(self) -> None:
        for label in (
            self.name,
            self.full_name,
            self.facts,
            self.status,
            self.risk,
            self.consent,
            self.deadline,
        ):
            label.clear()
            label.setAccessibleName("")
