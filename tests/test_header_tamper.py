"""The key header is authenticated: any flipped byte, truncation or edit is refused."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from hrd_desk.crypto import errors, keyslots
from hrd_desk.crypto.vault import create_vault, open_vault, open_vault_with_recovery_key
from tests.conftest import PASSPHRASE
from tests.support.files import snapshot


@pytest.fixture
def made(vault_dir: Path) -> tuple[Path, str, bytes]:
    vault, rk = create_vault(vault_dir, PASSPHRASE)
    vault.lock()
    return vault_dir, rk, (vault_dir / "vault.header").read_bytes()


def test_every_single_byte_flip_is_refused(made: tuple[Path, str, bytes]) -> None:
    folder, _rk, original = made
    header = folder / "vault.header"
    for i in range(len(original)):
        damaged = bytearray(original)
        damaged[i] ^= 0x01
        header.write_bytes(bytes(damaged))
        with pytest.raises(errors.HeaderCorrupt):
            open_vault(folder, PASSPHRASE)
        assert header.read_bytes() == bytes(damaged)  # refused, not "repaired"
    header.write_bytes(original)
    open_vault(folder, PASSPHRASE).lock()


def test_every_truncation_is_refused(made: tuple[Path, str, bytes]) -> None:
    folder, _rk, original = made
    header = folder / "vault.header"
    for n in range(len(original)):
        header.write_bytes(original[:n])
        with pytest.raises(errors.HeaderCorrupt):
            open_vault(folder, PASSPHRASE)
    header.write_bytes(original + b"extra")
    with pytest.raises(errors.HeaderCorrupt):
        open_vault(folder, PASSPHRASE)


def _reseal_without_key(raw: bytes, edit) -> bytes:
    """What an attacker without the data key can do: edit the body, fix the SHA-256 line."""
    lines = raw[len(keyslots.MAGIC) :].split(b"\n")
    body = json.loads(lines[0])
    edit(body)
    new_body = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    signed = keyslots.MAGIC + new_body
    return (
        signed
        + b"\nsha256:"
        + hashlib.sha256(signed).hexdigest().encode()
        + b"\n"
        + lines[2]
        + b"\n"
    )


def test_edit_with_recomputed_checksum_is_still_refused(made: tuple[Path, str, bytes]) -> None:
    folder, rk, original = made
    header = folder / "vault.header"

    def drop_recovery(body):
        body["slots"] = [s for s in body["slots"] if s["type"] != "recovery"]

    def weaken_kdf_claim(body):
        for s in body["slots"]:
            if s["type"] == "passphrase":
                s["kdf"]["iterations"] += 1

    def flag_demo(body):
        body["demo"] = True

    for edit in (drop_recovery, weaken_kdf_claim, flag_demo):
        header.write_bytes(_reseal_without_key(original, edit))
        before = snapshot(folder)
        with pytest.raises((errors.HeaderCorrupt, errors.WrongPassphrase)):
            open_vault(folder, PASSPHRASE)
        with pytest.raises((errors.HeaderCorrupt, errors.WrongPassphrase)):
            open_vault_with_recovery_key(folder, rk)
        assert snapshot(folder) == before


def test_missing_header(made: tuple[Path, str, bytes]) -> None:
    folder, _rk, _ = made
    (folder / "vault.header").unlink()
    with pytest.raises(errors.NotAVault):
        open_vault(folder, PASSPHRASE)
