"""Decrypt every page of a SQLCipher 4 file with its raw key, free pages included.

Used to prove that purged text is gone from the *file*, not just from query results: a
logical dump would never show deleted-but-not-overwritten pages. SQLCipher 4 defaults: 4096-byte
pages, 80 reserved bytes per page (16-byte IV + 64-byte HMAC-SHA512), AES-256-CBC with the raw
key as the encryption key; page 1 starts with the 16-byte salt instead of the SQLite header.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = 16 if first else 0
    body = page[start : PAGE - RESERVE]
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(db: Path, key: bytes) -> list[bytes]:
    data = db.read_bytes()
    pages = []
    for n in range(len(data) // PAGE):
        pages.append(_decrypt_page(key, data[n * PAGE : (n + 1) * PAGE], first=(n == 0)))
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        raw = wal.read_bytes()
        offset = WAL_HEADER
        while offset + FRAME_HEADER + PAGE <= len(raw):
            page_no = int.from_bytes(raw[offset : offset + 4], "big")
            page = raw[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE]
            pages.append(_decrypt_page(key, page, first=(page_no == 1)))
            offset += FRAME_HEADER + PAGE
    return pages


def plaintext_of(db: Path, key: bytes) -> bytes:
    return b"".join(decrypted_pages(db, key))
