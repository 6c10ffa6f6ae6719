"""Recovery keys a person can copy by hand: 128 random bits plus a 12-bit check, in 7 groups.

Alphabet: Crockford's base32 (no I, L, O, U), read case-insensitively with 0/O and 1/I/L folded,
so a key written on paper and typed back in survives the usual slips; the check digits catch a
typo before any key derivation runs.
"""

from __future__ import annotations

import hashlib
import secrets

from hrd_desk.crypto import errors
from hrd_desk.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}
KEY_BITS = 128
CHECK_BITS = 12
GROUP = 4
CHARS = (KEY_BITS + CHECK_BITS) // 5  # 28 characters
GROUPS = CHARS // GROUP  # 7 groups


def _check(key: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"hrd-desk recovery" + key).digest()[:2], "big") >> 4


def new_recovery_key() -> bytes:
    return secrets.token_bytes(KEY_BITS // 8)


def format_recovery_key(key: bytes) -> str:
    """``ABCD-EFGH-…`` (7 groups of 4)."""
    number = (int.from_bytes(key, "big") << CHECK_BITS) | _check(key)
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CHARS))]
    return "-".join("".join(chars[i : i + GROUP]) for i in range(0, CHARS, GROUP))


def recovery_groups(text: str) -> list[str]:
    return format_recovery_key(parse_recovery_key(text)).split("-")


def parse_recovery_key(text: str) -> bytes:
    """Bytes of a typed recovery key; raises :class:`WrongPassphrase` on a typo."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    if len(cleaned) != CHARS or any(ch not in _DECODE for ch in cleaned):
        raise errors.WrongPassphrase(
            _("That is not a recovery key: it has {n} groups of 4 letters and digits.").format(
                n=GROUPS
            )
        )
    number = 0
    for ch in cleaned:
        number = (number << 5) | _DECODE[ch]
    key = (number >> CHECK_BITS).to_bytes(KEY_BITS // 8, "big")
    if number & ((1 << CHECK_BITS) - 1) != _check(key):
        raise errors.WrongPassphrase(
            _("The recovery key has a typo (its check digits do not match). Nothing was changed.")
        )
    return key
