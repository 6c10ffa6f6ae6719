"""Attachments live encrypted in the vault, checked by SHA-256, gone with a purge."""

from __future__ import annotations

import hashlib

import pytest

from hrd_desk.cases.attachments import (
    add_attachment,
    delete_attachment,
    list_attachments,
    read_attachment,
)
from hrd_desk.cases.errors import NotFound
from hrd_desk.cases.retention import purge_defender
from tests.cases.conftest import defender, incident
from tests.support.files import files_containing


def test_add_read_list_delete(store, vault) -> None:
    d = store.add(defender())
    i = store.add(incident(d.id))
    content = b"%PDF-1.4 medical report ATTACH-CANARY-55 " * 100
    att = add_attachment(store, i, "../report/Amal.pdf", content)
    assert att.filename == ".._report_Amal.pdf" and att.media_type == "application/pdf"
    assert att.sha256 == hashlib.sha256(content).hexdigest() and att.defender_id == d.id
    assert [a.id for a in list_attachments(store, defender_id=d.id)] == [att.id]
    assert read_attachment(store, att.id)[1] == content
    assert store.history([i.id])[0].action == "attach"
    assert files_containing(vault.folder, "ATTACH-CANARY-55") == []
    delete_attachment(store, att.id)
    with pytest.raises(NotFound):
        read_attachment(store, att.id)


def test_tampered_content_detected(store) -> None:
    d = store.add(defender())
    att = add_attachment(store, d, "a.txt", b"original")
    store.conn.execute("UPDATE attachments SET content = ? WHERE id = ?", (b"changed", att.id))
    from hrd_desk.crypto.errors import DatabaseCorrupt

    with pytest.raises(DatabaseCorrupt):
        read_attachment(store, att.id)


def test_purge_removes_attachments(store) -> None:
    d = store.add(defender())
    i = store.add(incident(d.id))
    add_attachment(store, d, "photo.jpg", b"x")
    add_attachment(store, i, "scan.png", b"y")
    report = purge_defender(store, d.id)
    assert report.attachments == 2
    assert store.conn.execute("SELECT count(*) FROM attachments").fetchone() == (0,)
