"""Case lists: paged reads, sorting and filters in SQL, badges with text, Enter opens, names
hidden unless shown, nothing kept after a lock, the same place after unlocking, New records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hrd_desk import i18n
from hrd_desk.cases.assessments import ThreatAssessment
from hrd_desk.cases.defenders import Defender, DefenderStatus, HrdCategory, default_retention
from hrd_desk.cases.requests import Request
from hrd_desk.cases.settings import SHOW_NAMES
from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import CourtCase, CourtType, Hearing
from hrd_desk.cases.vocab import RiskLevel
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.lists import columns as C
from hrd_desk.ui.lists.badges import TONE_COLOURS, TONE_ROLE, BadgeDelegate, badge_colours
from hrd_desk.ui.lists.chooser import DefenderChooser
from hrd_desk.ui.lists.model import LOADING, RAW_ROLE
from hrd_desk.ui.lists.opening import ref_choices
from hrd_desk.ui.sections import DEFENDERS, DETENTION, REQUESTS
from tests.conftest import PASSPHRASE
from tests.support import fastkdf
from tests.ui.helpers import all_widget_texts, unlock, widgets_with_text
from tests.ui.lists_support import (
    FULL_NAME,
    PSEUDONYM,
    build_bare_vault,
    build_small_vault,
    copy_vault,
    open_shell,
    show_list,
    wait_loaded,
)
from tests.ui.test_language import Pseudo

BIG = 10_000
#: What "a page" may cost at most, whatever the model's page size is set to.
ONE_PAGE = 200


@pytest.fixture(scope="session")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 defenders, built once per test run (read only: tests never write to it)."""
    fastkdf.install()  # session fixtures run before the per-test fast KDF
    folder = tmp_path_factory.mktemp("lists") / "ten-thousand"
    build_bare_vault(folder, BIG)
    return folder


@pytest.fixture(scope="session")
def small_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    fastkdf.install()
    folder = tmp_path_factory.mktemp("lists") / "small"
    return folder, build_small_vault(folder)


@pytest.fixture
def small(small_source, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the small demo vault (a test may write to it)."""
    source, ids = small_source
    return copy_vault(source, tmp_path / "vault"), ids


def _click_header(table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def _raw(model, column_key: str) -> list[object]:
    col = model.column_index(column_key)
    return [model.index(r, col).data(RAW_ROLE) for r in range(model.rowCount())]


# -- paging ------------------------------------------------------------------------------------
def test_defender_list_reads_one_page_at_a_time(qtbot, make_shell, big_vault: Path) -> None:
    _shell, window = open_shell(qtbot, make_shell, big_vault)
    _section, panel = show_list(qtbot, window, DEFENDERS)
    model, table = panel.model, panel.table
    assert model.rowCount() == BIG
    assert panel.count.text() == "10,000 defenders"
    # The first screen cost one page of rows (model.rows_fetched sums Store.rows_fetched of
    # every read the list made), not 10,000.
    first = model.rows_fetched
    assert 0 < first <= ONE_PAGE
    assert len(model.cached_rows()) <= ONE_PAGE

    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.cached_row(BIG - 1) is not None)
    wait_loaded(qtbot, panel)
    assert model.index(BIG - 1, 0).data() not in (None, LOADING)
    assert model.rows_fetched <= first + 2 * ONE_PAGE

    # Jumping through the list reads the pages it lands on; memory keeps a few.
    for row in range(0, BIG, 1_250):
        table.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.cached_row(row) is not None)
    wait_loaded(qtbot, panel)
    assert len(model.cached_rows()) <= 10 * ONE_PAGE
    assert model.rows_fetched <= BIG // 4

    # Sorting is the store's SQL: one page again, not the table.
    before = model.rows_fetched
    _click_header(table, model.column_index("country"))
    wait_loaded(qtbot, panel)
    assert model.sort_key == "country"
    assert 0 < model.rows_fetched - before <= 2 * ONE_PAGE
    assert model.rowCount() == BIG


# -- sorting, filters, counts ----------------------------------------------------------------
def test_sorting_and_filters_change_rows_and_count_line(qtbot, make_shell, small) -> None:
    folder, _ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    _section, panel = show_list(qtbot, window, DEFENDERS)
    model = panel.model
    total = model.rowCount()
    assert total == 25
    assert panel.count.text() == "25 defenders"

    risk = model.column_index("current_risk")
    _click_header(panel.table, risk)
    wait_loaded(qtbot, panel)
    ranks = [RiskLevel(v).rank for v in _raw(model, "current_risk") if v]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    _click_header(panel.table, risk)  # again: the other way round
    wait_loaded(qtbot, panel)
    ranks = [RiskLevel(v).rank for v in _raw(model, "current_risk") if v]
    assert ranks == sorted(ranks, reverse=True)
    assert panel.table.horizontalHeader().sortIndicatorSection() == risk

    # A column the store cannot sort keeps the current order (and its arrow).
    _click_header(panel.table, model.column_index("categories"))
    assert model.sort_key == "current_risk"
    assert panel.table.horizontalHeader().sortIndicatorSection() == risk

    detained = shell.session.store.count("defender", {"status": ["detained"]})
    assert 0 < detained < total
    panel.filters.set_filter("status", "detained")
    wait_loaded(qtbot, panel)
    assert model.rowCount() == detained
    assert set(_raw(model, "current_status")) == {"detained"}
    assert panel.count.text() == f"25 defenders, {detained} shown"
    assert panel.filters.combos["status"].currentText() == "Status: Detained"
    assert panel.filters.clear_button.isEnabled()

    panel.filters.clear_button.click()
    wait_loaded(qtbot, panel)
    assert model.rowCount() == total
    assert panel.count.text() == "25 defenders"


def test_count_line_uses_the_locale_and_plurals() -> None:
    assert C.count_line(C.DEFENDERS, 1284, 37, True) == "1,284 defenders, 37 shown"
    assert C.count_line(C.REQUESTS, 1, 1, False) == "1 request"
    i18n.set_language("fr")
    assert C.count_line(C.DEFENDERS, 1284, 37, False).startswith("1\u202f284")


# -- badges -------------------------------------------------------------------------------------
def test_badges_are_translated_labels_not_only_colours(qtbot, make_shell, small) -> None:
    folder, _ids = small
    _shell, window = open_shell(qtbot, make_shell, folder)
    i18n.use_translations("en", Pseudo())  # every label shown must come through _()
    _section, panel = show_list(qtbot, window, DEFENDERS)
    model = panel.model
    for key, vocab in (("current_status", DefenderStatus), ("current_risk", RiskLevel)):
        col = model.column_index(key)
        assert isinstance(panel.table.itemDelegateForColumn(col), BadgeDelegate)
        seen = 0
        for row in range(model.rowCount()):
            index = model.index(row, col)
            raw = index.data(RAW_ROLE)
            if not raw:
                assert index.data() == C.EMPTY and index.data(TONE_ROLE) is None
                continue
            assert index.data() == f"⟦{vocab(raw).msgid}⟧"
            assert index.data(TONE_ROLE) in TONE_COLOURS
            assert index.data() in index.data(Qt.ItemDataRole.AccessibleTextRole)
            seen += 1
        assert seen
    assert not panel.table.grab().isNull()  # the delegate paints


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_badge_text_is_readable_on_light_and_dark_palettes(dark: bool) -> None:
    palette = QPalette()
    base, text = ("#1e1e1e", "#f0f0f0") if dark else ("#ffffff", "#1a1a1a")
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    for tone in TONE_COLOURS:
        fill, _border, _dot, ink = badge_colours(tone, palette)
        hi, lo = sorted((luminance(fill), luminance(ink)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, tone  # WCAG AA for normal text


# -- opening --------------------------------------------------------------------------------------
def test_enter_on_a_defender_opens_their_workspace(qtbot, make_shell, small) -> None:
    folder, ids = small
    _shell, window = open_shell(qtbot, make_shell, folder)
    _section, panel = show_list(qtbot, window, DEFENDERS)
    row = panel.model.find_row(ids["defender"])
    assert row >= 0
    panel.table.select_row(row)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.defenderRequested) as blocker:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert blocker.args == [ids["defender"]]
    qtbot.waitUntil(lambda: window.current_section_key() == "defender")
    workspace = window.current_section()
    qtbot.waitUntil(
        lambda: workspace.data is not None and workspace.data.defender_id == ids["defender"]
    )
    assert FULL_NAME not in window.windowTitle() and PSEUDONYM not in window.windowTitle()


def test_enter_or_double_click_on_a_request_opens_its_form(qtbot, make_shell, small) -> None:
    folder, ids = small
    _shell, window = open_shell(qtbot, make_shell, folder)
    _section, panel = show_list(qtbot, window, REQUESTS)
    row = panel.model.find_row(ids["request"])
    assert row >= 0
    panel.table.select_row(row)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.findChild(RecordDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.form.original.id == ids["request"]
    assert dialog.form.fixed == {"defender_id": ids["defender"]}
    # Link fields offer this defender's records, by title.
    combo = dialog.form.editors["assessment_id"].widget
    assert combo.findData(ids["assessment"]) >= 0
    assert PSEUDONYM not in dialog.windowTitle()
    dialog.discard_without_asking()
    qtbot.waitUntil(lambda: panel.findChild(RecordDialog) is None or not dialog.isVisible())

    rect = panel.table.visualRect(panel.model.index(row, 1))
    # A real double click: press, release, then the double-click event on the same cell.
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in panel.findChildren(RecordDialog)), timeout=3000
    )
    [opened] = [d for d in panel.findChildren(RecordDialog) if d.isVisible()]
    assert opened.form.original.id == ids["request"]
    opened.discard_without_asking()


def test_detention_section_has_hearings_and_visits(qtbot, make_shell, small) -> None:
    folder, _ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    section = window.show_section(DETENTION)
    assert [section.tabs.tabText(i) for i in range(section.tabs.count())] == [
        "Hearings",
        "Prison visits",
    ]
    hearings = section.panels["hearing"]
    wait_loaded(qtbot, hearings)
    assert hearings.model.rowCount() == shell.session.store.count("hearing")
    section.tabs.setCurrentIndex(1)
    visits = section.panels["prison_visit"]
    wait_loaded(qtbot, visits)
    assert visits.model.rowCount() == shell.session.store.count("prison_visit")
    assert visits.count.text().endswith("prison visits") or visits.count.text() == "1 prison visit"


# -- names --------------------------------------------------------------------------------------
def test_full_names_only_with_the_show_names_setting(qtbot, make_shell, small) -> None:
    folder, ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    _section, panel = show_list(qtbot, window, DEFENDERS)
    model = panel.model
    assert model.column_index("full_name") == -1
    row = model.find_row(ids["defender"])
    assert "full_name" not in model.cached_row(row).values  # not even in memory
    panel.table.select_row(row)
    assert panel.preview.title.text() == PSEUDONYM
    assert not any(FULL_NAME in text for text in all_widget_texts())

    shell.session.set_setting(SHOW_NAMES, True)
    wait_loaded(qtbot, panel)
    col = model.column_index("full_name")
    assert col >= 0
    row = model.find_row(ids["defender"])
    assert model.index(row, col).data() == FULL_NAME
    qtbot.waitUntil(lambda: panel.selected_id() == ids["defender"])
    assert FULL_NAME in panel.preview.title.text()
    assert FULL_NAME not in window.windowTitle()

    shell.session.set_setting(SHOW_NAMES, False)
    wait_loaded(qtbot, panel)
    assert model.column_index("full_name") == -1
    assert all("full_name" not in r.values for r in model.cached_rows())


# -- locking --------------------------------------------------------------------------------------
def test_lock_drops_every_row_and_unlock_returns_to_the_same_place(
    qtbot, make_shell, small
) -> None:
    folder, ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    _section, panel = show_list(qtbot, window, DEFENDERS)
    panel.filters.set_filter("status", "detained")
    wait_loaded(qtbot, panel)
    _click_header(panel.table, panel.model.column_index("country"))
    wait_loaded(qtbot, panel)
    panel.table.select_row(panel.model.find_row(ids["defender"]))
    assert panel.selected_id() == ids["defender"]
    model = panel.model

    shell.lock("user")
    assert model.closed
    assert model.rowCount() == 0 and model.cached_rows() == []
    assert not widgets_with_text(PSEUDONYM)

    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    assert window.current_section_key() == DEFENDERS
    panel = window.current_section().panel
    wait_loaded(qtbot, panel)
    assert panel.model.filters == {"status": ["detained"]}
    assert panel.model.sort_key == "country"
    assert panel.filters.combos["status"].currentData() == "detained"
    qtbot.waitUntil(lambda: panel.selected_id() == ids["defender"])
    assert panel.preview.title.text() == PSEUDONYM


# -- New … --------------------------------------------------------------------------------------
def _new_action(window, title: str):
    return next(a for a in window.new_menu.actions() if a.text() == title)


def _choose_in_chooser(qtbot, window, text: str) -> DefenderChooser:
    chooser = window.findChild(DefenderChooser)
    assert chooser is not None and chooser.isVisible()
    qtbot.waitUntil(lambda: chooser.model.has_loaded)
    qtbot.keyClicks(chooser.search, text)
    qtbot.waitUntil(
        lambda: chooser.stack.currentWidget() is chooser.results and chooser.results.count() > 0
    )
    qtbot.keyClick(chooser.search, Qt.Key.Key_Return)
    return chooser


def _visible_dialog(window) -> RecordDialog:
    dialogs = [d for d in window.findChildren(RecordDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_new_request_asks_which_defender_then_opens_the_form(qtbot, make_shell, small) -> None:
    folder, ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    assert [a.text() for a in window.new_menu.actions()][:3] == [
        "Defender…",
        "Request…",
        "Incident…",
    ]
    _section, panel = show_list(qtbot, window, REQUESTS)
    before = panel.model.rowCount()
    _new_action(window, "Request…").trigger()
    _choose_in_chooser(qtbot, window, PSEUDONYM)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(RecordDialog)))
    dialog = _visible_dialog(window)
    assert dialog.form.fixed == {"defender_id": ids["defender"]}
    assert dialog.form.editors["received_at"].value() == date.today()
    assert dialog.form.editors["assessment_id"].widget.findData(ids["assessment"]) >= 0
    dialog.form.editors["threat_summary"].widget.setPlainText("Car followed her twice")
    dialog.form.editors["link_to_rights_work"].widget.setPlainText("Lawyer for detainees")
    assert dialog.save()
    requests = shell.session.store.for_defender(Request, ids["defender"])
    assert "Car followed her twice" in [r.threat_summary for r in requests]
    # The list behind the form shows it.
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1)
    wait_loaded(qtbot, panel)
    assert panel.count.text() == f"{before + 1} requests"


def test_new_hearing_without_a_court_case_starts_with_the_case(qtbot, make_shell, small) -> None:
    folder, ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    _new_action(window, "Hearing…").trigger()
    _choose_in_chooser(qtbot, window, PSEUDONYM)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(RecordDialog)))
    case_dialog = _visible_dialog(window)
    assert isinstance(case_dialog.form.original, CourtCase)
    case_dialog.form.editors["court_type"].set_value(CourtType.CIVILIAN)
    assert case_dialog.save()
    qtbot.waitUntil(
        lambda: any(
            d.isVisible() and isinstance(d.form.original, Hearing)
            for d in window.findChildren(RecordDialog)
        )
    )
    hearing_dialog = _visible_dialog(window)
    [case] = shell.session.store.for_defender(CourtCase, ids["defender"])
    assert hearing_dialog.form.original.court_case_id == case.id
    assert hearing_dialog.form.editors["date"].value() == date.today()
    hearing_dialog.discard_without_asking()


def test_chooser_lists_defenders_and_enter_chooses(qtbot, make_shell, small) -> None:
    folder, _ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    chooser = DefenderChooser(shell.session, "Which defender?", window)
    chooser.open()
    qtbot.waitUntil(lambda: chooser.model.has_loaded)
    assert chooser.model.rowCount() == 25
    assert chooser.ok.isEnabled()  # the first row is selected
    first = chooser.table.selected_id()
    qtbot.keyClick(chooser.search, Qt.Key.Key_Down)  # into the list
    assert chooser.table.hasFocus()
    second = chooser.model.record_id(1)
    with qtbot.waitSignal(chooser.chosen) as blocker:
        qtbot.keyClick(chooser.table, Qt.Key.Key_Down)
        qtbot.keyClick(chooser.table, Qt.Key.Key_Return)
    assert blocker.args == [second] and second != first
    assert chooser.model.closed  # nothing kept once it is closed


def test_ref_choices_lists_only_that_defenders_records(vault) -> None:
    store = Store.open(vault, actor="tester")
    today = store.today

    def defender(name: str) -> Defender:
        return store.add(
            Defender(
                pseudonym=name,
                hrd_categories=[HrdCategory.STUDENT],
                country="TN",
                retention_review_date=default_retention(today),
            )
        )

    a, b = defender("Heron-1"), defender("Ibis-2")

    def assessment(d: Defender) -> ThreatAssessment:
        return store.add(
            ThreatAssessment(
                defender_id=d.id,
                date=today,
                assessor="me",
                facts="f",
                likelihood=2,
                impact=2,
                next_review=today.replace(year=today.year + 1),
            )
        )

    mine, _theirs = assessment(a), assessment(b)
    choices = ref_choices(store, a.id)
    assert choices("assessment") == [(mine.id, mine.title())]
    assert choices("defender") == [(a.id, "Heron-1")]
    assert choices("court_case") == []
    assert choices("no such kind") == []
    assert ref_choices(store, None)("assessment") == []


def test_every_list_string_is_translatable(qtbot, make_shell, small) -> None:
    from tests.ui.test_language import _untranslated

    folder, _ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    i18n.use_translations("en", Pseudo())
    for key in (DEFENDERS, REQUESTS, "grants", DETENTION):
        section = window.show_section(key)
        assert _untranslated(section) == [], key
    chooser = DefenderChooser(shell.session, i18n._("Which defender?"), window)
    chooser.open()
    qtbot.waitUntil(lambda: chooser.model.has_loaded)
    assert _untranslated(chooser) == []
    chooser.reject()
    assert QApplication.activeModalWidget() is None or not chooser.isVisible()


def test_without_the_workspace_defenders_open_and_start_in_their_form(
    qtbot, make_shell, small
) -> None:
    from hrd_desk.ui.sections import default_registry

    folder, ids = small
    shell = make_shell(
        vault_path=folder, registry=default_registry(("hrd_desk.ui.settings", "hrd_desk.ui.lists"))
    )
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    _section, panel = show_list(qtbot, window, DEFENDERS)
    before = panel.model.rowCount()

    _new_action(window, "Defender…").trigger()
    dialog = _visible_dialog(window)
    assert isinstance(dialog.form.original, Defender)
    today = shell.session.store.today
    assert dialog.form.editors["retention_review_date"].value() == default_retention(today)
    dialog.form.editors["pseudonym"].widget.setText("Petrel-Nq3")
    dialog.form.editors["country"].set_value("SN")
    dialog.form.editors["hrd_categories"].set_value([HrdCategory.STUDENT])
    assert dialog.save()
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1)

    row = panel.model.find_row(ids["defender"])
    panel.table.select_row(row)
    with qtbot.waitSignal(panel.defenderRequested):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    opened = _visible_dialog(window)
    assert opened.form.original.id == ids["defender"]
    opened.discard_without_asking()
