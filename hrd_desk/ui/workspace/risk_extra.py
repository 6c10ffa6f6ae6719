"""The live likelihood × impact matrix under the threat assessment form's "Risk" group."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hrd_desk.cases.assessments import ThreatAssessment
from hrd_desk.i18n import N_
from hrd_desk.ui.charts import RiskMatrix
from hrd_desk.ui.forms.layouts import register_extra

#: The msgid of the form group the matrix follows (hrd_desk/ui/forms/layouts.py).
RISK_GROUP = N_("Risk")


class LiveRiskMatrix(QWidget):
    """Follows the form's likelihood and impact editors as they change."""

    def __init__(self, form) -> None:
        super().__init__(form)
        self.setObjectName("liveRiskMatrix")
        self.form = form
        self.matrix = RiskMatrix(self)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.matrix, 0, Qt.AlignmentFlag.AlignLeading)
        box.addWidget(self.caption)
        for name in ("likelihood", "impact"):
            editor = form.editors.get(name)
            if editor is not None:
                editor.changed.connect(self.refresh)
        self.refresh()

    def _value(self, name: str) -> int | None:
        editor = self.form.editors.get(name)
        if editor is None:
            return None
        try:
            return editor.value()
        except ValueError:
            return None

    def refresh(self) -> None:
        self.matrix.set_position(self._value("likelihood"), self._value("impact"))
        self.caption.setText(self.matrix.accessibleDescription())


def _factory(form) -> QWidget:
    return LiveRiskMatrix(form)


def register_risk_matrix() -> None:
    register_extra(ThreatAssessment.KIND, RISK_GROUP, _factory)


__all__ = ["RISK_GROUP", "LiveRiskMatrix", "register_risk_matrix"]
