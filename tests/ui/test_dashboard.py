"""The dashboard: "Needs action" in date order for a fixed day, each line opens its record;
the counts and the year's funds beside it; the bar chart mirrors in right-to-left."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from hrd_desk.cases.fields import ChecklistAnswer
from hrd_desk.cases.grants import GrantStatus
from hrd_desk.cases.schema import migrate
from hrd_desk.cases.settings import LAST_BACKUP_AT, set_setting
from hrd_desk.cases.store import Store
from hrd_desk.cases.visits import Access, ConditionAnswer, ConditionItem, VisitStatus
from hrd_desk.cases.vocab import Priority
from hrd_desk.crypto.vault import create_vault
from hrd_desk.i18n import N_
from hrd_desk.ui.dashboard.charts import Bar, BarChart, row_geometry
from hrd_desk.ui.dashboard.section import ActionModel, DashboardSection
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.sections import DASHBOARD, default_registry
from tests.cases.builders_part2 import approved_grant, court_case, hearing, visit
from tests.cases.conftest import assessment, defender, incident, request
from tests.conftest import PASSPHRASE
from tests.ui.helpers import shell_registry, unlock

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _scenario(folder: Path) -> dict[str, str]:
    """Two defenders with one line of each kind the dashboard shows, and look-alikes that are
    not due (a hearing beyond 14 days, a decided request)."""
    vault, _key = create_vault(folder, PASSPHRASE)
    try:
        migrate(vault.connection)
        s = Store(vault.connection, actor="tester", today=lambda: TODAY)
        falcon = s.add(defender(pseudonym="Falcon"))
        heron = s.add(defender(pseudonym="Heron"))
        ids = {"falcon": falcon.id, "heron": heron.id}
        # urgent, received 1 Nov: the 10-day target ran out on 11 Nov
        ids["request"] = s.add(request(falcon.id, priority=Priority.URGENT)).id
        case = s.add(court_case(falcon.id))
        ids["hearing"] = s.add(hearing(case, date=date(2026, 12, 1))).id
        s.add(hearing(case, date=date(2026, 12, 20)))  # beyond the 14 days
        ids["assessment"] = s.add(assessment(heron.id, next_review=date(2027, 1, 20))).id
        s.add(incident(heron.id))  # flags Heron's assessment for review today
        ids["visit"] = s.add(
            visit(
                heron.id,
                visit_date=date(2026, 11, 10),
                status=VisitStatus.CONDUCTED,
                access=Access.FULL,
                private_interview=True,
                next_visit=date(2026, 11, 23),
                conditions={
                    ConditionItem.SOLITARY: ChecklistAnswer(answer=ConditionAnswer.YES, value=20)
                },
            )
        ).id
        s.add(
            approved_grant(
                falcon.id,
                status=GrantStatus.APPROVED,
                approved_amount=Decimal("4000.00"),
                start=date(2026, 11, 1),
            )
        )
        # The last verified backup: ten days ago (the reminder comes after seven).
        set_setting(vault.connection, LAST_BACKUP_AT, "2026-11-14T09:00:00Z")
        return ids
    finally:
        vault.lock()


def _registry(*, workspace: bool = True):
    registry = default_registry() if workspace else shell_registry()
    registry.register_section(
        DASHBOARD, N_("Dashboard"), lambda session: DashboardSection(session, clock=lambda: NOW)
    )
    return registry


def _dashboard(qtbot, make_shell, vault_dir: Path, **kwargs) -> tuple[object, DashboardSection]:
    shell = make_shell(vault_path=vault_dir, registry=_registry(**kwargs))
    unlock(qtbot, shell, PASSPHRASE)
    page = shell.main_window.current_section()
    assert isinstance(page, DashboardSection)
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading(), timeout=10_000)
    return shell, page


def _rows(page: DashboardSection) -> list[tuple[str, ...]]:
    model = page.model
    return [
        tuple(model.index(row, col).data() for col in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_needs_action_in_date_order_for_a_fixed_day(qtbot, make_shell, vault_dir: Path) -> None:
    _scenario(vault_dir)
    _shell, page = _dashboard(qtbot, make_shell, vault_dir)
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Date",
        "Status",
        "What",
        "Defender",
    ]
    assert _rows(page) == [
        (
            "Nov 10, 2026",
            "Alert",
            "Prolonged solitary confinement",
            "Heron",
        ),
        (
            "Nov 11, 2026",
            "Overdue",
            "Decision due on the urgent request received Nov 1, 2026",
            "Falcon",
        ),
        ("Nov 21, 2026", "Overdue", "Last backup is older than 7 days", "—"),
        ("Nov 23, 2026", "Overdue", "Next prison visit (last visit Nov 10, 2026)", "Heron"),
        (
            "Nov 24, 2026",
            "Due today",
            "Assessment of Nov 2, 2026 flagged for review by a new incident",
            "Heron",
        ),
        ("Dec 1, 2026", "Upcoming", "Hearing: Merits", "Falcon"),
    ]
    assert page.summary.text() == "6 items · 3 overdue"
    # Overdue is said in words; the colour only underlines it.
    status = page.model.index(1, ActionModel.STATUS)
    assert status.data() == "Overdue"
    assert status.data(Qt.ItemDataRole.FontRole).bold()
    # the alert explains itself
    assert "Nelson Mandela Rules" in page.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert page.banner.isVisible()
    assert page.banner_text.text() == "The last backup is more than 7 days old."


def test_counts_and_funds_beside_it(qtbot, make_shell, vault_dir: Path) -> None:
    _scenario(vault_dir)
    _shell, page = _dashboard(qtbot, make_shell, vault_dir)
    requests = [(b.label, b.value) for b in page.requests_chart.bars()]
    assert requests == [("Received", 1)]
    assert page.requests_total.text() == "1 request in all"
    risk = [(b.label, b.value) for b in page.risk_chart.bars()]
    # Heron's assessment (likelihood 3 × impact 3) is medium; Falcon has none.
    assert risk == [("Critical", 0), ("High", 0), ("Medium", 1), ("Low", 0), ("Not assessed", 1)]
    assert page.defenders_total.text() == "2 defenders in all"
    # what the chart shows is also there as text (screen readers, tooltip)
    assert "Medium: 1" in page.risk_chart.accessibleDescription()
    assert page.funds_box.title() == "Funds this year (2026)"
    cells = [[page.funds.item(r, c).text() for c in range(3)] for r in range(page.funds.rowCount())]
    assert cells == [["Front Line Defenders protection grant", "€4,000.00", "€0.00"]]


def test_enter_opens_the_record_in_the_defender_workspace(qtbot, make_shell, vault_dir) -> None:
    ids = _scenario(vault_dir)
    shell, page = _dashboard(qtbot, make_shell, vault_dir)
    row = next(r for r, i in enumerate(page.model.items()) if i.record_id == ids["hearing"])
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = _record_dialog(qtbot, ids["hearing"])
    assert dialog.form.original.defender_id == ids["falcon"]
    if shell.registry.section("defender") is not None:
        workspace = shell.main_window.current_section()
        assert workspace.defender_id == ids["falcon"]
        assert workspace.tabs.currentWidget() is workspace.trials
    dialog.discard_without_asking()
    # Back on the dashboard, it loads again (something may have been saved meanwhile).
    shell.main_window.show_section(DASHBOARD)
    assert page.is_loading()
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)


def test_without_a_workspace_the_form_opens_over_the_dashboard(
    qtbot, make_shell, vault_dir
) -> None:
    ids = _scenario(vault_dir)
    shell, page = _dashboard(qtbot, make_shell, vault_dir, workspace=False)
    row = next(r for r, i in enumerate(page.model.items()) if i.record_id == ids["request"])
    index = page.model.index(row, 2)
    page.table.scrollTo(index)
    where = page.table.visualRect(index).center()
    viewport = page.table.viewport()
    # QTest's double click alone is taken for a press: a real one starts with a click.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    dialog = _record_dialog(qtbot, ids["request"])
    assert dialog.parent() is page
    assert shell.main_window.current_section() is page
    dialog.discard_without_asking()


def _record_dialog(qtbot, record_id: str) -> RecordDialog:
    def found() -> RecordDialog | None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, RecordDialog)
                and widget.isVisible()
                and widget.form.original.id == record_id
            ):
                return widget
        return None

    qtbot.waitUntil(lambda: found() is not None, timeout=10_000)
    return found()


def test_an_empty_vault_needs_nothing_but_a_backup(qtbot, make_shell, vault_dir: Path) -> None:
    vault, _key = create_vault(vault_dir, PASSPHRASE)
    migrate(vault.connection)
    vault.lock()
    _shell, page = _dashboard(qtbot, make_shell, vault_dir)
    # "never" counts as too old
    assert _rows(page) == [("Nov 24, 2026", "Due today", "No backup of this vault yet", "—")]
    assert page.banner.isVisible()
    assert "never been backed up" in page.banner_text.text()
    assert page.funds_note.text() == "No grant approved or paid this year."


def test_locking_drops_what_the_dashboard_showed(qtbot, make_shell, vault_dir: Path) -> None:
    _scenario(vault_dir)
    shell, page = _dashboard(qtbot, make_shell, vault_dir)
    assert page.model.rowCount() == 6
    shell.lock()
    assert page.data is None
    assert page.model.rowCount() == 0
    assert page.risk_chart.bars() == []


@pytest.mark.parametrize("rtl", [False, True])
def test_bar_rows_mirror_in_right_to_left(rtl: bool) -> None:
    row = QRect(0, 0, 300, 20)
    geo = row_geometry(row, label_width=80, number_width=20, value=5, maximum=10, rtl=rtl)
    if not rtl:
        assert geo.label.left() == 0
        assert geo.label.right() < geo.bar.left() < geo.bar.right() < geo.number.left()
    else:
        assert geo.label.right() == row.right()
        assert geo.number.right() < geo.bar.left() < geo.bar.right() < geo.label.left()
    assert geo.bar.width() == round((300 - 80 - 20 - 16) * 5 / 10)
    assert row_geometry(row, 80, 20, 1, 1000, rtl).bar.width() >= 2  # a count is never invisible
    assert row_geometry(row, 80, 20, 0, 10, rtl).bar.width() == 0


def test_bar_chart_widget_follows_the_layout_direction(qtbot) -> None:
    chart = BarChart("Risk")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("High", 3), Bar("Low", 1)])
    chart.resize(300, chart.sizeHint().height())
    left = chart.geometries()
    chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    right = chart.geometries()
    assert left[0].label.left() == 0
    assert right[0].label.right() == chart.width() - 1
    assert right[0].bar.width() == left[0].bar.width() > right[1].bar.width() > 0
    chart.grab()  # paints without error in both directions


def test_every_string_of_the_dashboard_backup_and_programmes_is_translatable(
    qtbot, make_shell, vault_dir: Path
) -> None:
    from hrd_desk import i18n
    from hrd_desk.ui.backup.backup_dialog import BackupDialog
    from hrd_desk.ui.backup.restore_dialog import RestoreDialog
    from hrd_desk.ui.sections import SETTINGS
    from tests.ui.test_language import Pseudo, _texts, _untranslated

    _scenario(vault_dir)
    registry = default_registry(
        ("hrd_desk.ui.settings", "hrd_desk.ui.settings.programmes", "hrd_desk.ui.backup")
    )
    registry.register_section(
        DASHBOARD, N_("Dashboard"), lambda session: DashboardSection(session, clock=lambda: NOW)
    )
    shell = make_shell(vault_path=vault_dir, registry=registry)
    i18n.use_translations("en", Pseudo())  # after the shell applied its language
    unlock(qtbot, shell, PASSPHRASE)
    page = shell.main_window.current_section()
    qtbot.waitUntil(lambda: page.data is not None and not page.is_loading(), timeout=10_000)
    assert len(_texts(page)) > 10
    assert _untranslated(page) == []
    settings = shell.main_window.show_section(SETTINGS)
    assert _untranslated(settings) == []
    backup = page.back_up()
    assert isinstance(backup, BackupDialog)
    assert _untranslated(backup) == []
    backup.reject()
    shell.lock()
    shell.unlock_window.restore_backup()
    restore = shell.unlock_window.restore_dialog
    assert isinstance(restore, RestoreDialog)
    assert _untranslated(restore) == []
    restore.reject()
