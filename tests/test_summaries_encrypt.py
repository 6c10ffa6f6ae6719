"""Encrypted summaries: AES-256 R6 passwords, age envelopes, and writing nothing but ciphertext."""

from __future__ import annotations

import errno
import io
import math
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pikepdf
import pyrage
import pytest
from pikepdf.models.encryption import EncryptionMethod
from pypdf import PdfReader
from pyrage import x25519

from hrd_desk.crypto.errors import DiskFull
from hrd_desk.summaries import encrypt as E
from hrd_desk.summaries.errors import (
    DecryptFailed,
    InvalidRecipient,
    PlaintextRefused,
    SaveFailed,
    WeakPassword,
)
from hrd_desk.summaries.sample import build_sample, note_end
from tests.support.pdf import page_texts

HEADINGS = ("Case summary", "Profile", "Current risk", "Risk over time", "Notes", "Case log")
CHILD = Path(__file__).parent / "support" / "summary_write_child.py"


@pytest.fixture(scope="module")
def summary() -> bytes:
    return build_sample("en", 30)


def assert_readable_summary(pdf: bytes) -> None:
    text = "\n".join(page_texts(pdf))
    for heading in HEADINGS:
        assert heading in text
    assert "Zoë Ñúñez-Łukasiewicz Ødegård" in text
    assert note_end(30) in text


# -- password mode ----------------------------------------------------------------------------


def test_password_summary_opens_with_the_password_only(summary: bytes) -> None:
    password = E.generate_password()
    data = E.encrypt_pdf(summary, password)
    assert b"Case summary" not in data and b"Case summary" in summary  # the title is encrypted
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        assert pdf.encryption.R == 6 and pdf.encryption.V == 5 and pdf.encryption.bits == 256
        assert pdf.encryption.stream_method == EncryptionMethod.aesv3
        assert str(pdf.docinfo["/Title"]) == "Case summary"
    assert_readable_summary(E.decrypt_pdf(data, password))
    # An independent reader (pypdf's own AES-256 code) opens it too.
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt(password)
    assert "Case log" in "".join(page.extract_text() for page in reader.pages)

    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(data), password=password[:-1] + "x")
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(data))
    with pytest.raises(DecryptFailed):
        E.decrypt_pdf(data, "wrong-password-123")


def test_a_flipped_byte_leaves_the_damaged_page_unreadable(summary: bytes) -> None:
    """PDF encryption does not detect changes (no MAC): the file still opens with the password,
    but the page whose encrypted content the byte hit yields no text at all. (The age envelope,
    below, refuses any change.)"""
    password = E.generate_password()
    data = E.encrypt_pdf(summary, password)
    with pikepdf.open(io.BytesIO(data), password=password) as pdf:
        number, generation = pdf.pages[0].Contents.objgen
    stream = re.search(rb"(?<![0-9])%d %d obj.*?stream\r?\n" % (number, generation), data, re.S)
    assert stream is not None
    damaged = bytearray(data)
    damaged[stream.end() + 16 + 8] ^= 0x01  # first AES block after the 16-byte IV
    texts = page_texts(E.decrypt_pdf(bytes(damaged), password))
    assert texts[0].strip() == ""
    assert "Notes" in texts[1]  # other pages are untouched: the damage is not reported


# -- recipient mode ---------------------------------------------------------------------------


def test_age_envelope_opens_with_a_recipient_identity_only(summary: bytes) -> None:
    headquarters, officer, stranger = (x25519.Identity.generate() for _ in range(3))
    data = E.encrypt_to_recipients(
        summary, [str(headquarters.to_public()), str(officer.to_public())]
    )
    assert data.startswith(E.AGE_MAGIC)
    assert b"Case summary" not in data
    assert pyrage.decrypt(data, [headquarters]) == summary
    assert E.decrypt_with_identities(data, [str(officer)]) == summary
    assert_readable_summary(E.decrypt_with_identities(data, [str(headquarters)]))

    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(data, [stranger])
    with pytest.raises(DecryptFailed):
        E.decrypt_with_identities(data, [str(stranger)])


@pytest.mark.parametrize("where", ["header", "middle", "last"])
def test_age_envelope_refuses_a_flipped_byte(summary: bytes, where: str) -> None:
    identity = x25519.Identity.generate()
    data = bytearray(E.encrypt_to_recipients(summary, [str(identity.to_public())]))
    position = {"header": 40, "middle": len(data) // 2, "last": len(data) - 1}[where]
    data[position] ^= 0x01
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(bytes(data), [identity])
    with pytest.raises(DecryptFailed):
        E.decrypt_with_identities(bytes(data), [str(identity)])


@pytest.mark.parametrize("bad", ["", "age1xyz", "AGE-SECRET-KEY-1QQQQ", "ssh-ed25519 AAAA"])
def test_invalid_recipients_are_refused(summary: bytes, bad: str) -> None:
    with pytest.raises(InvalidRecipient):
        E.encrypt_to_recipients(summary, [bad])
    with pytest.raises(InvalidRecipient):
        E.encrypt_to_recipients(summary, [])


# -- passwords --------------------------------------------------------------------------------


def test_generated_passwords_are_strong_and_easy_to_read_out() -> None:
    passwords = {E.generate_password() for _ in range(2000)}
    assert len(passwords) == 2000
    for password in passwords:
        assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){5}", password)
        assert not set(password) & set("ilo01")
        E.check_password(password)
    alphabet = set("".join(passwords).replace("-", ""))
    assert alphabet == set(E.PASSWORD_ALPHABET)
    bits = E.PASSWORD_GROUPS * E.PASSWORD_GROUP_SIZE * math.log2(len(E.PASSWORD_ALPHABET))
    assert bits > 118


@pytest.mark.parametrize(
    "password",
    ["short-pass", "пароль-пароль-пароль", "كلمة-السر-الطويلة", "x" * 128, "tab\tin-it-here"],
)
def test_weak_or_unportable_passwords_are_refused(summary: bytes, password: str) -> None:
    with pytest.raises(WeakPassword):
        E.encrypt_pdf(summary, password)


# -- writing ----------------------------------------------------------------------------------


def test_written_file_is_the_ciphertext_and_private(summary: bytes, tmp_path: Path) -> None:
    password = E.generate_password()
    out = E.save_summary(summary, tmp_path / "summary.pdf", password=password)
    assert out == tmp_path / "summary.pdf"
    assert sorted(os.listdir(tmp_path)) == ["summary.pdf"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert E.is_ciphertext(data)
    assert_readable_summary(E.decrypt_pdf(data, password))

    identity = x25519.Identity.generate()
    out = E.save_summary(summary, tmp_path / "summary.age", recipients=[str(identity.to_public())])
    assert pyrage.decrypt(out.read_bytes(), [identity]) == summary


def test_plaintext_is_refused_by_the_encrypted_writer(summary: bytes, tmp_path: Path) -> None:
    rc4 = io.BytesIO()
    with pikepdf.open(io.BytesIO(summary)) as pdf:
        pdf.save(
            rc4,
            encryption=pikepdf.Encryption(owner="o", user="u" * 12, R=4, aes=False, metadata=False),
        )
    empty_password = io.BytesIO()
    with pikepdf.open(io.BytesIO(summary)) as pdf:
        pdf.save(empty_password, encryption=pikepdf.Encryption(owner="o" * 12, user="", R=6))
    for data in (summary, b"not a pdf", rc4.getvalue(), empty_password.getvalue(), b""):
        with pytest.raises(PlaintextRefused):
            E.write_encrypted(data, tmp_path / "out.pdf")
    assert os.listdir(tmp_path) == []


def test_plaintext_only_with_explicit_consent(summary: bytes, tmp_path: Path) -> None:
    with pytest.raises(PlaintextRefused):
        E.write_plaintext(summary, tmp_path / "plain.pdf", i_understand=False)
    with pytest.raises(PlaintextRefused):
        E.write_plaintext(summary, tmp_path / "plain.pdf", i_understand="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        E.write_plaintext(summary, tmp_path / "plain.pdf")  # type: ignore[call-arg]
    assert os.listdir(tmp_path) == []
    E.write_plaintext(summary, tmp_path / "plain.pdf", i_understand=True)
    assert (tmp_path / "plain.pdf").read_bytes() == summary


def test_save_needs_exactly_one_protection(summary: bytes, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        E.save_summary(summary, tmp_path / "x.pdf")
    with pytest.raises(ValueError):
        E.save_summary(summary, tmp_path / "x.pdf", password="p" * 20, recipients=["age1"])
    assert os.listdir(tmp_path) == []


# -- failures leave nothing behind ------------------------------------------------------------


@pytest.fixture
def older(tmp_path: Path) -> Path:
    """A summary saved earlier under the same name: a failed save must not destroy it."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(b"older summary")
    return path


def assert_only_older(older: Path) -> None:
    assert os.listdir(older.parent) == [older.name]
    assert older.read_bytes() == b"older summary"


def test_failure_while_encrypting_writes_nothing(
    summary: bytes, older: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self, *args, **kwargs):
        raise pikepdf.PdfError("simulated failure inside qpdf")

    monkeypatch.setattr(pikepdf.Pdf, "save", broken_save)
    with pytest.raises(pikepdf.PdfError):
        E.save_summary(summary, older, password=E.generate_password())
    assert_only_older(older)
    with pytest.raises(InvalidRecipient):
        E.save_summary(summary, older, recipients=["age1-not-a-key"])
    assert_only_older(older)


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DiskFull),
        (OSError(errno.EIO, "Input/output error"), SaveFailed),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
)
def test_failure_while_writing_leaves_no_partial_file(
    summary: bytes,
    older: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    expected: type[BaseException],
) -> None:
    def failing_fsync(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(expected):
        E.save_summary(summary, older, password=E.generate_password())
    monkeypatch.undo()
    assert_only_older(older)


def test_failure_at_rename_leaves_no_partial_file(
    summary: bytes, older: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_replace(src, dst) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(SaveFailed):
        E.save_summary(summary, older, password=E.generate_password())
    monkeypatch.undo()
    assert_only_older(older)


def test_missing_folder_or_folder_as_target(summary: bytes, tmp_path: Path) -> None:
    with pytest.raises(SaveFailed):
        E.save_summary(summary, tmp_path / "missing" / "s.pdf", password=E.generate_password())
    (tmp_path / "folder").mkdir()
    with pytest.raises(SaveFailed):
        E.save_summary(summary, tmp_path / "folder", password=E.generate_password())
    assert sorted(os.listdir(tmp_path)) == ["folder"]
    assert os.listdir(tmp_path / "folder") == []


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE behaviour checked on Linux")
def test_a_real_write_error_leaves_no_partial_file(tmp_path: Path, older: Path) -> None:
    """A file-size limit makes the kernel refuse the write half-way (EFBIG), in a child."""
    result = subprocess.run(
        [sys.executable, str(CHILD), str(older)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "SaveFailed"
    assert_only_older(older)
