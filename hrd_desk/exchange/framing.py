"""The bytes of a bundle: outer frame, age encryption, Ed25519 signature. Knows nothing of records.

Layout (integers big-endian)::

    magic       16 bytes   b"\\x89HRDDESK-BDL\\r\\n\\x1a\\n"  (PNG-style: catches text-mode copies)
    version      2 bytes   1
    length       8 bytes   size of the age payload
    payload                age v1 ciphertext (binary), X25519 recipients
    checksum    32 bytes   SHA-256 of every byte above

    age plaintext:  body_len (4 bytes) ‖ body ‖ Ed25519 signature (64 bytes)
    signature over: b"hrd-desk/bundle v1\\0" ‖ body     (body: canonical JSON, see bundles.py)

* The checksum is not a secret-keyed MAC: anyone can recompute it. It only tells damage on the
  way (a bad USB stick, a mail client) from "not addressed to you", which age alone cannot tell
  apart, because age recipient stanzas are anonymous by design.
* age authenticates the ciphertext (HMAC over its header, ChaCha20-Poly1305 per 64 KiB chunk)
  but not the sender: anyone holding our public recipient string can encrypt to it. The
  Ed25519 signature inside is what proves the sender, and it covers the sender's keys, the
  recipients, the time and a random bundle id (all in the body), so a recipient cannot pass a
  bundle on as if it had been addressed to someone else.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

import pyrage

from hrd_desk.exchange.errors import BundleCorrupt, ExchangeError, NotForThisVault
from hrd_desk.exchange.identity import Identity
from hrd_desk.i18n import _

MAGIC = b"\x89HRDDESK-BDL\r\n\x1a\n"
VERSION = 1
SUFFIX = ".hrdbundle"
SIGN_DOMAIN = b"hrd-desk/bundle v1\x00"
SIGNATURE_BYTES = 64
CHECKSUM_BYTES = 32
#: Bundles are records, not attachments: 256 MiB is far above any real one.
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_HEAD = len(MAGIC) + _U16.size + _U64.size
#: pyrage's message when no recipient stanza opens with the given identity
_NO_MATCHING_KEYS = "no matching keys"


def signed_message(body: bytes) -> bytes:
    return SIGN_DOMAIN + body


def seal(body: bytes, signer: Identity, recipients: Sequence[str]) -> bytes:
    """Sign *body* with *signer*, encrypt to every age recipient string, frame."""
    signature = signer.sign(signed_message(body))
    inner = _U32.pack(len(body)) + body + signature
    keys = [pyrage.x25519.Recipient.from_str(r) for r in dict.fromkeys(recipients)]
    payload = pyrage.encrypt(inner, keys)
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ExchangeError(
            _(
                "The selection is too large for one bundle; choose fewer records. "
                "Nothing was written."
            )
        )
    framed = MAGIC + _U16.pack(VERSION) + _U64.pack(len(payload)) + payload
    return framed + hashlib.sha256(framed).digest()


def _frame_payload(data: bytes) -> bytes:
    if len(data) < len(MAGIC):
        short = len(data) > 0 and MAGIC.startswith(data)
        raise BundleCorrupt(BundleCorrupt.TRUNCATED if short else BundleCorrupt.FORMAT)
    if data[: len(MAGIC)] != MAGIC:
        raise BundleCorrupt(BundleCorrupt.FORMAT)
    if len(data) < _HEAD:
        raise BundleCorrupt(BundleCorrupt.TRUNCATED)
    (version,) = _U16.unpack_from(data, len(MAGIC))
    if version != VERSION:
        if version > VERSION:
            raise BundleCorrupt(
                BundleCorrupt.FORMAT,
                _(
                    "This bundle was written by a newer version of HRD Desk (format {version}). "
                    "Update the app to import it. Nothing was imported."
                ).format(version=version),
            )
        raise BundleCorrupt(BundleCorrupt.FORMAT)
    (length,) = _U64.unpack_from(data, len(MAGIC) + _U16.size)
    if not 0 < length <= MAX_PAYLOAD_BYTES:
        raise BundleCorrupt(BundleCorrupt.FORMAT)
    end = _HEAD + length
    if len(data) < end + CHECKSUM_BYTES:
        raise BundleCorrupt(BundleCorrupt.TRUNCATED)
    if len(data) > end + CHECKSUM_BYTES:
        raise BundleCorrupt(BundleCorrupt.TRAILING)
    if hashlib.sha256(data[:end]).digest() != data[end:]:
        raise BundleCorrupt(BundleCorrupt.CHECKSUM)
    return data[_HEAD:end]


def unseal(data: bytes, identity: Identity | None) -> tuple[bytes, bytes]:
    """(body, signature) of a bundle addressed to *identity*. The signature is NOT checked here
    (the sender's key is named inside the body); see :func:`bundles.open_bundle`."""
    payload = _frame_payload(bytes(data))
    if identity is None:
        # A vault that never made an identity cannot be among the recipients.
        raise NotForThisVault()
    try:
        inner = pyrage.decrypt(payload, [identity.age_identity])
    except pyrage.DecryptError as exc:
        if _NO_MATCHING_KEYS in str(exc).lower():
            raise NotForThisVault() from exc
        raise BundleCorrupt(BundleCorrupt.DECRYPTION) from exc
    if len(inner) < _U32.size + SIGNATURE_BYTES:
        raise BundleCorrupt(BundleCorrupt.CONTENT)
    (body_len,) = _U32.unpack_from(inner, 0)
    if _U32.size + body_len + SIGNATURE_BYTES != len(inner):
        raise BundleCorrupt(BundleCorrupt.CONTENT)
    body = inner[_U32.size : _U32.size + body_len]
    return body, inner[_U32.size + body_len :]
