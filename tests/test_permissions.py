"""Start-up hardening and private vault folders."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hrd_desk.crypto import errors
from hrd_desk.crypto.vault import create_vault, open_vault
from tests.conftest import PASSPHRASE
from tests.support.cli import run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_created_vault_is_private(vault_dir: Path) -> None:
    old = os.umask(0o022)  # even with a permissive umask
    try:
        vault, _ = create_vault(vault_dir, PASSPHRASE)
        vault.connection.execute("CREATE TABLE t(x)")
        vault.lock()
    finally:
        os.umask(old)
    assert _mode(vault_dir) == 0o700
    for f in vault_dir.iterdir():
        assert _mode(f) & 0o077 == 0, f


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o722, 0o702])
def test_folder_writable_by_others_is_refused(vault_dir: Path, mode: int) -> None:
    create_vault(vault_dir, PASSPHRASE)[0].lock()
    os.chmod(vault_dir, mode)
    with pytest.raises(errors.UnsafePermissions, match="chmod 700"):
        open_vault(vault_dir, PASSPHRASE)


def test_readable_files_are_tightened(vault_dir: Path) -> None:
    create_vault(vault_dir, PASSPHRASE)[0].lock()
    os.chmod(vault_dir, 0o755)
    os.chmod(vault_dir / "vault.db", 0o644)
    open_vault(vault_dir, PASSPHRASE).lock()
    assert _mode(vault_dir) == 0o700
    assert _mode(vault_dir / "vault.db") == 0o600


def test_cli_refuses_unsafe_folder(vault_dir: Path) -> None:
    create_vault(vault_dir, PASSPHRASE)[0].lock()
    os.chmod(vault_dir, 0o777)
    result = run_cli("check", vault_dir, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 1
    assert "chmod 700" in result.stderr
    assert "Traceback" not in result.stderr


def test_process_hardening_sets_umask_and_no_core() -> None:
    code = (
        "import os, resource; from hrd_desk.hardening import harden_process; harden_process();"
        "open('f','w').close(); os.mkdir('d');"
        "print(oct(os.stat('f').st_mode & 0o777), oct(os.stat('d').st_mode & 0o777),"
        " resource.getrlimit(resource.RLIMIT_CORE)[0])"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp, capture_output=True, text=True, check=True
        ).stdout.split()
    assert out == ["0o600", "0o700", "0"]
