"""The case summary: sections, redaction, consent, encryption, no plaintext anywhere."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pikepdf
import pyrage
import pytest

from hrd_desk.cases import audit
from hrd_desk.cases.consents import Anonymity, Consent, ConsentScope
from hrd_desk.cases.errors import Refused
from hrd_desk.cases.incidents import Incident
from hrd_desk.cases.sharing import RedactionLevel
from hrd_desk.summaries.document import SECTIONS
from hrd_desk.summaries.encrypt import decrypt_with_identities
from hrd_desk.summaries.service import SummaryRequest, build_summary_pdf, export_summary
from tests.cases.conftest import incident
from tests.summaries.conftest import CONTACT, FULL_NAME, LOCALITY, NOTE_WORD
from tests.support.files import files_containing
from tests.support.pdf import page_texts

PASSWORD = "tqbk-2m7x-pr4d-9wez-hn3c-a8fs"


def _text(pdf: bytes, password: str | None = None) -> str:
    return "\n".join(page_texts(pdf, password))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_password_summary_has_every_section_and_hides_identity(store, case, tmp_path) -> None:
    out = tmp_path / "summary.pdf"
    result = export_summary(store, SummaryRequest(case.id), out, password=PASSWORD)
    assert result.path == out and result.mode == "password"
    data = out.read_bytes()
    assert b"%PDF" in data[:8]
    with pikepdf.open(out, password=PASSWORD) as pdf:
        assert pdf.is_encrypted and pdf.encryption.R == 6 and pdf.encryption.bits == 256
    text = _flat(_text(data, PASSWORD))
    for _key, title in SECTIONS:
        assert title in text, title
    assert "Heron-7" in text and "Mount Lebanon" in text
    for secret in (FULL_NAME, "Zaynab", "Qutbuddin", CONTACT, LOCALITY, "2026/117-SECRETNO"):
        assert secret not in text, secret
    assert NOTE_WORD in text  # the rest of the note is there
    assert "PASSED-ON" in text and "WITHHELD-ALLEGATION" not in text
    assert "defence denied the file" in text  # fair-trial checklist
    assert "no visits since June" in text  # conditions checklist


def test_redaction_none_includes_names_when_consent_allows(store, case, tmp_path) -> None:
    consent = store.for_defender(Consent, case.id)[0]
    request = SummaryRequest(case.id, redaction=RedactionLevel.NONE)
    with pytest.raises(Refused) as refused:
        build_summary_pdf(store, request)
    assert "pseudonymised" in refused.value.message
    store.update(replace(consent, anonymity=Anonymity.FULL_NAME))
    text = _flat(_text(build_summary_pdf(store, request)))
    assert FULL_NAME in text and LOCALITY in text


def test_wrong_password_and_flipped_byte(store, case, tmp_path) -> None:
    out = tmp_path / "s.pdf"
    export_summary(store, SummaryRequest(case.id), out, password=PASSWORD)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out, password="wrong-password-entirely")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out)


def test_recipient_envelope(store, case, tmp_path) -> None:
    hq = pyrage.x25519.Identity.generate()
    other = pyrage.x25519.Identity.generate()
    out = tmp_path / "s.pdf.age"
    export_summary(store, SummaryRequest(case.id), out, recipients=[str(hq.to_public())])
    data = out.read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    pdf = decrypt_with_identities(data, [str(hq)])
    assert "Heron-7" in _text(pdf)
    with pytest.raises(Exception):
        decrypt_with_identities(data, [str(other)])
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 1
    with pytest.raises(Exception):
        decrypt_with_identities(bytes(flipped), [str(hq)])


def test_consent_withheld_refused_nothing_written_no_audit(store, case, tmp_path) -> None:
    consent = store.for_defender(Consent, case.id)[0]
    store.update(replace(consent, scopes=[ConsentScope.STORE]))
    before = audit.recent(store.conn, 1)[0].seq
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "s.pdf"
    with pytest.raises(Refused) as refused:
        export_summary(store, SummaryRequest(case.id), out, password=PASSWORD)
    assert "summaries to headquarters" in refused.value.message
    assert list(out_dir.iterdir()) == []
    assert audit.recent(store.conn, 1)[0].seq == before
    store.update(
        replace(
            store.for_defender(Consent, case.id)[0],
            scopes=[ConsentScope.STORE, ConsentScope.SUMMARIES_HQ],
            withdrawn_at=date(2026, 11, 20),
        )
    )
    with pytest.raises(Refused) as refused:
        export_summary(store, SummaryRequest(case.id), out, password=PASSWORD)
    assert "withdrew" in refused.value.message and not out.exists()


def test_every_export_is_audited_without_the_password(store, case, tmp_path) -> None:
    export_summary(
        store,
        SummaryRequest(case.id, recipient_label="HQ Geneva"),
        tmp_path / "a.pdf",
        password=PASSWORD,
    )
    entry = audit.recent(store.conn, 1)[0]
    assert (entry.action, entry.record_id) == ("export", case.id)
    assert entry.detail == {
        "what": "summary",
        "level": "pseudonymise",
        "lang": "en",
        "recipient": "HQ Geneva",
        "mode": "password",
    }
    rows = repr(store.conn.execute("SELECT * FROM audit_log").fetchall())
    assert PASSWORD not in rows


def test_failure_leaves_no_partial_file(store, case, tmp_path, monkeypatch) -> None:
    from hrd_desk.summaries import service

    def broken(data, recipients):
        raise RuntimeError("encryption failed")

    monkeypatch.setattr(service, "encrypt_to_recipients", broken)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(RuntimeError):
        export_summary(
            store,
            SummaryRequest(case.id),
            out_dir / "x.pdf",
            recipients=[str(pyrage.x25519.Identity.generate().to_public())],
        )
    assert list(out_dir.iterdir()) == []
    locked = tmp_path / "ro"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(Exception):
                export_summary(store, SummaryRequest(case.id), locked / "x.pdf", password=PASSWORD)
            assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o700)


def test_no_plaintext_file_anywhere(store, case, tmp_path, monkeypatch) -> None:
    watched = tmp_path / "tmp"
    watched.mkdir()
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(watched))
    monkeypatch.setattr(tempfile, "tempdir", str(watched))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    canary = "CANARY-SUMMARY-4471 قناري"
    store.add(incident(case.id, description=f"{canary} in the notes"))
    export_summary(store, SummaryRequest(case.id), out_dir / "s.pdf", password=PASSWORD)
    assert sorted(p.name for p in out_dir.iterdir()) == ["s.pdf"]
    assert list(watched.iterdir()) == []
    for folder in (out_dir, watched, store_folder(store)):
        assert files_containing(folder, "CANARY-SUMMARY-4471") == []
        assert files_containing(folder, "قناري") == []
    assert "CANARY-SUMMARY-4471" in _text((out_dir / "s.pdf").read_bytes(), PASSWORD)


def store_folder(store) -> Path:
    path = store.conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(path).parent


def test_two_hundred_records_no_clipping(store, case) -> None:
    words = []
    with store.transaction():
        for i in range(200):
            last = f"lastword{i:03d}"
            words.append(last)
            note = (
                "Long account of what happened, with details repeated. " * (i % 7 + 1)
                + "Unbreakable"
                + "x" * 60
                + f" {last}"
            )
            store.add(
                Incident(
                    defender_id=case.id,
                    type=incident(case.id).type,
                    start=date(2026, 1, 1 + i % 28),
                    description=note,
                )
            )
    text = _text(build_summary_pdf(store, SummaryRequest(case.id)))
    flat = _flat(text)
    missing = [w for w in words if w not in flat]
    assert missing == [], missing[:5]
