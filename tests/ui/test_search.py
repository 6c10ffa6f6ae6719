"""Global search: off the GUI thread, results grouped by record kind, keyboard to the results,
Enter opens, anything typed is safe, nothing kept after a lock."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hrd_desk import i18n
from hrd_desk.cases.store import Store
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.lists.search import SEARCH, SearchSection
from tests.support import fastkdf
from tests.ui.lists_support import (
    PSEUDONYM,
    REQUEST_WORD,
    build_small_vault,
    copy_vault,
    open_shell,
)
from tests.ui.test_language import Pseudo, _untranslated

ISOLATES = str.maketrans("", "", "\u2068\u2069")


@pytest.fixture(scope="module")
def search_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    fastkdf.install()
    folder = tmp_path_factory.mktemp("search") / "small"
    return folder, build_small_vault(folder)


@pytest.fixture
def small(search_source, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    source, ids = search_source
    return copy_vault(source, tmp_path / "vault"), ids


def _search(qtbot, window, text: str) -> SearchSection:
    window.search.setFocus()
    window.search.setText(text)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # searches at once (no debounce wait)
    qtbot.waitUntil(lambda: window.current_section_key() == SEARCH)
    section = window.current_section()
    qtbot.waitUntil(lambda: not section.runner.running and section.text == text)
    return section


def test_results_grouped_by_kind_found_off_the_gui_thread(
    qtbot, make_shell, small, monkeypatch
) -> None:
    folder, ids = small
    threads: list[bool] = []
    original = Store.search

    def spy(self, text, limit=50):
        threads.append(threading.current_thread() is threading.main_thread())
        return original(self, text, limit)

    monkeypatch.setattr(Store, "search", spy)
    _shell, window = open_shell(qtbot, make_shell, folder)
    section = _search(qtbot, window, REQUEST_WORD.lower())
    assert threads == [False]  # the worker's own connection, not the GUI thread
    assert [g.translate(ISOLATES) for g in section.tree.groups()] == [
        "Defenders (1)",
        "Requests (1)",
    ]
    hits = section.tree.hits()
    assert [(h.kind, h.record_id) for h in hits] == [
        ("defender", ids["defender"]),
        ("request", ids["request"]),
    ]
    assert all(h.pseudonym == PSEUDONYM for h in hits)
    assert section.status.text() == "2 records found"

    # Down from the search field goes into the results; Enter opens the record's form.
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert section.tree.hasFocus()
    qtbot.keyClick(section.tree, Qt.Key.Key_Down)  # the "Requests" group
    qtbot.keyClick(section.tree, Qt.Key.Key_Down)  # its hit
    qtbot.keyClick(section.tree, Qt.Key.Key_Return)
    dialogs = [d for d in section.findChildren(RecordDialog) if d.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].form.original.id == ids["request"]
    dialogs[0].discard_without_asking()

    # Enter on the defender opens their page.
    section.tree.setFocus()
    section.tree.setCurrentItem(section.tree.topLevelItem(0).child(0))
    qtbot.keyClick(section.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_section_key() == "defender")


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"unbalanced',
        "foo*",
        "(bar",
        "NEAR(a b)",
        "-x",
        "a OR",
        "^start",
        "col:val",
        "*",
        '"" AND ()',
        "quokka's",
        ":-)",
        "\\",
        "%_",
        "'; DROP TABLE defenders; --",
    ],
)
def test_fts_syntax_typed_never_raises(qtbot, make_shell, small, text: str) -> None:
    folder, _ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    section = _search(qtbot, window, text)
    assert not section.error.isVisible(), section.error.text()
    assert section.status.text()
    assert shell.session.store.count("defender") == 25  # and nothing was harmed


def test_debounced_typing_shows_results_and_clearing_empties_them(qtbot, make_shell, small) -> None:
    folder, _ids = small
    _shell, window = open_shell(qtbot, make_shell, folder)
    window.search.setFocus()
    qtbot.keyClicks(window.search, PSEUDONYM[:6])
    qtbot.waitUntil(lambda: window.current_section_key() == SEARCH)
    section = window.current_section()
    qtbot.waitUntil(lambda: section.tree.topLevelItemCount() > 0)
    window.search.clear()
    qtbot.waitUntil(lambda: section.tree.topLevelItemCount() == 0)
    assert "search field" in section.status.text()


def test_results_are_not_kept_across_a_lock(qtbot, make_shell, small) -> None:
    from hrd_desk.ui.sections import DEFENDERS
    from tests.conftest import PASSPHRASE
    from tests.ui.helpers import unlock, widgets_with_text

    folder, _ids = small
    shell, window = open_shell(qtbot, make_shell, folder)
    window.show_section(DEFENDERS)
    section = _search(qtbot, window, REQUEST_WORD)
    assert section.tree.topLevelItemCount() == 2
    assert section.section_location() is None  # the search text is never remembered
    shell.lock("user")
    assert section.tree.topLevelItemCount() == 0 and section.text == ""
    assert not widgets_with_text(PSEUDONYM)
    unlock(qtbot, shell, PASSPHRASE)
    page = shell.main_window.current_section()
    assert isinstance(page, SearchSection) and page.tree.topLevelItemCount() == 0


def test_search_results_strings_are_translatable(qtbot, make_shell, small) -> None:
    folder, _ids = small
    _shell, window = open_shell(qtbot, make_shell, folder)
    i18n.use_translations("en", Pseudo())
    section = _search(qtbot, window, REQUEST_WORD)
    assert _untranslated(section) == []
    assert QApplication.activeModalWidget() is None
