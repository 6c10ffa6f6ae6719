"""The vault commands as a user meets them (docs/cli.md): output, exit codes, no traces left."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PASSPHRASE
from tests.support.cli import run_cli
from tests.support.files import snapshot

RK_LINE = re.compile(r"^Recovery key: ([0-9A-Z]{4}(-[0-9A-Z]{4}){6})$", re.M)


def _init(folder: Path) -> str:
    result = run_cli("init", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    match = RK_LINE.search(result.stdout)
    assert match, result.stdout
    return match[1]


def test_init_prints_recovery_key_once_and_refuses_non_empty(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    _init(folder)
    again = run_cli("init", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert again.returncode == 2
    assert "not empty" in again.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert run_cli("init", other, "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 2
    assert (other / "notes.txt").read_text() == "mine"


def test_init_refuses_short_passphrase(tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "v", "--passphrase-stdin", stdin="short\n")
    assert result.returncode == 1
    assert "at least 8 characters" in result.stderr
    assert not (tmp_path / "v").exists()


def test_check_ok_and_wrong_passphrase(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    _init(folder)
    ok = run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK:") and len(ok.stdout.strip().splitlines()) == 1
    before = snapshot(folder)
    wrong = run_cli("check", folder, "--passphrase-stdin", stdin="not the passphrase\n")
    assert wrong.returncode == 3
    assert "Wrong passphrase" in wrong.stderr and "Traceback" not in wrong.stderr
    assert snapshot(folder) == before


def test_check_reports_corruption(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    _init(folder)
    db = folder / "vault.db"
    data = bytearray(db.read_bytes())
    data[-100] ^= 0x55
    db.write_bytes(bytes(data))
    result = run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 1
    assert "PROBLEM" in result.stdout or "damaged" in result.stderr
    assert "Traceback" not in result.stderr


def test_passwd_and_recover(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    rk = _init(folder)
    before = snapshot(folder)
    wrong = run_cli(
        "passwd", folder, "--passphrase-stdin", stdin="nope nope nope\nnew one is long\n"
    )
    assert wrong.returncode == 3 and snapshot(folder) == before
    changed = run_cli(
        "passwd", folder, "--passphrase-stdin", stdin=f"{PASSPHRASE}\nnew one is long\n"
    )
    assert changed.returncode == 0, changed.stderr
    assert snapshot(folder)["vault.db"] == before["vault.db"]
    assert run_cli("check", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 3
    assert run_cli("check", folder, "--passphrase-stdin", stdin="new one is long\n").returncode == 0

    before = snapshot(folder)
    bad = run_cli("recover", folder, "--passphrase-stdin", stdin="AAAA-BBBB\nwhatever long one\n")
    assert bad.returncode == 3 and snapshot(folder) == before
    good = run_cli(
        "recover", folder, "--passphrase-stdin", stdin=f"{rk.lower()}\nrecovered passphrase\n"
    )
    assert good.returncode == 0, good.stderr
    assert (
        run_cli("check", folder, "--passphrase-stdin", stdin="recovered passphrase\n").returncode
        == 0
    )


def test_missing_stdin_line_is_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    _init(folder)
    result = run_cli("passwd", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 1
    assert "standard input" in result.stderr and "Traceback" not in result.stderr


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.startswith("hrd-desk ")
    helptext = run_cli("--help").stdout
    for verb in ("init", "check", "passwd", "recover"):
        assert verb in helptext
