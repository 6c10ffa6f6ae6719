"""Text for summaries: cleaned, shaped, ordered, wrapped so nothing is clipped, drawable."""

from __future__ import annotations

import unicodedata

import pytest
from arabic_reshaper.letters import LETTERS_ARABIC
from hypothesis import given, settings
from hypothesis import strategies as st

from hrd_desk.summaries import fonts
from hrd_desk.summaries import text as T
from hrd_desk.summaries.layout import PageDecor, SummaryLayout
from tests.support.pdf import page_texts


def logical(visual: str) -> str:
    """Undo display order and shaping of an all-Arabic visual string."""
    return unicodedata.normalize("NFKC", visual[::-1])


def test_clean_removes_control_characters_and_keeps_lines() -> None:
    assert T.clean("a\x00b\x1bc\td\r\ne\rf\u2028g\x7f") == "abc d\ne\nf\ng"
    assert T.clean("e\u0301") == "é"  # NFC: one glyph the font has, not a floating accent


def test_user_markup_is_printed_as_typed() -> None:
    typed = "Note: <b>not bold</b> & <font name='Courier'>AT&T</font> &amp; <br/> done"
    layout = SummaryLayout()
    pdf = layout.build([layout.paragraph(typed)], decor=PageDecor("h"), title="t")
    assert typed in page_texts(pdf)[0]


def test_brackets_are_mirrored_in_right_to_left_text() -> None:
    visual = T.visual_text("(نص) قال")
    # Reading right to left: "قال" is leftmost, then "(نص)" with its brackets facing inwards.
    assert visual.endswith(")") and visual[-4] == "("
    assert logical(visual[-3:-1]) == "نص"


def test_isolated_id_keeps_its_order_inside_arabic() -> None:
    isolated = T.visual_text("رقم \u20682024-17\u2069")
    assert "2024-17" in isolated
    assert not any(ch in isolated for ch in "\u2066\u2067\u2068\u2069\u202a\u202b\u202c")
    # Without the isolates the bidi algorithm reorders the number: why i18n.isolate exists.
    assert "17-2024" in T.visual_text("رقم 2024-17")


def test_arabic_name_inside_a_french_sentence() -> None:
    visual = T.visual_text("Le défenseur محمد علي (Alep) a été arrêté.")
    assert visual.startswith("Le défenseur ")
    assert visual.endswith(" (Alep) a été arrêté.")
    arabic = visual[len("Le défenseur ") : -len(" (Alep) a été arrêté.")]
    assert logical(arabic) == "محمد علي"
    # Joined: the first letter (drawn rightmost) is in its initial form, not isolated.
    assert arabic[-1] == "\ufee3"


def test_harakat_are_kept_and_centred_on_their_letter() -> None:
    (line,) = T.layout_lines("مُحَمَّد", 500)
    marks = [run for run in line.runs if unicodedata.category(run.text[0]) == "Mn"]
    assert sorted(run.text for run in marks) == sorted("\u064f\u064e\u0651\u064e")
    letters = [run for run in line.runs if run not in marks]
    spans = []
    x = 0.0
    for run in letters:
        for ch in run.text:
            w = fonts.char_width(ch, run.font)
            spans.append((x, x + w))
            x += w
    for mark in marks:
        x_min, _y0, x_max, _y1 = fonts.glyph_box(mark.font, mark.text)
        centre = mark.x + (x_min + x_max) / 2
        assert any(lo < centre < hi for lo, hi in spans)
    shadda = next(run for run in marks if run.text == "\u0651")
    stacked = [run for run in marks if run.text == "\u064e" and abs(run.x - shadda.x) < 0.1]
    assert stacked and stacked[0].dy > 0  # the fatha sits on the shadda, not inside it


@pytest.mark.parametrize("letter", sorted(LETTERS_ARABIC))
def test_every_shape_of_every_arabic_letter_is_in_naskh(letter: str) -> None:
    for text in (letter, letter + letter + letter):
        for line in T.layout_lines(text, 500, T.TextStyle(bold=True)) + T.layout_lines(text, 500):
            assert T.missing_glyphs([line]) == []
            assert fonts.REPLACEMENT not in line.text


def test_missing_characters_are_visible_and_reported() -> None:
    assert fonts.uncovered_characters("abc 漢字 محمد") == {"漢", "字"}
    (line,) = T.layout_lines("a漢b", 500)
    assert line.text == "a\ufffdb"
    assert T.missing_glyphs([line]) == []


def test_long_words_are_broken_and_no_break_spaces_are_not() -> None:
    lines = T.layout_lines("x" * 300, 100)
    assert len(lines) > 3
    assert "".join(line.text for line in lines) == "x" * 300
    amount = "1\u202f234\u202f567,89\u00a0€"
    lines = T.layout_lines(f"Total {amount}", T.text_width(amount) + 2)
    assert [line.text for line in lines] == ["Total", amount]


def test_a_long_word_is_never_cut_before_its_accent() -> None:
    word = "ы\u0301" * 80  # Cyrillic yery + stress mark: no precomposed form, NFC keeps two
    for line in T.layout_lines(word, 60):
        assert not unicodedata.category(line.runs[0].text[0]).startswith("M")


TEXT = st.text(
    alphabet=st.sampled_from(
        list("abc ÉéñçøŁß")
        + list("абв ЖЩЁ")
        + list("محمد علي لا إله")
        + list("0123 ()-/.,")
        + ["\u00a0", "\u202f", "\u2068", "\u2069", "\u200f", "\n", "\t", "\x07", "\u0651", "ـ"]
        + ["漢", "🙂", "<", "&", " "]
    ),
    max_size=300,
)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.floats(min_value=12, max_value=400), st.booleans())
def test_every_line_fits_and_every_character_is_drawable(
    text: str, width: float, bold: bool
) -> None:
    style = T.TextStyle(size=9, bold=bold)
    lines = T.layout_lines(text, width, style)
    for line in lines:
        assert line.width * style.size <= max(width, style.size) + 1e-6
        assert T.missing_glyphs([line]) == []
        drawn = line.text
        assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in drawn)
    # Nothing typed in Latin or Cyrillic is lost on the way.
    kept = "".join(line.text for line in lines)
    for ch in set(text):
        if unicodedata.bidirectional(ch) == "L" and fonts.font_for(ch) is not None:
            assert kept.count(ch) == T.clean(text).count(ch)
