"""demo, search, import-records, export-records as a user meets them (docs/cli.md)."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.support.cli import run_cli

LINE = re.compile(r"^[0-9a-f-]{36}\t[a-z_]+\t[^\t\n]+$")


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "demo"
    result = run_cli("demo", folder, "--cases", "40", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Recovery key: ", result.stdout, re.M)
    assert "40 fictional defenders" in result.stdout
    return folder


def test_demo_refuses_non_empty(demo_vault) -> None:
    result = run_cli("demo", demo_vault)
    assert result.returncode == 2


def test_search_prints_pseudonyms_not_names(demo_vault) -> None:
    export = _export(demo_vault, demo_vault.parent / "e.json")
    d = export["defenders"][0]
    family = d["full_name"].split()[-1]
    result = run_cli("search", demo_vault, family, "--passphrase-stdin", stdin="demo\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    assert any(line.startswith(d["id"] + "\tdefender\t" + d["pseudonym"]) for line in lines)
    assert d["full_name"] not in result.stdout
    named = run_cli(
        "search", demo_vault, family, "--show-names", "--passphrase-stdin", stdin="demo\n"
    )
    assert d["full_name"] in named.stdout
    limited = run_cli(
        "search", demo_vault, "the", "--limit", "3", "--passphrase-stdin", stdin="demo\n"
    )
    assert len(limited.stdout.splitlines()) <= 3
    weird = run_cli("search", demo_vault, '"(* -', "--passphrase-stdin", stdin="demo\n")
    assert weird.returncode == 0 and weird.stdout == ""


def _export(folder: Path, out: Path) -> dict:
    result = run_cli(
        "export-records", folder, out, "--plaintext", "--passphrase-stdin", stdin="demo\n"
    )
    assert result.returncode == 0, result.stderr
    assert "UNENCRYPTED" in result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_needs_plaintext_flag_and_is_private(demo_vault, tmp_path) -> None:
    out = tmp_path / "x.json"
    refused = run_cli("export-records", demo_vault, out, "--passphrase-stdin", stdin="demo\n")
    assert refused.returncode == 2 and not out.exists()
    data = _export(demo_vault, out)
    assert data["format"] == "hrd-desk/records" and data["version"] == 1
    assert len(data["defenders"]) == 40
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_import_round_trip_and_errors(demo_vault, tmp_path) -> None:
    exported = tmp_path / "all.json"
    data = _export(demo_vault, exported)
    target = tmp_path / "new"
    assert run_cli("init", target, "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    ok = run_cli("import-records", target, exported, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert ok.returncode == 0, ok.stderr
    assert "records added" in ok.stdout
    data["defenders"][3]["country"] = "ZZ"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other"
    run_cli("init", other, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    refused = run_cli("import-records", other, bad, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert refused.returncode == 1
    assert "defenders[3]" in refused.stderr and "country" in refused.stderr.lower()
    assert "Traceback" not in refused.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    result = run_cli(
        "import-records", other, garbage, "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert result.returncode == 1 and "line 1" in result.stderr
    csv = tmp_path / "sheet.csv"
    csv.write_text("pseudonym,country\nCedar,FR\n", encoding="utf-8")
    result = run_cli("import-records", other, csv, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 1 and "hrd_categories" in result.stderr
