"""Encrypting a summary and writing it to disk — the only module that writes one.

Two ways to protect a summary (threat model: "recipient-side leak of a summary sent by email"):

* **Password**: the PDF itself is encrypted with AES-256, revision 6 (PDF 2.0 / Acrobat X and
  later; every current reader opens it), by qpdf through pikepdf, from bytes in memory to bytes
  in memory. Never reportlab's own ``encrypt=``: it defaults to RC4-40 and its AES-256 output is
  malformed. PDF encryption hides the content but does **not** detect changes: a flipped byte
  garbles what it hits (tested) instead of being refused. Each password guess costs an attacker
  only a few milliseconds, so the password must be long and random: ``generate_password``.
* **Recipient**: an age envelope (X25519, ChaCha20-Poly1305, authenticated: any change is
  refused) to one or more ``age1…`` public keys, opened with ``age -d -i key.txt``.

Generated passwords are 24 characters in 6 groups of 4 from 31 lowercase letters and digits
without look-alikes (no i, l, o, 0, 1): about 119 bits, beyond any brute force even at
~6 ms per guess on GPUs. Characters rather than words because officers dictate them over the
phone to people whose language is often not English: letters and digits can be spelled in any
language, and no word list has to be shipped. The hyphens are part of the password (what is
read out is what is typed).

Writing: ``write_encrypted`` accepts only ciphertext (an age file, or a PDF that cannot be
opened without a password and is AES-256 R6) and writes it atomically — temporary file in the
destination folder (``0600``, ``O_EXCL``), fsync, rename, fsync of the folder — so that a
failure at any point leaves no partial file and keeps an older file of the same name intact.
``write_plaintext`` is the single, explicit exception, for the "export unencrypted" action.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
from collections.abc import Sequence
from pathlib import Path

import pikepdf
import pyrage
from pyrage import x25519

from hrd_desk.crypto.atomic import write_atomic
from hrd_desk.crypto.errors import DiskFull
from hrd_desk.i18n import _
from hrd_desk.summaries.errors import (
    DecryptFailed,
    InvalidRecipient,
    PlaintextRefused,
    SaveFailed,
    WeakPassword,
)

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a secret
PASSWORD_GROUPS = 6
PASSWORD_GROUP_SIZE = 4
MIN_PASSWORD_LENGTH = 12
#: PDF 2.0 uses at most 127 bytes of a password.
MAX_PASSWORD_BYTES = 127

AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"

_R6 = (re.compile(rb"/R\s*6\b"), re.compile(rb"/V\s*5\b"), re.compile(rb"/AESV3\b"))


# ---------------------------------------------------------------------------------------------
# password mode


def generate_password() -> str:
    """``k7mq-x3pa-…``: 6 groups of 4 characters, ~119 bits, easy to read out and type."""
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_SIZE))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def check_password(password: str) -> None:
    """Refuse passwords that are short, or that PDF readers might not all read the same way."""
    printable_ascii = all(" " <= ch < "\x7f" for ch in password)
    if (
        len(password) < MIN_PASSWORD_LENGTH
        or not printable_ascii
        or len(password.encode()) > MAX_PASSWORD_BYTES
    ):
        raise WeakPassword(
            _(
                "A summary password needs {min} to {max} characters, all letters, digits, "
                "spaces or punctuation of a Latin keyboard (PDF readers do not all read other "
                "characters the same way). Use the generated password."
            ).format(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_BYTES)
        )


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """*pdf* encrypted with AES-256 (R6) under *password*; everything stays in memory.

    The owner password is random and thrown away: permissions in a PDF are advisory, and a
    second password would only be one more secret to lose.
    """
    check_password(password)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.save(
            out,
            encryption=pikepdf.Encryption(
                owner=secrets.token_urlsafe(32), user=password, R=6, aes=True, metadata=True
            ),
        )
    return out.getvalue()


def decrypt_pdf(data: bytes, password: str) -> bytes:
    """The plaintext PDF, in memory (to reopen a summary; never written by this module)."""
    out = io.BytesIO()
    try:
        with pikepdf.open(io.BytesIO(data), password=password) as doc:
            doc.save(out)
    except pikepdf.PasswordError as exc:
        raise DecryptFailed() from exc
    except pikepdf.PdfError as exc:
        raise DecryptFailed() from exc
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# recipient mode


def parse_recipient(text: str) -> x25519.Recipient:
    try:
        return x25519.Recipient.from_str(text.strip())
    except (pyrage.RecipientError, ValueError) as exc:
        raise InvalidRecipient() from exc


def encrypt_to_recipients(data: bytes, recipients: Sequence[str]) -> bytes:
    """An age file (binary) that any one of *recipients* (``age1…``) can open."""
    if not recipients:
        raise InvalidRecipient()
    parsed = [parse_recipient(r) for r in recipients]
    return pyrage.encrypt(data, parsed)


def decrypt_with_identities(data: bytes, identities: Sequence[str]) -> bytes:
    """Open an age file with ``AGE-SECRET-KEY-1…`` identities (reopening, tests)."""
    try:
        keys = [x25519.Identity.from_str(i.strip()) for i in identities]
        return pyrage.decrypt(data, keys)
    except (pyrage.DecryptError, pyrage.IdentityError, ValueError) as exc:
        raise DecryptFailed() from exc


# ---------------------------------------------------------------------------------------------
# writing


def is_ciphertext(data: bytes) -> bool:
    """An age file, or an AES-256 (R6) PDF that does not open without a password."""
    if data.startswith(AGE_MAGIC) or data.lstrip().startswith(AGE_ARMOR):
        return True
    if not data.startswith(b"%PDF-"):
        return False
    try:
        with pikepdf.open(io.BytesIO(data)):
            return False  # opened without a password: readable by anyone
    except pikepdf.PasswordError:
        pass
    except pikepdf.PdfError:
        return False
    return all(pattern.search(data) for pattern in _R6)


def write_encrypted(data: bytes, out_path: str | os.PathLike[str]) -> Path:
    """Write ciphertext atomically; refuse anything else. Nothing partial is ever left."""
    if not is_ciphertext(data):
        raise PlaintextRefused()
    return _write(data, Path(out_path))


def write_plaintext(pdf: bytes, out_path: str | os.PathLike[str], *, i_understand: bool) -> Path:
    """The "export unencrypted" action: only after the user has confirmed the warning."""
    if i_understand is not True:
        raise PlaintextRefused()
    return _write(pdf, Path(out_path))


def save_summary(
    pdf: bytes,
    out_path: str | os.PathLike[str],
    *,
    password: str | None = None,
    recipients: Sequence[str] = (),
) -> Path:
    """Encrypt *pdf* (password XOR recipients) and write it; the common path for GUI and CLI."""
    if (password is None) == (not recipients):
        raise ValueError("give either a password or recipients")
    if password is not None:
        data = encrypt_pdf(pdf, password)
    else:
        data = encrypt_to_recipients(pdf, recipients)
    return write_encrypted(data, out_path)


def _write(data: bytes, path: Path) -> Path:
    if path.is_dir():
        raise SaveFailed(_("that is a folder; choose a file name"))
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise _save_error(exc) from exc
    return path


def _save_error(exc: OSError) -> Exception:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull()
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return SaveFailed(_("the folder is read-only or belongs to someone else"))
    if exc.errno == errno.ENOENT:
        return SaveFailed(_("the folder does not exist"))
    if exc.errno == errno.EFBIG:
        return SaveFailed(_("the file is too large for this disk"))
    return SaveFailed(exc.strerror or None)
