"""No plaintext of a record — nor who the bundle is from or for — in a bundle, in the temp
folder, or in the receiving vault's files."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from hrd_desk.cases.trials import Hearing
from hrd_desk.exchange import framing
from hrd_desk.exchange.bundles import export_bundle, open_bundle
from hrd_desk.exchange.merge import apply, preview
from tests.exchange.conftest import Side, make_case
from tests.support.files import contains_marker, files_containing

ASCII = "CANARYzq7TRIAL"
UNICODE = "Ḉanary-Ωmega-قناري-Ж"
MARKERS = (ASCII, UNICODE)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_no_plaintext_in_the_bundle_the_temp_folder_or_the_vaults(
    pair: tuple[Side, Side], private_tmp: Path
) -> None:
    post, observer = pair
    case = make_case(post.store, full_name=f"Amal {UNICODE}", pseudonym=f"Falcon {ASCII}")
    h = post.store.get(Hearing, case.hearing_id)
    post.store.update(replace(h, notes=f"{ASCII} threatened the lawyer; {UNICODE}"))
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    out = post.folder.parent / "out.hrdbundle"
    out.write_bytes(data)

    body, _signature = framing.unseal(data, observer.identity)
    for marker in MARKERS:
        assert contains_marker(body, marker)  # the records are in there…
        assert not contains_marker(data, marker)  # …encrypted
    # Nor the metadata: who sent it, to whom, their labels and keys.
    for side in (post, observer):
        card = side.identity.card()
        for secret in (card.label, card.fingerprint, card.age_recipient, case.defender_id):
            assert not contains_marker(data, secret), secret

    opened = open_bundle(observer.store, data)
    apply(observer.store, preview(observer.store, opened))
    assert observer.store.get(Hearing, case.hearing_id).notes.startswith(ASCII)
    observer.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for marker in MARKERS:
        assert files_containing(private_tmp, marker) == []
        assert files_containing(observer.folder, marker) == []
        assert files_containing(post.folder, marker) == []
        assert files_containing(out.parent, marker) == []
