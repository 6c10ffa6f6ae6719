"""Building, encrypting and saving a summary writes one file: the ciphertext. Nothing else,
anywhere we can watch: temp folders, SQLite's temp folder, HOME, the output folder, and every
file Python opens for writing (an audit hook)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from pyrage import x25519

from hrd_desk.summaries import encrypt as E
from hrd_desk.summaries.layout import PageDecor, SummaryLayout
from tests.support.files import contains_marker, files_containing, snapshot
from tests.support.pdf import page_texts

MARKER = "CANARY-summ-5d1e-witness"
MARKER_INTL = "Щука-قناري-Ñandú-5d1e"

_writes: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _writes is None or event != "open":
        return
    path, mode, flags = (*args, None, None, None)[:3]
    writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    )
    if writing and isinstance(path, (str, bytes, os.PathLike)):
        _writes.append(os.fsdecode(path))


sys.addaudithook(_audit)  # inert unless a test collects into _writes


@pytest.fixture
def watched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> list[Path]:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return [tmp, isolated_home]


def test_only_the_encrypted_summary_reaches_the_disk(tmp_path: Path, watched: list[Path]) -> None:
    global _writes
    out = tmp_path / "out"
    out.mkdir()
    before = {folder: snapshot(folder) for folder in watched}
    identity = x25519.Identity.generate()
    password = E.generate_password()

    _writes = []
    try:
        layout = SummaryLayout()
        story = [
            layout.heading(MARKER),
            layout.paragraph(f"{MARKER} {MARKER_INTL}"),
            layout.table(["a", "b"], [[MARKER, MARKER_INTL]] * 80),
        ]
        # The title is the positive control: PDF metadata is stored uncompressed, so the
        # plaintext PDF visibly contains the marker, and a leak of it could not hide.
        pdf = layout.build(story, decor=PageDecor("Sensitive"), title=MARKER)
        assert contains_marker(pdf, MARKER)
        first = E.save_summary(pdf, out / "summary.pdf", password=password)
        second = E.save_summary(pdf, out / "summary.age", recipients=[str(identity.to_public())])
        written = list(_writes)
    finally:
        _writes = None

    assert sorted(p.name for p in out.iterdir()) == ["summary.age", "summary.pdf"]
    for folder in watched:
        assert snapshot(folder) == before[folder], f"{folder} changed"
    for folder in (*watched, out):
        assert files_containing(folder, MARKER) == []
        assert files_containing(folder, MARKER_INTL) == []
    # Python opened nothing for writing outside the output folder (the temporary files there
    # were renamed into the two outputs).
    assert written and all(Path(p).parent == out for p in written), written

    # The outputs do hold the document: the markers come back after decryption (the Arabic
    # part is drawn shaped and in display order, so only its neighbours are compared here).
    for text in (
        "\n".join(page_texts(E.decrypt_pdf(first.read_bytes(), password))),
        "\n".join(page_texts(E.decrypt_with_identities(second.read_bytes(), [str(identity)]))),
    ):
        assert MARKER in text and "Щука" in text and "Ñandú" in text
