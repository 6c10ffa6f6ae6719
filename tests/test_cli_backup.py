"""``hrd-desk backup`` and ``restore`` as a user meets them (docs/cli.md): output, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrd_desk.crypto.vault import open_vault
from tests.conftest import PASSPHRASE
from tests.support.cli import run_cli
from tests.support.files import snapshot

RK_LINE = re.compile(r"^Recovery key: (\S+)$", re.M)
WROTE = re.compile(r"^Wrote the backup to (.+) and verified it by reading it back\.$", re.M)
STDIN = PASSPHRASE + "\n"


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, str, Path]:
    """A vault made by ``init`` with one row in it, and its backup made by ``backup``."""
    folder = tmp_path / "vault"
    init = run_cli("init", folder, "--passphrase-stdin", stdin=STDIN)
    assert init.returncode == 0, init.stderr
    recovery_key = RK_LINE.search(init.stdout)[1]
    with open_vault(folder, PASSPHRASE) as vault:
        vault.connection.execute("CREATE TABLE notes(t TEXT)")
        vault.connection.execute("INSERT INTO notes VALUES ('Amal, Ливия')")
    out = tmp_path / "backups"
    out.mkdir()
    result = run_cli("backup", folder, out, "--passphrase-stdin", stdin=STDIN)
    assert result.returncode == 0, result.stderr
    match = WROTE.search(result.stdout)
    assert match, result.stdout
    path = Path(match[1])
    assert path.parent == out and path.is_file()
    assert sorted(p.name for p in out.iterdir()) == [path.name]
    return folder, recovery_key, path


def test_restore_with_passphrase_and_recovery_key(made, tmp_path: Path) -> None:
    _folder, recovery_key, path = made
    target = tmp_path / "restored"
    result = run_cli("restore", path, target, "--passphrase-stdin", stdin=STDIN)
    assert result.returncode == 0, result.stderr
    assert f"Restored the vault into {target}" in result.stdout
    assert "  notes: 1 row" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("OK:")
    check = run_cli("check", target, "--passphrase-stdin", stdin=STDIN)
    assert check.returncode == 0, check.stderr
    with open_vault(target, PASSPHRASE) as vault:
        assert vault.connection.execute("SELECT t FROM notes").fetchall() == [("Amal, Ливия",)]

    by_key = tmp_path / "by-key"
    result = run_cli(
        "restore", path, by_key, "--recovery-key", "--passphrase-stdin", stdin=recovery_key + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert run_cli("check", by_key, "--passphrase-stdin", stdin=STDIN).returncode == 0


def test_restore_refuses_damage_with_exit_1(made, tmp_path: Path) -> None:
    _folder, _rk, path = made
    data = path.read_bytes()
    damaged = tmp_path / "damaged.hrdbackup"
    damaged.write_bytes(data[:-50] + bytes([data[-50] ^ 0x10]) + data[-49:])
    target = tmp_path / "restored"
    result = run_cli("restore", damaged, target, "--passphrase-stdin", stdin=STDIN)
    assert result.returncode == 1
    assert "authentication" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()

    cut = tmp_path / "cut.hrdbackup"
    cut.write_bytes(data[: len(data) // 2])
    result = run_cli("restore", cut, target, "--passphrase-stdin", stdin=STDIN)
    assert result.returncode == 1 and "truncated" in result.stderr
    assert not target.exists()

    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("restore", damaged, empty, "--passphrase-stdin", stdin=STDIN)
    assert result.returncode == 1 and list(empty.iterdir()) == []


def test_restore_refuses_non_empty_folder_with_exit_2(made, tmp_path: Path) -> None:
    folder, _rk, path = made
    before = snapshot(folder)
    # Not even a passphrase is read: stdin is empty.
    result = run_cli("restore", path, folder, "--passphrase-stdin")
    assert result.returncode == 2
    assert "not empty" in result.stderr
    assert snapshot(folder) == before


def test_wrong_passphrase_exit_3_writes_nothing(made, tmp_path: Path) -> None:
    folder, _rk, path = made
    target = tmp_path / "restored"
    result = run_cli("restore", path, target, "--passphrase-stdin", stdin="not it at all\n")
    assert result.returncode == 3 and "Wrong passphrase" in result.stderr
    assert not target.exists()
    result = run_cli(
        "restore", path, target, "--recovery-key", "--passphrase-stdin", stdin="AAAA-BBBB\n"
    )
    assert result.returncode == 3 and not target.exists()

    out = tmp_path / "more"
    out.mkdir()
    result = run_cli("backup", folder, out, "--passphrase-stdin", stdin="not it at all\n")
    assert result.returncode == 3
    assert list(out.iterdir()) == []


def test_backup_refuses_existing_file_with_exit_2(made, tmp_path: Path) -> None:
    folder, _rk, path = made
    before = path.read_bytes()
    result = run_cli("backup", folder, path, "--passphrase-stdin")
    assert result.returncode == 2 and "already exists" in result.stderr
    assert path.read_bytes() == before
    result = run_cli("backup", folder, tmp_path / "no" / "b.hrdbackup", "--passphrase-stdin")
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_help_lists_the_commands() -> None:
    helptext = run_cli("--help").stdout
    assert "backup" in helptext and "restore" in helptext
    assert "--recovery-key" in run_cli("restore", "--help").stdout
