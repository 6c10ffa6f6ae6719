"""Arabic in the PDF: every glyph embedded, letters joined and drawn right to left.

Checked by eye as well (pdftoppm at 60–900 dpi of the ``ar`` sample): joined Naskh letters in
right-to-left order, lam-alef and Allah ligatures, harakat over their letters, brackets facing
the right way, ids in isolates kept as "2024-17", the table's columns from the right.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from reportlab.pdfgen.canvas import Canvas

from hrd_desk.summaries import fonts
from hrd_desk.summaries.glyphcheck import glyph_problems
from hrd_desk.summaries.layout import PageDecor, SummaryLayout
from hrd_desk.summaries.sample import build_sample
from tests.support.pdf import Char, page_chars

BUNDLED = {"NotoSans-Regular", "NotoSans-Bold", "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"}


def is_presentation_form(ch: str) -> bool:
    return 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF


@pytest.fixture(scope="module")
def arabic_sample() -> bytes:
    return build_sample("ar", 40)


def test_every_character_drawn_is_in_its_embedded_font(arabic_sample: bytes) -> None:
    assert glyph_problems(arabic_sample) == []
    used = {ch.font.split("+", 1)[-1] for page in page_chars(arabic_sample) for ch in page}
    assert used <= BUNDLED
    assert {"NotoSans-Regular", "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"} <= used


def test_the_glyph_check_catches_a_box() -> None:
    """Positive control: Arabic drawn straight in Noto Sans (no Arabic glyphs) is reported."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(fonts.SANS, 12)
    canvas.drawString(72, 720, "Name: محمد")
    canvas.showPage()
    canvas.save()
    problems = glyph_problems(buffer.getvalue())
    assert len(problems) == 4
    assert all("NotoSans" in p.font and p.page == 1 for p in problems)


def arabic_runs(chars: list[Char]) -> list[list[Char]]:
    """Arabic characters grouped by baseline, left to right as drawn."""
    lines: dict[int, list[Char]] = {}
    for ch in chars:
        if fonts.is_arabic_script(ch.text) and unicodedata.category(ch.text) != "Mn":
            lines.setdefault(round(ch.y0), []).append(ch)
    return [sorted(line, key=lambda c: c.x0) for _y, line in sorted(lines.items(), reverse=True)]


def test_arabic_words_are_joined_and_drawn_right_to_left() -> None:
    layout = SummaryLayout(rtl=True, lang="ar")
    story = [
        layout.paragraph("محمد يعمل"),
        layout.paragraph("Le défenseur محمد علي (Alep) a été arrêté."),
    ]
    pdf = layout.build(story, decor=PageDecor("—"), title="t")
    (chars,) = page_chars(pdf)
    first, second = arabic_runs(chars)[:2]

    # Drawn in presentation (joined) forms only: no base letters from U+0621–U+064A.
    for ch in first + second:
        assert is_presentation_form(ch.text), f"U+{ord(ch.text):04X} drawn unshaped"
    # Reading the glyphs from right to left gives back the words in logical order.
    assert unicodedata.normalize("NFKC", "".join(c.text for c in reversed(first))) == ("محمديعمل")
    assert unicodedata.normalize("NFKC", "".join(c.text for c in reversed(second))) == ("محمدعلي")
    # The first letter of "محمد" is the rightmost glyph, in its initial form (joined to the
    # next); the last is the leftmost, final form — not isolated letters in reverse.
    word, other = first[-4:], first[:4]
    assert [c.text for c in reversed(word)] == ["\ufee3", "\ufea4", "\ufee4", "\ufeaa"]
    # In the RTL paragraph the first word is on the right.
    assert [c.text for c in reversed(other)] == ["\ufef3", "\ufecc", "\ufee4", "\ufede"]
    assert max(c.x1 for c in other) < min(c.x0 for c in word)
    # The Latin sentence around the Arabic name keeps its left-to-right order.
    latin = [c for c in chars if c.text in "LA" and abs(c.y0 - second[0].y0) < 6]
    assert [c.text for c in sorted(latin, key=lambda c: c.x0)] == ["L", "A"]
    assert min(c.x0 for c in second) > next(c.x1 for c in latin if c.text == "L")
