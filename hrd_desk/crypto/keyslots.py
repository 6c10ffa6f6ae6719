"""The vault's key header: key slots wrapping one random data key, authenticated as a whole.

File layout (``vault.header``)::

    HRDDESK-KEYHEADER/1\\n
    <body: canonical JSON, one line>\\n
    sha256:<hex of magic+body>\\n
    hmac:<hex HMAC-SHA256 of magic+body, keyed by HKDF(data key)>\\n

* Each slot wraps the 32-byte data key with AES-256-GCM under its own key-encryption key; the
  slot's parameters and the vault id are the AEAD's associated data, so a slot cannot be moved
  to another vault or have its KDF parameters edited.
* The SHA-256 line tells accidental damage (a flipped bit, a truncated copy) apart from a wrong
  passphrase *before* any key derivation; the HMAC, checked after a slot opened, proves that no
  other part of the header (another slot, the metadata) was changed by someone without the key.
* Passphrase slot: KEK = HKDF(Argon2id(passphrase), salt=device secret or none).
  Recovery slot: KEK = HKDF(128-bit recovery key) — already random, no stretching needed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hrd_desk.crypto import errors, kdf
from hrd_desk.crypto.atomic import write_atomic

MAGIC = b"HRDDESK-KEYHEADER/1\n"
DATA_KEY_BYTES = 32
NONCE_BYTES = 12
MAX_HEADER_BYTES = 64 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise errors.HeaderCorrupt()
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise errors.HeaderCorrupt() from exc


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _hkdf(ikm: bytes, info: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on macOS (NFD input) and Windows opens the vault."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


@dataclass
class Header:
    vault_id: str
    created_at: str
    slots: list[dict[str, Any]] = field(default_factory=list)
    demo: bool = False

    def body(self) -> dict[str, Any]:
        return {
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "demo": self.demo,
            "slots": self.slots,
        }

    def slot(self, kind: str) -> dict[str, Any] | None:
        return next((s for s in self.slots if s.get("type") == kind), None)

    @property
    def device_bound(self) -> bool:
        slot = self.slot("passphrase")
        return bool(slot and slot.get("device"))


def new_header(*, demo: bool = False) -> Header:
    return Header(
        vault_id=str(uuid.uuid4()),
        created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        demo=demo,
    )


# --- slots -----------------------------------------------------------------------------------


def _slot_aad(header: Header, slot: dict[str, Any]) -> bytes:
    public = {k: v for k, v in slot.items() if k not in ("nonce", "wrapped")}
    return MAGIC + header.vault_id.encode() + _canonical(public)


def _wrap(header: Header, slot: dict[str, Any], kek: bytes, data_key: bytes | bytearray) -> None:
    nonce = secrets.token_bytes(NONCE_BYTES)
    slot["nonce"] = _b64(nonce)
    slot["wrapped"] = _b64(AESGCM(kek).encrypt(nonce, bytes(data_key), _slot_aad(header, slot)))


def _unwrap(header: Header, slot: dict[str, Any], kek: bytes) -> bytearray:
    try:
        key = AESGCM(kek).decrypt(
            _unb64(slot.get("nonce")), _unb64(slot.get("wrapped")), _slot_aad(header, slot)
        )
    except InvalidTag as exc:
        raise errors.WrongPassphrase() from exc
    if len(key) != DATA_KEY_BYTES:
        raise errors.HeaderCorrupt()
    return bytearray(key)


def _passphrase_kek(slot: dict[str, Any], passphrase: str, device_secret: bytes | None) -> bytes:
    params = kdf_params(slot)
    stretched = kdf.derive(normalise_passphrase(passphrase), _unb64(slot["salt"]), params)
    info = b"hrd-desk passphrase slot v1" + (b" device" if device_secret else b"")
    return _hkdf(stretched, info, salt=device_secret)


def kdf_params(slot: dict[str, Any]) -> kdf.KdfParams:
    raw = slot.get("kdf")
    if not isinstance(raw, dict) or raw.get("name") != "argon2id":
        raise errors.HeaderCorrupt()
    try:
        params = kdf.KdfParams(
            memory_kib=int(raw["memory_kib"]),
            iterations=int(raw["iterations"]),
            lanes=int(raw["lanes"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise errors.HeaderCorrupt() from exc
    kdf.check_floor(params)
    return params


def set_passphrase_slot(
    header: Header,
    data_key: bytes | bytearray,
    passphrase: str,
    params: kdf.KdfParams,
    *,
    device: dict[str, str] | None = None,
    device_secret: bytes | None = None,
) -> None:
    """Replace (or add) the passphrase slot. *device* names the keyring entry when bound."""
    kdf.check_floor(params)
    slot: dict[str, Any] = {
        "type": "passphrase",
        "kdf": {"name": "argon2id", **params.as_dict()},
        "salt": _b64(secrets.token_bytes(kdf.SALT_BYTES)),
        "device": device,
    }
    _wrap(header, slot, _passphrase_kek(slot, passphrase, device_secret), data_key)
    header.slots = [s for s in header.slots if s.get("type") != "passphrase"] + [slot]


def set_recovery_slot(header: Header, data_key: bytes | bytearray, recovery_key: bytes) -> None:
    slot: dict[str, Any] = {"type": "recovery", "salt": _b64(secrets.token_bytes(16))}
    kek = _hkdf(recovery_key, b"hrd-desk recovery slot v1", salt=_unb64(slot["salt"]))
    _wrap(header, slot, kek, data_key)
    header.slots = [s for s in header.slots if s.get("type") != "recovery"] + [slot]


def open_passphrase_slot(
    header: Header, passphrase: str, device_secret: bytes | None = None
) -> bytearray:
    slot = header.slot("passphrase")
    if slot is None:
        raise errors.HeaderCorrupt()
    key = _unwrap(header, slot, _passphrase_kek(slot, passphrase, device_secret))
    return key


def open_recovery_slot(header: Header, recovery_key: bytes) -> bytearray:
    slot = header.slot("recovery")
    if slot is None:
        raise errors.HeaderCorrupt()
    kek = _hkdf(recovery_key, b"hrd-desk recovery slot v1", salt=_unb64(slot.get("salt")))
    return _unwrap(header, slot, kek)


# --- the file --------------------------------------------------------------------------------


def _mac_key(data_key: bytes | bytearray) -> bytes:
    return _hkdf(bytes(data_key), b"hrd-desk header mac v1")


def serialise(header: Header, data_key: bytes | bytearray) -> bytes:
    signed = MAGIC + _canonical(header.body())
    digest = hashlib.sha256(signed).hexdigest()
    tag = hmac.new(_mac_key(data_key), signed, hashlib.sha256).hexdigest()
    return signed + b"\nsha256:" + digest.encode() + b"\nhmac:" + tag.encode() + b"\n"


def parse(raw: bytes) -> tuple[Header, bytes, bytes]:
    """Header, the signed bytes and the HMAC tag; raises HeaderCorrupt on any damage."""
    if len(raw) > MAX_HEADER_BYTES or not raw.startswith(MAGIC) or not raw.endswith(b"\n"):
        raise errors.HeaderCorrupt()
    lines = raw[len(MAGIC) :].split(b"\n")
    if len(lines) != 4 or lines[3] != b"":
        raise errors.HeaderCorrupt()
    body, digest_line, tag_line = lines[0], lines[1], lines[2]
    signed = MAGIC + body
    if not digest_line.startswith(b"sha256:") or not hmac.compare_digest(
        digest_line[7:], hashlib.sha256(signed).hexdigest().encode()
    ):
        raise errors.HeaderCorrupt()
    if not tag_line.startswith(b"hmac:") or len(tag_line) != 5 + 64:
        raise errors.HeaderCorrupt()
    try:
        obj = json.loads(body)
        if _canonical(obj) != body:
            raise ValueError("not canonical")
        header = Header(
            vault_id=str(obj["vault_id"]),
            created_at=str(obj["created_at"]),
            slots=list(obj["slots"]),
            demo=bool(obj.get("demo", False)),
        )
        if not all(isinstance(s, dict) for s in header.slots):
            raise ValueError("slot")
    except (ValueError, KeyError, TypeError) as exc:
        raise errors.HeaderCorrupt() from exc
    return header, signed, tag_line[5:]


def verify_mac(signed: bytes, tag: bytes, data_key: bytes | bytearray) -> None:
    expected = hmac.new(_mac_key(data_key), signed, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(expected, tag):
        raise errors.HeaderCorrupt()


def read_header(path: Path) -> tuple[Header, bytes, bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise errors.NotAVault() from exc
    return parse(raw)


def write_header(path: Path, header: Header, data_key: bytes | bytearray) -> None:
    write_atomic(path, serialise(header, data_key))
