"""Summaries in Arabic (shaped, right to left, every glyph embedded) and the summary CLI."""

from __future__ import annotations

import unicodedata

import pikepdf

from hrd_desk.cases.sharing import RedactionLevel
from hrd_desk.summaries import fonts
from hrd_desk.summaries.glyphcheck import glyph_problems
from hrd_desk.summaries.service import SummaryRequest, build_summary_pdf
from tests.cases.conftest import consent, defender, incident
from tests.conftest import PASSPHRASE
from tests.support.cli import run_cli
from tests.support.pdf import page_chars, page_texts

WORD = "الاعتقال"


def _arabic_case(store):
    from hrd_desk.cases.consents import ConsentScope

    d = store.add(
        defender(
            pseudonym="سنديان-٧",
            full_name="أمل حداد",
            country="SY",
            region="الساحل",
            notes=f"{WORD} التعسفي للمدافعة بعد نشر التقرير (٢٠٢٤-١٧).",
        )
    )
    store.add(consent(d.id, scopes=[ConsentScope.STORE, ConsentScope.SUMMARIES_HQ], partners=[]))
    store.add(incident(d.id, description=f"تهديد بالقتل عبر الهاتف ثم {WORD}"))
    return d


def test_arabic_summary_glyphs_joined_right_to_left(store) -> None:
    d = _arabic_case(store)
    pdf = build_summary_pdf(
        store, SummaryRequest(d.id, lang="ar", redaction=RedactionLevel.PSEUDONYMISE)
    )
    assert glyph_problems(pdf) == []
    pages = page_chars(pdf)
    arabic = [
        c
        for page in pages
        for c in page
        if fonts.is_arabic_script(c.text) and unicodedata.category(c.text) != "Mn"
    ]
    assert arabic, "no Arabic drawn"
    # Shaped: drawn as presentation forms, never as bare letters U+0621–U+064A.
    bare = [c.text for c in arabic if 0x0621 <= ord(c.text) <= 0x064A]
    assert bare == []
    # Right to left: on the line that holds the word, reading glyphs from the right gives it.
    lines: dict[int, list] = {}
    for c in arabic:
        lines.setdefault(round(c.y0), []).append(c)
    found = False
    for line in lines.values():
        ordered = "".join(c.text for c in sorted(line, key=lambda c: -c.x0))
        if WORD in unicodedata.normalize("NFKC", ordered):
            found = True
    assert found, "the Arabic word is not drawn right to left"
    text = "\n".join(page_texts(pdf))
    assert "أمل حداد" not in unicodedata.normalize("NFKC", text)


def _cli_vault(tmp_path):
    from hrd_desk.cases.store import Store
    from hrd_desk.crypto.vault import create_vault

    vault, _ = create_vault(tmp_path / "v", PASSPHRASE)
    with vault:
        store = Store.open(vault, actor="cli")
        d = _arabic_case(store)
        bare = store.add(defender(pseudonym="NoConsent", full_name="Someone Else"))
    return tmp_path / "v", d.id, bare.id


def test_summary_cli(tmp_path) -> None:
    folder, ok_id, refused_id = _cli_vault(tmp_path)
    pw = tmp_path / "pw.txt"
    pw.write_text("vx3k-88qa-m2pe-t7hw-k4zn-c9rd\n", encoding="utf-8")
    out = tmp_path / "out" / "s.pdf"
    out.parent.mkdir()
    result = run_cli(
        "summary",
        folder,
        ok_id,
        "--out",
        out,
        "--password-file",
        pw,
        "--lang",
        "ar",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    with pikepdf.open(out, password="vx3k-88qa-m2pe-t7hw-k4zn-c9rd") as pdf:
        assert pdf.encryption.R == 6
    text = "\n".join(page_texts(out.read_bytes(), "vx3k-88qa-m2pe-t7hw-k4zn-c9rd"))
    assert "سنديان" in unicodedata.normalize("NFKC", text) or "٧" in text
    refused = run_cli(
        "summary",
        folder,
        refused_id,
        "--out",
        tmp_path / "out" / "r.pdf",
        "--password-file",
        pw,
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert refused.returncode == 1
    assert "No consent" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "out" / "r.pdf").exists()
    both = run_cli(
        "summary",
        folder,
        ok_id,
        "--out",
        tmp_path / "x.pdf",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert both.returncode == 2
    weak = tmp_path / "weak.txt"
    weak.write_text("1234\n", encoding="utf-8")
    result = run_cli(
        "summary",
        folder,
        ok_id,
        "--out",
        tmp_path / "w.pdf",
        "--password-file",
        weak,
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1 and not (tmp_path / "w.pdf").exists()


def test_summary_cli_recipient(tmp_path) -> None:
    import pyrage

    folder, ok_id, _ = _cli_vault(tmp_path)
    hq = pyrage.x25519.Identity.generate()
    out = tmp_path / "s.pdf.age"
    result = run_cli(
        "summary",
        folder,
        ok_id,
        "--out",
        out,
        "--recipient",
        str(hq.to_public()),
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    pdf = pyrage.decrypt(out.read_bytes(), [hq])
    assert pdf.startswith(b"%PDF")
