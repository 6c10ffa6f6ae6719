"""Purge: the confirmation names what will be destroyed and needs the pseudonym typed; then the
defender and everything linked are gone, and the list no longer shows them."""

from __future__ import annotations

from hrd_desk.cases.defenders import Defender
from hrd_desk.cases.listing import ListQuery
from hrd_desk.cases.retention import purge_preview
from hrd_desk.ui.sections import DEFENDERS
from tests.ui.helpers import all_widget_texts, click
from tests.ui.workspace_support import PSEUDONYM, open_workspace, seed_vault


def _listed_pseudonyms(store) -> list[str]:
    page = store.list("defender", ListQuery(limit=500))
    return [row["pseudonym"] for row in page.rows]


def test_purge_needs_the_typed_pseudonym_and_removes_the_defender(
    qtbot, make_shell, vault_dir
) -> None:
    seeded = seed_vault(vault_dir)
    shell, window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    store = shell.session.store
    assert PSEUDONYM in _listed_pseudonyms(store)
    before = purge_preview(store, seeded.defender_id)

    ws.actions["purge"].trigger()
    dialog = ws.purge_dialog
    assert dialog is not None and dialog.isVisible()
    # It names what will be destroyed, with the counts of the preview.
    counts = dialog.counts.text()
    assert "1 × Defender" in counts
    assert "2 × Threat assessments" in counts
    assert "1 × Prison visit" in counts
    assert sum(before.counts.values()) == 7
    # Nothing happens until the pseudonym is typed exactly.
    assert not dialog.purge_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, PSEUDONYM[:-1])
    assert not dialog.purge_button.isEnabled()
    dialog.accept()  # Enter in the field: refused while it does not match
    assert dialog.isVisible()
    assert store.find(Defender, seeded.defender_id) is not None
    qtbot.keyClicks(dialog.confirm, PSEUDONYM[-1])
    assert dialog.purge_button.isEnabled()
    with qtbot.waitSignal(ws.purged, timeout=10_000):
        click(dialog.purge_button)

    assert store.find(Defender, seeded.defender_id, include_deleted=True) is None
    assert purge_preview(store, seeded.defender_id).total == 0
    assert PSEUDONYM not in _listed_pseudonyms(store)
    # The app went back to the list of defenders, and nothing on screen names them.
    assert window.current_section_key() == DEFENDERS
    assert not any(PSEUDONYM in t for t in all_widget_texts())
    assert ws.section_location() is None


def test_cancelling_the_purge_keeps_everything(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    ws.actions["purge"].trigger()
    dialog = ws.purge_dialog
    qtbot.keyClicks(dialog.confirm, PSEUDONYM)
    dialog.reject()
    qtbot.waitUntil(lambda: ws.purge_dialog is None)
    store = shell.session.store
    assert store.find(Defender, seeded.defender_id) is not None
    assert purge_preview(store, seeded.defender_id).total == 7
