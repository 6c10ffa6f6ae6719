"""Untrusted or translated text → visual lines of font runs, in any of the five UI languages.

reportlab draws glyphs left to right exactly as given: no markup is needed and none is used,
no shaping, no bidi, no font fallback. This module does all four, in this order, for each
paragraph (a ``\\n``-separated part of the text):

1. ``clean``: control characters removed (tabs become spaces), NFC. Nothing here is parsed as
   markup — text is never given to reportlab's ``Paragraph`` — so ``<b>``, ``&amp;`` or
   ``<font>`` typed by a user are printed as typed and cannot change the document.
2. Base direction: ``"rtl"``/``"ltr"`` when the caller knows it, else the first strong
   character outside isolates (UBA rules P2–P3), falling back to the document's direction.
3. Bidi isolates (U+2066–U+2069, written by ``hrd_desk.i18n.isolate``) are mapped to the
   equivalent embeddings (U+202A–U+202C), because the bidi implementation used (below)
   predates isolates. For the way we use isolates — an id, date or number inside a sentence —
   the result is the same; it differs only when a Latin word directly follows an isolated
   Latin id inside Arabic text (the two then read as one left-to-right run).
4. Arabic letters → contextual presentation forms (arabic-reshaper), in logical order;
   harakat are kept.
5. Wrap in logical order, measuring each character in the font that will draw it; words
   longer than a line are broken between characters (never before a combining mark), so
   nothing is ever clipped or runs out of its cell.
6. Per line: reorder for display with base direction R or L (python-bidi), then move Arabic
   marks back after their letter (UBA rule L3), then drop the format characters (bidi controls,
   joiners — they were only needed up to here, and Naskh has no glyph for isolates).
7. Split each visual line into runs by font (``fonts.drawable``) and align it: right for a
   right-to-left paragraph. Combining marks (harakat, Cyrillic stress marks) are drawn as
   their own runs, centred over their letter and stacked clear of it: reportlab has no
   OpenType mark positioning, and Naskh's default places a mark over the neighbouring letter.

Why ``bidi.algorithm.get_display`` and not ``bidi.get_display``: since python-bidi 0.5 the
top-level function wraps the Rust ``unicode-bidi`` crate, which implements rules L1–L2 only —
no L4 mirroring — so "(نص)" would print with its parentheses pointing outwards (python-bidi
issue #25, where the maintainer kept the pure-Python implementation under ``bidi.algorithm``
for this). The pure-Python one mirrors brackets; it lacks isolates (step 3) and the
bracket-pair rule N0, which matters only for brackets around text of the other direction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.graphics.shapes import Group, String
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from hrd_desk.summaries import fonts

Direction = Literal["ltr", "rtl", "auto"]
#: "start"/"end" follow each paragraph's own direction (a Latin name in an Arabic table starts
#: at the left); "left"/"right" are absolute, for placing text against something.
Align = Literal["start", "end", "center", "left", "right"]

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_OPENERS = {LRE: LRE, RLE: RLE, LRO: LRO, RLO: RLO}

_NEWLINES = str.maketrans(
    {"\r": "\n", "\v": "\n", "\f": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
)
# Spaces a line may break at. No-break spaces (U+00A0, U+2007, U+202F) are what babel puts
# inside numbers and amounts: "1 234,56 €" must stay on one line.
_BREAKABLE = frozenset(
    ch
    for ch in map(chr, range(0x2000, 0x200B))
    if unicodedata.category(ch) == "Zs" and ch != "\u2007"
) | {" ", "\u1680", "\u205f", "\u3000"}

_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={
        # Harakat are part of what was written (names carry them): keep them.
        "delete_harakat": False,
        # Marks are moved after their letter once the line is in visual order (step 6).
        "shift_harakat_position": False,
        # Only the lam-alef ligatures and the Allah ligature (the reshaper's defaults): the
        # font has them, and they are what a reader expects.
        "support_ligatures": True,
    }
)


@dataclass(frozen=True)
class TextStyle:
    size: float = 9.5
    bold: bool = False
    #: minimum line height as a multiple of ``size``; lines holding Arabic need more.
    leading: float = 1.3
    color: colors.Color = colors.black
    align: Align = "start"


@dataclass(frozen=True)
class Run:
    """Characters drawn in one font, in visual (left-to-right) order."""

    text: str
    font: str
    x: float  # from the line's left edge, at size 1
    width: float  # at size 1
    dy: float = 0.0  # raised (em) — a combining mark stacked on another


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # at size 1
    rtl: bool  # the paragraph's base direction: decides "start" and "end"
    ascent: float  # em
    descent: float  # em

    @property
    def text(self) -> str:
        """The characters as drawn, left to right (presentation forms for Arabic)."""
        return "".join(run.text for run in self.runs)

    def height(self, style: TextStyle) -> float:
        return max(style.leading, self.ascent + self.descent) * style.size

    def baseline(self, style: TextStyle) -> float:
        """Distance from the top of the line box down to the baseline."""
        extra = self.height(style) - (self.ascent + self.descent) * style.size
        return extra / 2 + self.ascent * style.size

    def left(self, style: TextStyle, avail_width: float) -> float:
        free = avail_width - self.width * style.size
        if style.align == "center":
            return free / 2
        if style.align in ("left", "right"):
            return free if style.align == "right" else 0.0
        at_right = (style.align == "start") == self.rtl
        return free if at_right else 0.0


# ---------------------------------------------------------------------------------------------
# cleaning and direction


def clean(value: object) -> str:
    """Text safe to lay out: newlines normalised, other control characters removed, NFC."""
    text = str(value).replace("\r\n", "\n").translate(_NEWLINES).replace("\t", " ")
    text = unicodedata.normalize("NFC", text)
    # Cs: a lone surrogate cannot even be encoded into the PDF.
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def first_strong_direction(text: str) -> Literal["ltr", "rtl"] | None:
    """UBA P2–P3: the first L, R or AL character outside isolates decides; ``None`` if none."""
    depth = 0
    for ch in text:
        if ch in (LRI, RLI, FSI):
            depth += 1
        elif ch == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(ch)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def resolve_direction(text: str, direction: Direction, fallback_rtl: bool) -> bool:
    """True when the paragraph is right to left."""
    if direction == "auto":
        found = first_strong_direction(text)
        return fallback_rtl if found is None else found == "rtl"
    return direction == "rtl"


def isolates_to_embeddings(text: str) -> str:
    """LRI/RLI/FSI…PDI → LRE/RLE…PDF; a PDI with nothing open is dropped."""
    out: list[str] = []
    open_isolates = 0
    for i, ch in enumerate(text):
        if ch in (LRI, RLI, FSI):
            if ch == FSI:
                inner = text[i + 1 :]
                end = inner.find(PDI)
                found = first_strong_direction(inner if end < 0 else inner[:end])
                ch = RLI if found == "rtl" else LRI
            out.append(LRE if ch == LRI else RLE)
            open_isolates += 1
        elif ch == PDI:
            if open_isolates:
                out.append(PDF)
                open_isolates -= 1
        else:
            out.append(ch)
    return "".join(out)


def _open_embeddings(text: str, stack: list[str]) -> list[str]:
    """The embeddings still open after *text*, given those open before it."""
    stack = list(stack)
    for ch in text:
        if ch in _OPENERS:
            stack.append(ch)
        elif ch == PDF and stack:
            stack.pop()
    return stack


# ---------------------------------------------------------------------------------------------
# wrapping


def _width(text: str, bold: bool) -> float:
    total = 0.0
    for ch in text:
        drawn, font = fonts.drawable(ch, bold)
        total += fonts.char_width(drawn, font)
    return total


def _break_long_word(word: str, max_width: float, bold: bool) -> list[str]:
    """Pieces of *word* no wider than *max_width* (at size 1), cut between characters.

    Prefers to cut after a hyphen or slash (ids, paths, URLs); never cuts before a combining
    mark, a joiner or a variation selector, so a letter keeps its accents.
    """
    pieces: list[str] = []
    start = 0
    while start < len(word):
        width = 0.0
        end = start
        last_soft = -1
        while end < len(word):
            w = _width(word[end], bold)
            if width + w > max_width and end > start:
                break
            width += w
            end += 1
            if word[end - 1] in "-/\\_.,":
                last_soft = end
        if end < len(word):
            if last_soft > start:
                end = last_soft
            while end > start + 1 and _attaches_to_previous(word[end]):
                end -= 1
        pieces.append(word[start:end])
        start = end
    return pieces


def _attaches_to_previous(ch: str) -> bool:
    return (
        unicodedata.category(ch).startswith("M")
        or ch in "\u200c\u200d"
        or (0xFE00 <= ord(ch) <= 0xFE0F)
    )


def _tokens(paragraph: str) -> list[str]:
    """Words, each with the breakable spaces that follow it."""
    tokens: list[str] = []
    current: list[str] = []
    in_space = False
    for ch in paragraph:
        if ch in _BREAKABLE:
            in_space = True
        elif in_space:
            tokens.append("".join(current))
            current = []
            in_space = False
        current.append(ch)
    if current:
        tokens.append("".join(current))
    return tokens


def wrap_logical(paragraph: str, max_width: float, bold: bool = False) -> list[str]:
    """Greedy line breaking in logical order; widths at size 1 (divide points by the size)."""
    lines: list[str] = []
    current = ""
    current_width = 0.0  # including trailing spaces
    for token in _tokens(paragraph):
        word = token.rstrip("".join(_BREAKABLE))
        word_width = _width(word, bold)
        token_width = word_width + _width(token[len(word) :], bold)
        if current and current_width + word_width > max_width:
            lines.append(current)
            current, current_width = "", 0.0
        if word_width > max_width:
            pieces = _break_long_word(word, max_width, bold)
            lines.extend(pieces[:-1])
            token = pieces[-1] + token[len(word) :]
            token_width = _width(token, bold)
        current += token
        current_width += token_width
    lines.append(current)
    return [line.rstrip("".join(_BREAKABLE)) for line in lines]


# ---------------------------------------------------------------------------------------------
# visual lines


def _marks_after_base(visual: str) -> str:
    """UBA L3 for Arabic: reversal put each mark before its letter; put it back after."""
    out: list[str] = []
    pending: list[str] = []
    for ch in visual:
        if unicodedata.category(ch) == "Mn" and fonts.is_arabic_script(ch):
            pending.append(ch)
            continue
        out.append(ch)
        if pending:
            out.extend(_stacking_order(reversed(pending)))
            pending = []
    out.extend(_stacking_order(reversed(pending)))
    return "".join(out)


#: Space (em) between a letter and a mark placed over or under it.
MARK_GAP = 0.04

# Marks drawn nearest the letter whatever their order in the text (Unicode UTR #53): NFC sorts
# fatha (class 30) before shadda (33), yet the fatha sits on top of the shadda.
_MODIFIER_MARKS = frozenset("\u0651\u0654\u0655\u0658\u06dc\u06e3\u06e7\u06e8\u08d3\u08f3")


def _stacking_order(marks: Iterable[str]) -> list[str]:
    return sorted(marks, key=lambda mark: mark not in _MODIFIER_MARKS)


def _runs(visual: str, bold: bool) -> tuple[tuple[Run, ...], float, float, float]:
    """Visual text → runs by font, with combining marks placed over their letter."""
    runs: list[Run] = []
    x = 0.0
    chars: list[str] = []
    font: str | None = None
    run_x = 0.0
    used: set[str] = set()
    base: tuple[float, float] | None = None  # x and width of the last letter
    stack: tuple[float, float] = (0.0, 0.0)  # top and bottom of that letter and its marks

    def flush() -> None:
        nonlocal chars, run_x
        if chars:
            assert font is not None
            runs.append(Run("".join(chars), font, run_x, x - run_x))
        chars, run_x = [], x

    for ch in visual:
        if fonts.is_invisible(ch):
            continue
        drawn, ch_font = fonts.drawable(ch, bold)
        used.add(ch_font)
        advance = fonts.char_width(drawn, ch_font)
        box = fonts.glyph_box(ch_font, drawn) if advance == 0 else None
        if box is not None and base is not None and unicodedata.category(ch) == "Mn":
            # A zero-width mark: centre it over its letter and clear of the letter and of
            # the marks already on it, roughly as OpenType mark positioning would.
            flush()
            x_min, y_min, x_max, y_max = box
            top, bottom = stack
            dy = 0.0
            if y_min > 0.2:  # above the letter
                dy = max(0.0, top + MARK_GAP - y_min)
                top = y_max + dy
            elif y_max < 0.1:  # below it
                dy = min(0.0, bottom - MARK_GAP - y_max)
                bottom = y_min + dy
            stack = (top, bottom)
            mark_x = base[0] + base[1] / 2 - (x_min + x_max) / 2
            runs.append(Run(drawn, ch_font, mark_x, 0.0, dy))
            continue
        if ch_font != font:
            flush()
        font = ch_font
        chars.append(drawn)
        letter = fonts.glyph_box(ch_font, drawn)
        base = (x, advance)
        stack = (letter[3], letter[1]) if letter else (0.0, 0.0)
        x += advance
    flush()
    metrics = [fonts.vertical_metrics(f) for f in used or {fonts.SANS}]
    ascent = max(m[0] for m in metrics)
    descent = max(m[1] for m in metrics)
    return tuple(runs), x, ascent, descent


def layout_lines(
    text: object,
    width: float,
    style: TextStyle = TextStyle(),
    direction: Direction = "auto",
    fallback_rtl: bool = False,
) -> list[Line]:
    """*text* as visual lines no wider than *width* points (one line at least)."""
    lines: list[Line] = []
    max_width = max(width, style.size) / style.size
    for paragraph in clean(text).split("\n"):
        rtl = resolve_direction(paragraph, direction, fallback_rtl)
        logical = _RESHAPER.reshape(isolates_to_embeddings(paragraph))
        open_before: list[str] = []
        for piece in wrap_logical(logical, max_width, style.bold):
            visual = get_display("".join(open_before) + piece, base_dir="R" if rtl else "L")
            open_before = _open_embeddings(piece, open_before)
            runs, line_width, ascent, descent = _runs(_marks_after_base(visual), style.bold)
            lines.append(Line(runs, line_width, rtl, ascent, descent))
    return lines


def visual_text(text: object, direction: Direction = "auto", fallback_rtl: bool = False) -> str:
    """One unwrapped line as it will be drawn (tests, short labels)."""
    lines = layout_lines(text, 1e9, TextStyle(), direction, fallback_rtl)
    return "\n".join(line.text for line in lines)


def text_width(text: object, style: TextStyle = TextStyle()) -> float:
    """Width in points of the widest line of *text* drawn unwrapped."""
    return max(line.width for line in layout_lines(text, 1e9, style)) * style.size


def missing_glyphs(lines: Iterable[Line]) -> list[tuple[str, str]]:
    """(character, font) for every character about to be drawn in a font that lacks it."""
    return [
        (ch, run.font)
        for line in lines
        for run in line.runs
        for ch in run.text
        if not fonts.has_glyph(run.font, ch)
    ]


# ---------------------------------------------------------------------------------------------
# drawing


def draw_lines(
    canvas: Canvas,
    lines: Sequence[Line],
    x: float,
    top: float,
    width: float,
    style: TextStyle,
) -> float:
    """Draw *lines* in the box starting at (*x*, *top*) going down; returns the height used."""
    y = top
    canvas.saveState()
    canvas.setFillColor(style.color)
    for line in lines:
        baseline = y - line.baseline(style)
        left = x + line.left(style, width)
        for run in line.runs:
            canvas.setFont(run.font, style.size)
            canvas.drawString(left + run.x * style.size, baseline + run.dy * style.size, run.text)
        y -= line.height(style)
    canvas.restoreState()
    return top - y


def lines_to_shapes(
    lines: Sequence[Line], x: float, top: float, width: float, style: TextStyle
) -> Group:
    """The same as ``draw_lines``, as reportlab graphics shapes (for Drawings)."""
    group = Group()
    y = top
    for line in lines:
        baseline = y - line.baseline(style)
        left = x + line.left(style, width)
        for run in line.runs:
            group.add(
                String(
                    left + run.x * style.size,
                    baseline + run.dy * style.size,
                    run.text,
                    fontName=run.font,
                    fontSize=style.size,
                    fillColor=style.color,
                )
            )
        y -= line.height(style)
    return group


def lines_height(lines: Sequence[Line], style: TextStyle) -> float:
    return sum(line.height(style) for line in lines)


class TextBlock(Flowable):
    """A paragraph of any language that wraps to the width it is given and splits across pages.

    Lines are laid out at ``wrap`` time, so the same block works full-width and in a table
    cell; ``split`` cuts between lines, so a long note continues on the next page (also inside
    a table row when the table allows row splitting).
    """

    def __init__(
        self,
        text: object,
        style: TextStyle = TextStyle(),
        *,
        direction: Direction = "auto",
        fallback_rtl: bool = False,
        space_before: float = 0.0,
        space_after: float = 0.0,
        _lines: list[Line] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.direction: Direction = direction
        self.fallback_rtl = fallback_rtl
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._fixed = _lines is not None
        self._lines: list[Line] = _lines or []
        self._laid_width: float | None = None

    def __repr__(self) -> str:  # never the text: it may be case data (crash output, logs)
        return f"<TextBlock lines={len(self._lines)}>"

    def lines_for(self, width: float) -> list[Line]:
        if not self._fixed and self._laid_width != width:
            self._lines = layout_lines(
                self.text, width, self.style, self.direction, self.fallback_rtl
            )
            self._laid_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = lines_height(self.lines_for(availWidth), self.style)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # Split the lines as last wrapped: reportlab's Table asks a cell to split at the full
        # column width, padding included, although it wrapped it at the width inside padding.
        lines = self._lines if self._laid_width is not None else self.lines_for(availWidth)
        used = 0.0
        count = 0
        for line in lines:
            used += line.height(self.style)
            if used > availHeight + 1e-6:
                break
            count += 1
        if count == 0 or count >= len(lines):
            return []
        return [self._piece(lines[:count], first=True), self._piece(lines[count:], first=False)]

    def _piece(self, lines: list[Line], first: bool) -> TextBlock:
        return TextBlock(
            "",
            self.style,
            space_before=self.spaceBefore if first else 0.0,
            space_after=0.0 if first else self.spaceAfter,
            _lines=lines,
        )

    def draw(self) -> None:
        draw_lines(self.canv, self._lines, 0, self.height, self.width, self.style)
