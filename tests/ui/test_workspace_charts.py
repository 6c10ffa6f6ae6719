"""The custom-painted risk matrix and trend: the right cell is framed, the drawing is the mirror
image in right-to-left (checked on rendered pixels), sizes follow the text scale, and the
assessment form's matrix follows its spin boxes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QWidget

from hrd_desk.cases.assessments import ThreatAssessment, risk_level
from hrd_desk.cases.store import Store
from hrd_desk.cases.vocab import RiskLevel
from hrd_desk.ui.charts import RiskMatrix, RiskTrend
from hrd_desk.ui.charts.colours import INK, level_fill
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.workspace.risk_extra import LiveRiskMatrix, register_risk_matrix
from tests.cases.conftest import TODAY, defender

LTR = Qt.LayoutDirection.LeftToRight
RTL = Qt.LayoutDirection.RightToLeft


def _render(widget: QWidget, direction: Qt.LayoutDirection) -> QImage:
    widget.setLayoutDirection(direction)
    widget.resize(widget.sizeHint())
    return widget.grab().toImage()


def _colour(image: QImage, x: int, y: int) -> QColor:
    return image.pixelColor(QPoint(x, y))


def _matrix(qtbot, likelihood: int | None, impact: int | None) -> RiskMatrix:
    matrix = RiskMatrix()
    qtbot.addWidget(matrix)
    matrix.set_position(likelihood, impact)
    return matrix


@pytest.mark.parametrize(("likelihood", "impact"), [(4, 2), (1, 5), (5, 5), (2, 3)])
def test_the_current_cell_and_only_it_is_framed(qtbot, likelihood: int, impact: int) -> None:
    matrix = _matrix(qtbot, likelihood, impact)
    image = _render(matrix, LTR)
    framed = []
    for lk in range(1, 6):
        for im in range(1, 6):
            cell = matrix.cell_rect(lk, im)
            # A pixel on the frame (top-left inside corner) and one well inside, off the text.
            edge = _colour(image, cell.x() + 1, cell.y() + 1)
            inside = _colour(image, cell.x() + 5, cell.y() + 5)
            assert inside == level_fill(risk_level(lk, im)), (lk, im)
            if edge == INK:
                framed.append((lk, im))
    assert framed == [(likelihood, impact)]
    # Likelihood grows rightwards, impact upwards.
    assert matrix.cell_rect(2, 1).x() > matrix.cell_rect(1, 1).x()
    assert matrix.cell_rect(1, 2).y() < matrix.cell_rect(1, 1).y()


def test_nothing_is_framed_without_a_position(qtbot) -> None:
    matrix = _matrix(qtbot, None, None)
    image = _render(matrix, LTR)
    for lk in range(1, 6):
        for im in range(1, 6):
            cell = matrix.cell_rect(lk, im)
            assert _colour(image, cell.x() + 1, cell.y() + 1) != INK
    assert "not set" in matrix.accessibleDescription()


def test_matrix_is_mirrored_right_to_left(qtbot) -> None:
    matrix = _matrix(qtbot, 4, 2)
    ltr = _render(matrix, LTR)
    ltr_cells = {(lk, im): matrix.cell_rect(lk, im) for lk in range(1, 6) for im in range(1, 6)}
    rtl = _render(matrix, RTL)
    width = ltr.width()
    assert rtl.width() == width
    top = ltr_cells[(1, 5)].top()
    bottom = ltr_cells[(1, 1)].bottom()
    # Pixel columns at the frame's inner edge and at every cell's edges: the right-to-left
    # column at x must equal the left-to-right column at width-1-x, over the whole grid height.
    frame = ltr_cells[(4, 2)]
    columns = [frame.x() + 1, frame.right() - 2]
    columns += [ltr_cells[(lk, 1)].x() + 2 for lk in range(1, 6)]
    for x in columns:
        left = [_colour(ltr, x, y) for y in range(top, bottom)]
        mirrored = [_colour(rtl, width - 1 - x, y) for y in range(top, bottom)]
        assert left == mirrored, x
    # …and it really moved: the unmirrored column differs (the matrix is not symmetric).
    x = ltr_cells[(1, 1)].x() + 2
    assert [_colour(ltr, x, y) for y in range(top, bottom)] != [
        _colour(rtl, x, y) for y in range(top, bottom)
    ]
    # Likelihood now grows leftwards.
    assert matrix.cell_rect(2, 1).x() < matrix.cell_rect(1, 1).x()


def test_matrix_grows_with_the_text_and_keeps_its_labels_whole(qtbot) -> None:
    matrix = _matrix(qtbot, 3, 3)
    normal = matrix.sizeHint()
    font = QFont(matrix.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    matrix.setFont(font)
    double = matrix.sizeHint()
    assert double.width() >= normal.width() * 1.8
    assert double.height() >= normal.height() * 1.8
    bold = QFont(font)
    bold.setBold(True)
    widest = max(QFontMetrics(bold).horizontalAdvance(level.label) for level in RiskLevel)
    matrix.resize(double)
    assert matrix.cell_rect(1, 1).width() - 2 >= widest


def test_position_is_stated_in_words(qtbot) -> None:
    matrix = _matrix(qtbot, 5, 4)
    assert matrix.accessibleDescription() == (
        "Likelihood 5 of 5, impact 4 of 5. Risk level: Critical."
    )
    assert matrix.toolTip() == matrix.accessibleDescription()
    matrix.set_position(1, 1)
    assert matrix.accessibleDescription().endswith("Risk level: Low.")


def test_trend_runs_in_the_reading_direction(qtbot) -> None:
    trend = RiskTrend()
    qtbot.addWidget(trend)
    trend.set_points([(date(2026, 1, 5), RiskLevel.LOW), (date(2026, 6, 1), RiskLevel.CRITICAL)])
    trend.setLayoutDirection(LTR)
    trend.resize(420, trend.sizeHint().height())
    ltr = trend.grab().toImage()
    newest = trend.point_position(1)
    x, y = round(newest.x()), round(newest.y())
    assert _colour(ltr, x, y) == level_fill(RiskLevel.CRITICAL)
    oldest = trend.point_position(0)
    assert oldest.x() < newest.x()
    trend.setLayoutDirection(RTL)
    rtl = trend.grab().toImage()
    # The newest point is now at the mirrored place, the oldest on the right.
    assert _colour(rtl, ltr.width() - x, y) == level_fill(RiskLevel.CRITICAL)
    assert _colour(rtl, x, y) != level_fill(RiskLevel.CRITICAL)
    assert "2 assessments" in trend.accessibleDescription()
    assert "Critical" in trend.accessibleDescription()


def test_assessment_form_has_a_live_matrix(qtbot, vault) -> None:
    register_risk_matrix()
    store = Store.open(vault, actor="tester", today=lambda: TODAY)
    d = store.add(defender())
    dialog = RecordDialog(store, ThreatAssessment(), fixed={"defender_id": d.id})
    qtbot.addWidget(dialog)
    live = dialog.findChild(LiveRiskMatrix)
    assert live is not None, "no matrix after the Risk group"
    assert live.matrix.likelihood is None
    likelihood = dialog.form.editors["likelihood"].widget
    impact = dialog.form.editors["impact"].widget
    likelihood.setValue(4)
    impact.setValue(5)
    assert (live.matrix.likelihood, live.matrix.impact) == (4, 5)
    assert "Critical" in live.caption.text()
    impact.setValue(1)
    assert live.matrix.level == RiskLevel.LOW
    dialog.discard_without_asking()
