"""``identity``, ``contacts``, ``export-bundle``, ``import-bundle`` as a user meets them
(docs/cli.md): output and exit codes, and nothing changed when a command refuses."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import Hearing
from hrd_desk.crypto.vault import open_vault
from hrd_desk.exchange.bundles import export_bundle, open_bundle
from hrd_desk.exchange.merge import apply, preview
from tests.cases.conftest import TODAY
from tests.conftest import PASSPHRASE
from tests.exchange.conftest import Case, introduce, make_case, open_side, state
from tests.support.cli import run_cli

STDIN = PASSPHRASE + "\n"
FP = re.compile(r"^Fingerprint: (\S+)$", re.M)


def cli(*args, stdin: str = STDIN):
    return run_cli(*args, "--passphrase-stdin", stdin=stdin)


def vault_state(folder: Path) -> str:
    with open_vault(folder, PASSPHRASE) as vault:
        return state(Store.open(vault, actor="x", today=lambda: TODAY))


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path, Case]:
    """Two vaults with no identity yet; the post holds a defender's case."""
    post = open_side(tmp_path / "post", "officer", "Post A")
    case = make_case(post.store)
    post.vault.lock()
    observer = tmp_path / "observer"
    from hrd_desk.cases.schema import migrate
    from hrd_desk.crypto.vault import create_vault

    vault, _key = create_vault(observer, PASSPHRASE)
    with vault:
        migrate(vault.connection)
    return tmp_path / "post", observer, case


def test_identity_contacts_export_import(two, tmp_path: Path) -> None:
    post, observer, case = two
    result = cli("identity", post, "--label", "Post A", "--card-out", tmp_path / "post.card")
    assert result.returncode == 0, result.stderr
    post_fp = FP.search(result.stdout)[1]
    assert '"fingerprint": "' + post_fp in result.stdout
    assert (tmp_path / "post.card").is_file()
    result = cli("identity", observer, "--label", "Observer", "--card-out", tmp_path / "obs.card")
    assert result.returncode == 0, result.stderr
    obs_fp = FP.search(result.stdout)[1]
    assert cli("identity", observer).stdout.count(obs_fp) == 2  # the same one, made once

    result = cli("contacts", post, "add", tmp_path / "obs.card")
    assert result.returncode == 0, result.stderr
    assert "NOT verified" in result.stdout and obs_fp in result.stdout

    out = tmp_path / "case.hrdbundle"
    result = cli("export-bundle", post, "--to", "observer", "--defender", case.defender_id, out)
    assert result.returncode == 1
    assert "not verified" in result.stderr and not out.exists()

    result = cli("contacts", post, "verify", "Observer", post_fp)
    assert result.returncode == 1 and "does not match" in result.stderr
    result = cli("contacts", post, "verify", "Observer", obs_fp.lower().replace("-", " "))
    assert result.returncode == 0, result.stderr
    listed = cli("contacts", post, "list")
    assert re.search(rf"^\S+\t{obs_fp}\tverified\tObserver$", listed.stdout, re.M), listed.stdout

    result = cli("export-bundle", post, "--to", obs_fp, "--defender", case.defender_id, out)
    assert result.returncode == 0, result.stderr
    assert f"Wrote a bundle of 5 records to {out}." in result.stdout
    assert out.is_file()

    before = vault_state(observer)
    result = cli("import-bundle", observer, out)
    assert result.returncode == 1
    assert post_fp in result.stderr and "not among your contacts" in result.stderr
    assert vault_state(observer) == before

    result = cli("import-bundle", observer, out, "--accept-unknown-sender", "--preview")
    assert result.returncode == 0, result.stderr
    assert "added: 5" in result.stdout and "Preview only" in result.stdout
    assert vault_state(observer) == before

    result = cli("import-bundle", observer, out, "--accept-unknown-sender")
    assert result.returncode == 0, result.stderr
    assert "5 records written" in result.stdout
    assert "NOT verified" in result.stdout  # the sender became a contact, to verify
    after = vault_state(observer)
    assert after != before

    result = cli("import-bundle", observer, out)
    assert result.returncode == 0, result.stderr
    assert "already imported" in result.stdout
    assert vault_state(observer) == after


def test_conflicts_need_a_choice(tmp_path: Path) -> None:
    post = open_side(tmp_path / "post", "officer", "Post A")
    observer = open_side(tmp_path / "observer", "observer", "Observer")
    introduce(post, observer)
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    apply(observer.store, preview(observer.store, open_bundle(observer.store, data)))
    for side, notes in ((post, "post's notes"), (observer, "observer's notes")):
        h = side.store.get(Hearing, case.hearing_id)
        side.store.update(replace(h, notes=notes))
    post.vault.lock()
    observer.vault.lock()

    out = tmp_path / "bundles"
    out.mkdir()
    result = cli("export-bundle", observer.folder, "--to", "Post A", out)
    assert result.returncode == 0, result.stderr
    [bundle] = out.iterdir()
    assert re.fullmatch(r"hrd-desk-bundle-\d{8}-\d{6}Z\.hrdbundle", bundle.name)

    before = vault_state(post.folder)
    result = cli("import-bundle", post.folder, bundle)
    assert result.returncode == 1
    assert "conflict: 1" in result.stdout
    assert case.hearing_id in result.stderr and "notes" in result.stderr
    assert vault_state(post.folder) == before

    result = cli("import-bundle", post.folder, bundle, "--resolve", "theirs")
    assert result.returncode == 0, result.stderr
    with open_vault(post.folder, PASSPHRASE) as vault:
        assert Store(vault.connection).get(Hearing, case.hearing_id).notes == "observer's notes"


def test_refusals_and_their_exit_codes(tmp_path: Path) -> None:
    post = open_side(tmp_path / "post", "officer", "Post A")
    observer = open_side(tmp_path / "observer", "observer", "Observer")
    stranger = open_side(tmp_path / "stranger", "stranger", "Stranger")
    introduce(post, observer)
    case = make_case(post.store)
    data = export_bundle(post.store, [post.other], defender_id=case.defender_id)
    for side in (post, observer, stranger):
        side.vault.lock()
    good = tmp_path / "good.hrdbundle"
    good.write_bytes(data)
    damaged = tmp_path / "damaged.hrdbundle"
    damaged.write_bytes(data[:200] + bytes([data[200] ^ 1]) + data[201:])

    before = vault_state(observer.folder)
    result = cli("import-bundle", observer.folder, damaged)
    assert result.returncode == 1 and "checksum" in result.stderr
    result = cli("import-bundle", observer.folder, good, stdin="wrong passphrase\n")
    assert result.returncode == 3
    assert vault_state(observer.folder) == before

    result = cli("import-bundle", stranger.folder, good)
    assert result.returncode == 1 and "not addressed to this vault" in result.stderr

    result = cli("export-bundle", post.folder, "--to", "nobody", tmp_path / "x.hrdbundle")
    assert result.returncode == 1 and not (tmp_path / "x.hrdbundle").exists()
    result = cli("export-bundle", post.folder, "--to", "Observer", good)
    assert result.returncode == 2  # OUT exists
    result = cli(
        "export-bundle", post.folder, "--to", "Observer", "--since", "24/11/2026", tmp_path / "y"
    )
    assert result.returncode == 2
    result = cli(
        "export-bundle",
        post.folder,
        "--to",
        "Observer",
        "--since",
        "2999-01-01",
        tmp_path / "z.hrdbundle",
    )
    assert result.returncode == 0 and "Nothing to send" in result.stdout
    assert not (tmp_path / "z.hrdbundle").exists()
