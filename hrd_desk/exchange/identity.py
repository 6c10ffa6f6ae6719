"""This vault's exchange identity, fingerprints, and the public contact card.

Two key pairs, each for what it is good at: an age X25519 identity to *receive* (bundles are
encrypted to its recipient string ``age1…``) and an Ed25519 key to *sign* (age has no sender
authentication: anyone who knows a public key can encrypt to it). Both private keys are made on
first use and kept in the vault's own encrypted database (table ``exchange_identity``, migration
0004) — never in a file, the keyring or the settings a preferences dialog shows. Backups carry
them, as they carry everything in the vault.

**Fingerprint** = the first 100 bits of SHA-256("hrd-desk/contact v1" ‖ age recipient ‖ Ed25519
public key), written as 20 characters of Crockford base32 in five groups of four
(``7KQ2-M9XD-…``): short enough to read over the phone, and finding another key pair with the
same fingerprint costs about 2^100 hashes. It covers *both* keys, so comparing it once
authenticates the encryption key and the signing key together. Crockford's alphabet has no
I, L, O or U, and typed fingerprints are read case-insensitively with O→0 and I/L→1 folded.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hrd_desk.cases import audit
from hrd_desk.cases.settings import VAULT_NAME, get_setting
from hrd_desk.crypto.recovery import ALPHABET
from hrd_desk.crypto.sqlerrors import storage_errors
from hrd_desk.crypto.vault import Connection
from hrd_desk.exchange.errors import InvalidContactCard
from hrd_desk.i18n import _

CARD_FORMAT = "hrd-desk/contact"
CARD_VERSION = 1
FINGERPRINT_CHARS = 20
FINGERPRINT_GROUP = 4
LABEL_MAX = 100
DEFAULT_LABEL = "HRD Desk"
_FP_DOMAIN = b"hrd-desk/contact v1\n"
_DECODE = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}


def fingerprint(age_recipient: str, ed25519_public: bytes) -> str:
    """``XXXX-XXXX-XXXX-XXXX-XXXX`` for a pair of public keys (see the module docs)."""
    digest = hashlib.sha256(
        _FP_DOMAIN + age_recipient.encode("ascii") + b"\n" + ed25519_public
    ).digest()
    number = int.from_bytes(digest, "big") >> (256 - 5 * FINGERPRINT_CHARS)
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(FINGERPRINT_CHARS))]
    return "-".join(
        "".join(chars[i : i + FINGERPRINT_GROUP])
        for i in range(0, FINGERPRINT_CHARS, FINGERPRINT_GROUP)
    )


def normalise_fingerprint(text: Any) -> str | None:
    """The canonical form of a typed fingerprint (spaces, dashes, case, O/I/L forgiven), or
    None when it is not 20 characters of the alphabet."""
    if not isinstance(text, str):
        return None
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-–—.")
    if len(cleaned) != FINGERPRINT_CHARS or any(ch not in _DECODE for ch in cleaned):
        return None
    canonical = "".join(ALPHABET[_DECODE[ch]] for ch in cleaned)
    return "-".join(
        canonical[i : i + FINGERPRINT_GROUP] for i in range(0, FINGERPRINT_CHARS, FINGERPRINT_GROUP)
    )


def clean_label(label: Any) -> str | None:
    """A label fit for a card: one line, no control characters, 1–100 characters; else None."""
    if not isinstance(label, str):
        return None
    label = unicodedata.normalize("NFC", label).strip()
    if not label or len(label) > LABEL_MAX:
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in label):
        return None
    return label


def canonical_recipient(text: Any) -> str | None:
    """An age X25519 recipient string in its canonical form, or None."""
    if not isinstance(text, str) or not text.startswith("age1") or len(text) > 100:
        return None
    try:
        return str(pyrage.x25519.Recipient.from_str(text))
    except (pyrage.RecipientError, ValueError):
        return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, size: int) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size and _b64(raw) == text else None


@dataclass(frozen=True)
class ContactCard:
    """What a vault gives others so they can send to it and check its signatures. Public."""

    label: str
    age_recipient: str
    ed25519_public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.ed25519_public)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": CARD_FORMAT,
            "version": CARD_VERSION,
            "label": self.label,
            "age": self.age_recipient,
            "ed25519": _b64(self.ed25519_public),
            "fingerprint": self.fingerprint,
        }

    def to_text(self) -> str:
        """The card as a small JSON file (what ``hrd-desk identity`` prints)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, raw: Any) -> ContactCard:
        """Parse and check a card; :class:`InvalidContactCard` when anything is off (including a
        fingerprint that does not match the keys: a card edited by hand or by someone else)."""
        if not isinstance(raw, dict) or raw.get("format") != CARD_FORMAT:
            raise InvalidContactCard()
        version = raw.get("version")
        if type(version) is not int or version != CARD_VERSION:
            raise InvalidContactCard()
        if set(raw) - {"format", "version", "label", "age", "ed25519", "fingerprint"}:
            raise InvalidContactCard()
        label = clean_label(raw.get("label"))
        recipient = canonical_recipient(raw.get("age"))
        public = _unb64(raw.get("ed25519"), 32)
        if label is None or recipient is None or public is None or recipient != raw.get("age"):
            raise InvalidContactCard()
        try:
            Ed25519PublicKey.from_public_bytes(public)
        except ValueError as exc:
            raise InvalidContactCard() from exc
        card = cls(label, recipient, public)
        if raw.get("fingerprint") != card.fingerprint:
            raise InvalidContactCard()
        return card

    @classmethod
    def parse(cls, text: str | bytes) -> ContactCard:
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            raw = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise InvalidContactCard() from exc
        return cls.from_dict(raw)

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.ed25519_public).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


class Identity:
    """This vault's private keys. Never printed, logged or written outside the vault."""

    def __init__(self, age_secret: str, ed25519_secret: bytes, label: str, created_at: str) -> None:
        self._age = pyrage.x25519.Identity.from_str(age_secret)
        self._signing = Ed25519PrivateKey.from_private_bytes(ed25519_secret)
        self.label = label
        self.created_at = created_at

    def __repr__(self) -> str:  # no key material in tracebacks or logs
        return f"<Identity {self.fingerprint}>"

    @property
    def age_identity(self) -> pyrage.x25519.Identity:
        return self._age

    @property
    def age_recipient(self) -> str:
        return str(self._age.to_public())

    @property
    def ed25519_public(self) -> bytes:
        return self._signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.ed25519_public)

    def card(self) -> ContactCard:
        return ContactCard(self.label, self.age_recipient, self.ed25519_public)

    def sign(self, message: bytes) -> bytes:
        return self._signing.sign(message)


def load_identity(conn: Connection) -> Identity | None:
    """The vault's identity, or None if it never made one. Read-only."""
    with storage_errors():
        row = conn.execute(
            "SELECT age_secret, ed25519_secret, label, created_at FROM exchange_identity "
            "WHERE id = 1"
        ).fetchone()
    if row is None:
        return None
    return Identity(row[0], base64.b64decode(row[1]), row[2], row[3])


def ensure_identity(store, label: str | None = None) -> Identity:
    """The vault's identity, made on first use (audited). *store*: a ``cases.store.Store``.

    *label* names this vault on its contact card (default: the vault's name, else "HRD Desk");
    given for an existing identity, it renames it.
    """
    if label is not None and clean_label(label) is None:
        raise InvalidContactCard(_label_problem())
    with store.transaction():
        current = load_identity(store.conn)
        if current is not None:
            if label is not None and clean_label(label) != current.label:
                set_identity_label(store, label)
                current = load_identity(store.conn)
            assert current is not None
            return current
        name = (
            clean_label(label)
            or clean_label(get_setting(store.conn, VAULT_NAME))
            or (DEFAULT_LABEL)
        )
        signing = Ed25519PrivateKey.generate()
        secret = signing.private_bytes_raw()
        at = audit.utc_now()
        with storage_errors():
            store.conn.execute(
                "INSERT INTO exchange_identity(id, age_secret, ed25519_secret, label, created_at) "
                "VALUES (1, ?, ?, ?, ?)",
                (str(pyrage.x25519.Identity.generate()), _b64(secret), name, at),
            )
        audit.append(
            store.conn,
            actor=store.actor,
            action="create",
            kind="exchange_identity",
            record_id=None,
            fields=["age_recipient", "ed25519_public", "label"],
            at=at,
        )
        made = load_identity(store.conn)
        assert made is not None
        return made


def set_identity_label(store, label: str) -> None:
    cleaned = clean_label(label)
    if cleaned is None:
        raise InvalidContactCard(_label_problem())
    with store.transaction():
        with storage_errors():
            store.conn.execute("UPDATE exchange_identity SET label = ? WHERE id = 1", (cleaned,))
        audit.append(
            store.conn,
            actor=store.actor,
            action="update",
            kind="exchange_identity",
            record_id=None,
            fields=["label"],
        )


def _label_problem() -> str:
    return _("A label is one line of 1 to {n} characters.").format(n=LABEL_MAX)
