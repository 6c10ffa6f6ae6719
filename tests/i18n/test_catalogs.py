"""The catalogs: the committed template matches the code, every language is complete and safe."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from hrd_desk.i18n_build import (
    TARGET_LANGUAGES,
    catalog_problems,
    compile_all,
    extract_catalog,
    message_keys,
    po_path,
    pot_path,
)


def test_template_is_not_stale() -> None:
    from babel.messages.pofile import read_po

    with pot_path().open("rb") as fh:
        committed = message_keys(read_po(fh))
    fresh = message_keys(extract_catalog())
    missing = sorted(str(k) for k in fresh - committed)[:20]
    gone = sorted(str(k) for k in committed - fresh)[:20]
    assert not missing and not gone, (
        f"translations/hrd_desk.pot is stale (run `make translations`): new {missing}, "
        f"removed {gone}"
    )


@pytest.mark.parametrize("lang", TARGET_LANGUAGES)
def test_catalog_complete_no_fuzzy_all_plurals_placeholders_match(lang: str) -> None:
    problems = catalog_problems(lang)
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("lang", TARGET_LANGUAGES)
def test_msgfmt_accepts_the_catalog(lang: str) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed (babel's checks above still ran)")
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_path(lang))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_catalogs_compile(tmp_path) -> None:
    root = tmp_path / "translations"
    for lang in TARGET_LANGUAGES:
        target = root / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po_path(lang), target / po_path(lang).name)
    written = compile_all(root, force=True)
    assert len(written) == len(TARGET_LANGUAGES)
    assert all(p.stat().st_size > 1000 for p in written)


def test_placeholder_check_catches_a_broken_translation(tmp_path) -> None:
    """Positive control for the check above."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="fr", domain="hrd_desk")
    catalog.add("{n} cases", "{nombre} dossiers")
    catalog.add("Save", "")
    path = tmp_path / "fr" / "LC_MESSAGES" / "hrd_desk.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)
    problems = catalog_problems("fr", tmp_path)
    assert any("unknown placeholders" in p for p in problems)
    assert any("untranslated" in p for p in problems)
