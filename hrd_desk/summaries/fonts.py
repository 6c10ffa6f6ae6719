"""The bundled fonts, registered with reportlab once, and which of them draws each character.

reportlab has no font fallback: a character missing from the font is drawn as the ``.notdef``
box, silently. So the choice is made here, one character at a time and without context:
Arabic-script characters (letters, presentation forms, Arabic-Indic digits, Arabic punctuation)
go to Noto Naskh Arabic, everything else to Noto Sans, and each goes to the other font only if
its own lacks it. Because the choice never depends on neighbours, it survives bidi reordering
unchanged. Characters neither font has become U+FFFD (visible, unlike an empty box);
``uncovered_characters`` lets a caller report them.
"""

from __future__ import annotations

import functools
import struct
import threading
import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from hrd_desk.paths import resources_dir

SANS = "HrdNotoSans"
SANS_BOLD = "HrdNotoSans-Bold"
NASKH = "HrdNotoNaskhArabic"
NASKH_BOLD = "HrdNotoNaskhArabic-Bold"

#: reportlab font name → file in ``resources/fonts``.
FONT_FILES: dict[str, str] = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    NASKH: "NotoNaskhArabic-Regular.ttf",
    NASKH_BOLD: "NotoNaskhArabic-Bold.ttf",
}

REPLACEMENT = "\ufffd"

# Arabic, Arabic Supplement, Arabic Extended-A/B, Presentation Forms-A and -B.
_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

_lock = threading.Lock()


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the four bundled TTFs with reportlab; later calls do nothing.

    reportlab's font registry is process-global, so registration is guarded by a lock (a
    summary may be built on a worker thread while another is being previewed).
    """
    with _lock:
        known = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in FONT_FILES.items():
            if name not in known:
                # Subsetting is reportlab's default: only the glyphs drawn are embedded.
                pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / filename)))


@functools.cache
def _cmap(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def has_glyph(font_name: str, ch: str) -> bool:
    return ord(ch) in _cmap(font_name)


def is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _ARABIC_RANGES)


def is_invisible(ch: str) -> bool:
    """Format characters (bidi controls, joiners, soft hyphen): resolved, then not drawn."""
    return unicodedata.category(ch) == "Cf"


@functools.cache
def font_for(ch: str, bold: bool = False) -> str | None:
    """The bundled font that draws *ch*, or ``None`` if neither has it."""
    sans, naskh = (SANS_BOLD, NASKH_BOLD) if bold else (SANS, NASKH)
    order = (naskh, sans) if is_arabic_script(ch) else (sans, naskh)
    for name in order:
        if has_glyph(name, ch):
            return name
    return None


@functools.cache
def char_width(ch: str, font_name: str) -> float:
    """Advance width of *ch* at size 1 (reportlab has no kerning, so widths simply add up)."""
    if is_invisible(ch):
        return 0.0
    return pdfmetrics.stringWidth(ch, font_name, 1000) / 1000


def drawable(ch: str, bold: bool = False) -> tuple[str, str]:
    """(character to draw, font) — U+FFFD in Noto Sans when no bundled font has *ch*."""
    font = font_for(ch, bold)
    if font is None:
        return REPLACEMENT, (SANS_BOLD if bold else SANS)
    return ch, font


def uncovered_characters(text: str) -> set[str]:
    """Visible characters of *text* that no bundled font can draw (they print as U+FFFD)."""
    return {ch for ch in text if not is_invisible(ch) and font_for(ch) is None}


@functools.cache
def vertical_metrics(font_name: str) -> tuple[float, float]:
    """(ascent, descent) of *font_name* in em, both positive.

    Naskh's descent (0.634 em) is twice Noto Sans's: a line holding Arabic is spaced deeper so
    that it never touches the next line or a table rule.
    """
    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return face.ascent / 1000, -face.descent / 1000


@functools.cache
def glyph_box(font_name: str, ch: str) -> tuple[float, float, float, float] | None:
    """(x_min, y_min, x_max, y_max) of the glyph drawn for *ch*, in em; None if unknown.

    Used to centre combining marks over their letter: without OpenType mark positioning
    (reportlab has none) a zero-width mark lands where its designer's default puts it, which
    for Noto Naskh is to the right of the letter — over its neighbour in Arabic.
    """
    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    try:
        glyph = face.charToGlyph[ord(ch)]
        start = face.get_table_pos("glyf")[0] + face.glyphPos[glyph]
        if face.glyphPos[glyph + 1] - face.glyphPos[glyph] < 10:
            return None  # an empty glyph (a space)
        x_min, y_min, x_max, y_max = struct.unpack(">hhhh", face._ttf_data[start + 2 : start + 10])
    except (KeyError, IndexError, AttributeError, struct.error):
        return None
    scale = 1000 / face.unitsPerEm if getattr(face, "unitsPerEm", 0) else 1.0
    return tuple(v * scale / 1000 for v in (x_min, y_min, x_max, y_max))  # type: ignore[return-value]
