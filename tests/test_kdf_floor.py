"""Production key derivation meets the floor; the real entry point uses it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hrd_desk.crypto import errors, kdf, keyslots
from tests.conftest import PASSPHRASE
from tests.support import fastkdf


def test_production_floor_is_the_documented_one() -> None:
    floor = fastkdf.PRODUCTION_FLOOR
    assert floor.memory_kib >= 64 * 1024
    assert floor.iterations >= 2


def test_production_calibration_meets_the_floor() -> None:
    params = fastkdf.PRODUCTION_CALIBRATE()
    assert params.meets(fastkdf.PRODUCTION_FLOOR)
    assert params.memory_kib >= 256 * 1024


def test_fast_profile_is_refused_by_the_shipped_floor(vault_dir: Path) -> None:
    from hrd_desk.crypto.vault import create_vault, open_vault

    create_vault(vault_dir, PASSPHRASE)[0].lock()  # made with the test profile
    fastkdf.uninstall()
    try:
        with pytest.raises(errors.HeaderCorrupt, match="below the safe minimum"):
            open_vault(vault_dir, PASSPHRASE)
        with pytest.raises(errors.HeaderCorrupt):
            keyslots.set_passphrase_slot(
                keyslots.new_header(), bytearray(32), PASSPHRASE, fastkdf.FAST
            )
    finally:
        fastkdf.install()


def test_installed_entry_point_uses_production_parameters(tmp_path: Path) -> None:
    """``hrd-desk init`` as shipped (no test hooks): the header's KDF meets the floor."""
    exe = shutil.which("hrd-desk", path=str(Path(sys.executable).parent)) or shutil.which(
        "hrd-desk"
    )
    cmd = [exe] if exe else [sys.executable, "-m", "hrd_desk"]
    folder = tmp_path / "real"
    out = subprocess.run(
        [*cmd, "init", str(folder), "--passphrase-stdin"],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
        check=True,
    )
    assert re.search(r"^Recovery key: ", out.stdout, re.M)
    header, _signed, _tag = keyslots.read_header(folder / "vault.header")
    fastkdf.uninstall()
    try:
        params = keyslots.kdf_params(header.slot("passphrase"))
    finally:
        fastkdf.install()
    assert params.meets(fastkdf.PRODUCTION_FLOOR)
    assert params.memory_kib == kdf.DEFAULT_MEMORY_KIB
