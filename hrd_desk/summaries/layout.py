"""The skeleton of a case summary: pages, running header, headings, tables, charts.

Everything is built in memory (``io.BytesIO``); nothing here knows a file path. Every label is
passed in already translated, except the page numbering this module owns. All text goes through
``text.TextBlock`` (or ``text.lines_to_shapes`` inside drawings), so each run is drawn in the
font that has it and right-to-left paragraphs are shaped, ordered and right-aligned.

Right to left (``SummaryLayout(rtl=True)``): table columns and key–value blocks are reversed,
headings and the running header align right, and the risk matrix and trend chart are mirrored
(likelihood and time grow leftwards), as an Arabic reader scans them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from hrd_desk.i18n import N_, _
from hrd_desk.summaries import fonts
from hrd_desk.summaries.text import (
    Align,
    Direction,
    TextBlock,
    TextStyle,
    draw_lines,
    layout_lines,
    lines_height,
    lines_to_shapes,
)

#: The one label this toolkit owns; everything else arrives translated.
PAGE_X_OF_Y = N_("Page {page} of {pages}")

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm  # room for the running header
MARGIN_BOTTOM = 20 * mm  # room for the page numbers

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#57606a")
RULE = colors.HexColor("#8c959f")
HEADER_FILL = colors.HexColor("#e6e9ed")
ZEBRA = colors.HexColor("#f6f8fa")

#: Risk levels low, medium, high, critical. Light fills so black text stays readable, and
#: every cell also carries its label: colour is never the only cue.
LEVEL_FILLS = (
    colors.HexColor("#a5d6a7"),
    colors.HexColor("#fff176"),
    colors.HexColor("#ffb74d"),
    colors.HexColor("#e57373"),
)
LEVELS = 4


def default_risk_level(likelihood: int, impact: int) -> int:
    """0 low, 1 medium, 2 high, 3 critical from the product (1–4, 5–9, 10–16, 20–25).

    A placeholder for the domain's own mapping, which the assembler passes as ``level_of``.
    """
    score = likelihood * impact
    if score <= 4:
        return 0
    if score <= 9:
        return 1
    if score <= 16:
        return 2
    return 3


@dataclass(frozen=True)
class PageDecor:
    """What every page repeats. Never a person's name: pages get separated and forwarded."""

    handling: str  # e.g. "Sensitive — handle per post guidance"
    reference: str = ""  # e.g. a case number or the pseudonym


class _Heading(TextBlock):
    """A heading (with a rule under it at level 1) that is never left alone at a page foot.

    Not reportlab's ``keepWithNext``: that wraps the heading and the next flowable in a
    ``KeepTogether``, which starts a new page whenever the pair is taller than the space left —
    always, before a long table. Instead the heading asks for room for itself plus
    ``follow`` points of what comes next, and moves to the next page if that is not there.
    """

    def __init__(self, text: object, style: TextStyle, *, rtl: bool, rule: bool) -> None:
        super().__init__(
            text,
            style,
            fallback_rtl=rtl,
            space_before=style.size * 0.9,
            space_after=style.size * 0.35,
        )
        self.rule = rule
        # A section heading is often followed by a sub-heading, which itself asks for 28 mm:
        # ask for room for both, or the section title is left alone at the foot of a page.
        self.follow = (40 if rule else 28) * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)
        if self.rule:
            height += 3
            self.height = height
        if height < availHeight < height + self.follow:
            return width, availHeight + 1  # does not fit here: next page
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # a heading is never cut across pages

    def draw(self) -> None:
        text_height = lines_height(self._lines, self.style)
        draw_lines(self.canv, self._lines, 0, self.height, self.width, self.style)
        if self.rule:
            y = self.height - text_height - 1.5
            self.canv.saveState()
            self.canv.setStrokeColor(RULE)
            self.canv.setLineWidth(0.6)
            self.canv.line(0, y, self.width, y)
            self.canv.restoreState()


class _PagedCanvas(Canvas):
    """Holds pages back until the end so that each can say "Page X of Y"."""

    def __init__(self, *args, decorate: Callable[[Canvas, int, int], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []
        self._decorate = decorate

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        super().save()


class SummaryLayout:
    """Building blocks of one document, in one writing direction.

    ``translate`` translates the toolkit's own label (page numbering): pass the document
    language's ``gettext`` when it differs from the interface language.
    """

    def __init__(
        self,
        *,
        rtl: bool = False,
        base_size: float = 9.5,
        translate: Callable[[str], str] | None = None,
        lang: str | None = None,
    ) -> None:
        fonts.register_fonts()
        self.rtl = rtl
        self.lang = lang
        self._translate = translate or _
        self.body = TextStyle(size=base_size, color=INK)
        self.small = TextStyle(size=base_size * 0.82, color=MUTED)
        self.strong = replace(self.body, bold=True)
        self.h1 = TextStyle(size=base_size * 1.55, bold=True, color=INK)
        self.h2 = TextStyle(size=base_size * 1.2, bold=True, color=INK)
        self.cell = replace(self.body, size=base_size * 0.92)
        self.cell_header = replace(self.cell, bold=True)
        self.key = replace(self.body, bold=True, color=MUTED)
        self.frame_width = PAGE_SIZE[0] - 2 * MARGIN_X
        #: absolute sides where the document's reading starts and ends
        self._start: Align = "right" if rtl else "left"
        self._end: Align = "left" if rtl else "right"

    # -- text ---------------------------------------------------------------------------------

    def paragraph(
        self,
        text: object,
        *,
        direction: Direction = "auto",
        muted: bool = False,
        bold: bool = False,
        space_after: float = 3.0,
    ) -> TextBlock:
        style = self.small if muted else (self.strong if bold else self.body)
        return TextBlock(
            text, style, direction=direction, fallback_rtl=self.rtl, space_after=space_after
        )

    def heading(self, text: object, level: int = 1) -> Flowable:
        style = self.h1 if level <= 1 else self.h2
        return _Heading(text, style, rtl=self.rtl, rule=level <= 1)

    def spacer(self, height: float = 4 * mm) -> Flowable:
        return Spacer(1, height)

    # -- tables -------------------------------------------------------------------------------

    def _cell(self, value: object, style: TextStyle) -> TextBlock:
        return TextBlock("" if value is None else value, style, fallback_rtl=self.rtl)

    def _ordered(self, row: Sequence) -> list:
        return list(reversed(row)) if self.rtl else list(row)

    def key_values(
        self, pairs: Iterable[tuple[object, object]], key_share: float = 0.32
    ) -> Flowable:
        """Label–value rows (profile, cover block); the label column is on the reading side."""
        rows = [
            self._ordered([self._cell(key, self.key), self._cell(value, self.body)])
            for key, value in pairs
        ]
        if not rows:
            return Spacer(0, 0)  # reportlab refuses an empty table
        widths = self._ordered([f"{key_share * 100:.2f}%", f"{(1 - key_share) * 100:.2f}%"])
        table = Table(rows, colWidths=widths, splitInRow=1, hAlign="CENTER")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, HEADER_FILL),
                ]
            )
        )
        table.spaceAfter = 6
        return table

    def table(
        self,
        headers: Sequence[object],
        rows: Iterable[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        align: Sequence[Align] | None = None,
    ) -> Table:
        """A grid whose header row repeats on every page and whose cells wrap, never clip.

        *widths* are relative shares (normalised), *align* per column ("start", "end",
        "center" — relative to each cell's own direction). Columns run right to left in RTL.
        Rows taller than a page are split between lines of text.
        """
        count = len(headers)
        shares = list(widths) if widths else [1.0] * count
        if len(shares) != count or (align is not None and len(align) != count):
            raise ValueError("widths and align need one entry per column")
        total = sum(shares)
        col_widths = [f"{share / total * 100:.3f}%" for share in shares]
        aligns: list[Align] = list(align) if align else ["start"] * count
        header = [
            self._cell(h, replace(self.cell_header, align=a))
            for h, a in zip(headers, aligns, strict=True)
        ]
        body = []
        for row in rows:
            if len(row) != count:
                raise ValueError("every row needs one cell per column")
            body.append(
                [
                    self._cell(value, replace(self.cell, align=a))
                    for value, a in zip(row, aligns, strict=True)
                ]
            )
        data = [self._ordered(header)] + [self._ordered(r) for r in body]
        table = Table(
            data,
            colWidths=self._ordered(col_widths),
            repeatRows=1,
            # Rows split between lines of text wherever a page ends (at least ~2 lines on each
            # side), rather than reportlab's default of moving whole rows: with row-first
            # splitting, a row taller than the space left makes reportlab start a second
            # table piece on the same page, header row repeated in mid-page.
            splitByRow=0,
            splitInRow=self.cell.size * 2.6,
            hAlign="CENTER",
        )
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.3, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if len(data) > 2:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]))
        table.setStyle(TableStyle(commands))
        table.spaceBefore = 2
        table.spaceAfter = 8
        return table

    # -- graphics -----------------------------------------------------------------------------

    def _label(
        self,
        text: object,
        x: float,
        top: float,
        width: float,
        style: TextStyle,
        *,
        min_size: float = 5.0,
        max_lines: int = 2,
    ) -> tuple[Group, float]:
        """Text fitted into *width*: shrunk down to *min_size*, then wrapped. (shapes, height)"""
        size = style.size
        while True:
            sized = replace(style, size=size)
            lines = layout_lines(text, width, sized, fallback_rtl=self.rtl)
            fits = len(lines) <= max_lines and all(
                line.width * size <= width + 0.01 for line in lines
            )
            if fits and (len(lines) == 1 or size <= min_size):
                break
            if size <= min_size:
                break
            size = max(min_size, size - 0.5)
        return lines_to_shapes(lines, x, top, width, sized), lines_height(lines, sized)

    def _x(self, x: float, width: float, total: float) -> float:
        """Left edge of a box at *x* (from the reading start) in a drawing *total* wide."""
        return total - x - width if self.rtl else x

    def risk_matrix(
        self,
        likelihood: int | None,
        impact: int | None,
        *,
        level_labels: Sequence[str],
        likelihood_label: str,
        impact_label: str,
        level_of: Callable[[int, int], int] = default_risk_level,
        tick_labels: Sequence[str] | None = None,
        cell: float = 13 * mm,
    ) -> Drawing:
        """Likelihood 1–5 (across) × impact 1–5 (up), each cell coloured and labelled by level;
        the current cell (if any) framed in black with its label in bold."""
        if len(level_labels) != LEVELS:
            raise ValueError("four level labels: low, medium, high, critical")
        ticks = list(tick_labels) if tick_labels else [str(n) for n in range(1, 6)]
        axis_title = replace(self.small, size=self.small.size, color=INK)
        gutter = 16 * mm  # impact title and tick labels
        bottom = 14 * mm  # likelihood ticks and title
        grid = 5 * cell
        total_w = gutter + grid + 2
        total_h = bottom + grid + 4
        drawing = Drawing(total_w, total_h)
        grid_x = self._x(gutter, grid, total_w)
        label_style = replace(self.small, size=6.8, color=INK)
        current = None
        for lk in range(1, 6):
            for im in range(1, 6):
                level = level_of(lk, im)
                x = grid_x + ((5 - lk) if self.rtl else (lk - 1)) * cell
                y = bottom + (im - 1) * cell
                drawing.add(
                    Rect(
                        x,
                        y,
                        cell,
                        cell,
                        fillColor=LEVEL_FILLS[level],
                        strokeColor=colors.white,
                        strokeWidth=0.8,
                    )
                )
                is_current = (lk, im) == (likelihood, impact)
                style = replace(label_style, bold=is_current, align="center")
                shapes, height = self._label(level_labels[level], x + 1.5, 0, cell - 3, style)
                shapes.translate(0, y + cell / 2 + height / 2)
                drawing.add(shapes)
                if is_current:
                    current = (x, y)
        if current is not None:
            x, y = current
            drawing.add(
                Rect(
                    x + 0.9,
                    y + 0.9,
                    cell - 1.8,
                    cell - 1.8,
                    fillColor=None,
                    strokeColor=colors.black,
                    strokeWidth=2.2,
                )
            )
        tick_style = replace(self.small, align="center", color=INK)
        for n in range(5):
            # likelihood ticks under the columns
            x = grid_x + ((4 - n) if self.rtl else n) * cell
            shapes, _h = self._label(ticks[n], x, bottom - 1.5, cell, tick_style)
            drawing.add(shapes)
            # impact ticks beside the rows, on the reading-start side
            tick_w = 5 * mm
            tx = grid_x + grid + 1 if self.rtl else grid_x - tick_w - 1
            shapes, h = self._label(ticks[n], tx, 0, tick_w, tick_style)
            shapes.translate(0, bottom + n * cell + cell / 2 + h / 2)
            drawing.add(shapes)
        # axis titles: likelihood centred under the grid, impact in the gutter, horizontal
        # (rotated Arabic would be hard to read), wrapped to the gutter's width.
        shapes, _h = self._label(
            likelihood_label, grid_x, bottom - 7 * mm, grid, replace(axis_title, align="center")
        )
        drawing.add(shapes)
        title_w = gutter - 7 * mm
        title_x = grid_x + grid + 6 * mm if self.rtl else 0.0
        shapes, h = self._label(
            impact_label,
            title_x,
            0,
            title_w,
            replace(axis_title, align="center"),
            max_lines=3,
        )
        shapes.translate(0, bottom + grid / 2 + h / 2)
        drawing.add(shapes)
        drawing.hAlign = "RIGHT" if self.rtl else "LEFT"
        return drawing

    def trend_chart(
        self,
        points: Sequence[tuple[date, int]],
        *,
        level_labels: Sequence[str],
        format_date: Callable[[date], str],
        height: float = 42 * mm,
    ) -> Drawing:
        """Risk level (0 low … 3 critical) at each assessment date, over coloured level bands.

        Time runs in the reading direction (leftwards in RTL). Dates are placed by their real
        distance; labels that would overlap are left out, the newest is always shown.
        """
        if not points:
            raise ValueError("a trend needs at least one assessment")
        if len(level_labels) != LEVELS:
            raise ValueError("four level labels: low, medium, high, critical")
        points = sorted(points)
        width = self.frame_width
        label_w = 22 * mm
        bottom = 8 * mm
        plot_w = width - label_w - 4 * mm
        plot_h = height - bottom - 2
        plot_x = self._x(label_w, plot_w, width)
        band_h = plot_h / LEVELS
        drawing = Drawing(width, height)
        # Level names sit against the plot, whichever script they are in.
        band_label = replace(self.small, size=7, color=INK)
        for level in range(LEVELS):
            y = bottom + level * band_h
            fill = colors.Color(*LEVEL_FILLS[level].rgb(), alpha=0.45)
            drawing.add(Rect(plot_x, y, plot_w, band_h, fillColor=fill, strokeColor=None))
            lx = plot_x + plot_w + 2 if self.rtl else plot_x - label_w
            style = replace(band_label, align=self._end)
            shapes, h = self._label(level_labels[level], lx, 0, label_w - 2, style)
            shapes.translate(0, y + band_h / 2 + h / 2)
            drawing.add(shapes)
        first, last = points[0][0].toordinal(), points[-1][0].toordinal()
        span = max(1, last - first)
        pad = 4 * mm

        def px(day: date) -> float:
            share = 0.5 if last == first else (day.toordinal() - first) / span
            offset = pad + share * (plot_w - 2 * pad)
            return plot_x + (plot_w - offset if self.rtl else offset)

        def py(level: int) -> float:
            return bottom + (min(max(level, 0), LEVELS - 1) + 0.5) * band_h

        coords: list[float] = []
        for day, level in points:
            coords += [px(day), py(level)]
        drawing.add(Line(plot_x, bottom, plot_x + plot_w, bottom, strokeColor=RULE))
        if len(points) > 1:
            drawing.add(PolyLine(coords, strokeColor=INK, strokeWidth=1.2))
        for i in range(0, len(coords), 2):
            drawing.add(
                Circle(coords[i], coords[i + 1], 1.8, fillColor=INK, strokeColor=colors.white)
            )
        date_style = replace(self.small, size=6.8, align="center")
        taken: list[tuple[float, float]] = []
        for day, _level in reversed(points):  # newest first: it is always labelled
            text = format_date(day)
            lines = layout_lines(text, 30 * mm, date_style, fallback_rtl=self.rtl)
            w = max(line.width for line in lines) * date_style.size + 2
            left = px(day) - w / 2
            left = min(max(left, plot_x), plot_x + plot_w - w)
            if any(left < b and left + w > a for a, b in taken):
                continue
            taken.append((left, left + w))
            drawing.add(lines_to_shapes(lines, left, bottom - 1.5, w, date_style))
        drawing.hAlign = "CENTER"
        return drawing

    # -- the document -------------------------------------------------------------------------

    def _decorate(self, decor: PageDecor) -> Callable[[Canvas, int, int], None]:
        # The handling line on the reading-start side, the reference opposite, whatever
        # language each happens to be in.
        header_style = replace(self.small, bold=True, align=self._start)
        ref_style = replace(self.small, align=self._end)
        footer_style = replace(self.small, align="center")
        left, right = MARGIN_X, PAGE_SIZE[0] - MARGIN_X
        width = right - left
        top = PAGE_SIZE[1] - 10 * mm

        def decorate(canvas: Canvas, page: int, pages: int) -> None:
            handling = layout_lines(decor.handling, width * 0.62, header_style, "auto", self.rtl)
            used = draw_lines(canvas, handling, left, top, width, header_style)
            if decor.reference:
                reference = layout_lines(decor.reference, width * 0.35, ref_style, "auto", self.rtl)
                used = max(used, draw_lines(canvas, reference, left, top, width, ref_style))
            canvas.saveState()
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(left, top - used - 1.5, right, top - used - 1.5)
            canvas.restoreState()
            label = self._translate(PAGE_X_OF_Y).format(page=page, pages=pages)
            footer = layout_lines(label, width, footer_style, "auto", self.rtl)
            draw_lines(canvas, footer, left, MARGIN_BOTTOM - 7 * mm, width, footer_style)

        return decorate

    def build(self, story: Iterable[Flowable], *, decor: PageDecor, title: str) -> bytes:
        """Lay *story* out on A4 pages and return the PDF bytes (plaintext: encrypt next).

        *title* goes into the PDF metadata, which the encryption covers; keep it generic
        ("Case summary"), like everything a forwarded page could show.
        """
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author="",
            subject="",
            creator="HRD Desk",
            keywords=[],
            lang=self.lang,
            displayDocTitle=True,
        )
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            self.frame_width,
            PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(list(story), canvasmaker=partial(_PagedCanvas, decorate=self._decorate(decor)))
        return buffer.getvalue()
