"""The document skeleton: nothing clipped, headers repeated, pages numbered, RTL mirrored."""

from __future__ import annotations

import re
from itertools import accumulate

import pytest
from reportlab.graphics.shapes import Rect
from reportlab.lib.units import mm

from hrd_desk.summaries import layout as L
from hrd_desk.summaries.sample import build_sample, note_end, sample_rows
from tests.support.pdf import page_chars, page_lines, page_texts

ROWS = 200
SHARES = [0.6, 1.7, 1.3, 6.5, 1.1]  # the sample table's column widths
FRAME_BOTTOM = L.MARGIN_BOTTOM
FRAME_TOP = L.PAGE_SIZE[1] - L.MARGIN_TOP


@pytest.fixture(scope="module")
def english() -> bytes:
    return build_sample("en", ROWS)


@pytest.fixture(scope="module")
def english_texts(english: bytes) -> list[str]:
    return page_texts(english)


def table_pages(texts: list[str]) -> range:
    first = next(i for i, t in enumerate(texts) if note_end(1) in t)
    last = next(i for i, t in enumerate(texts) if note_end(ROWS) in t)
    return range(first, last + 1)


def test_every_note_ends_in_the_document(english_texts: list[str]) -> None:
    text = "\n".join(english_texts)
    missing = [n for n in range(1, ROWS + 1) if note_end(n) not in text]
    assert missing == []
    # The note longer than a page (row 100) is there in full, across pages.
    assert len(sample_rows()[99][3]) > 4000


def test_pages_are_numbered_x_of_y(english_texts: list[str]) -> None:
    total = len(english_texts)
    assert total > 10
    for number, text in enumerate(english_texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Sensitive — handle per post guidance" in text


def test_header_row_repeats_at_the_top_of_every_table_page(
    english: bytes, english_texts: list[str]
) -> None:
    lines = page_lines(english)
    pages = table_pages(english_texts)
    assert len(pages) > 20
    for index in pages:
        in_frame = [ln for ln in lines[index] if ln.y0 > FRAME_BOTTOM and ln.y1 < FRAME_TOP]
        headers = [ln for ln in in_frame if ln.text == "Status"]
        assert len(headers) == 1, f"page {index + 1}: {len(headers)} header rows"
        if index != pages[0]:  # the first page starts with other sections
            top = max(ln.y1 for ln in in_frame)
            assert headers[0].y1 >= top - 0.5, f"page {index + 1}: header row not at the top"


def test_no_text_crosses_a_column_or_the_page_edge(
    english: bytes, english_texts: list[str]
) -> None:
    width = L.PAGE_SIZE[0] - 2 * L.MARGIN_X
    bounds = [L.MARGIN_X + width * s / sum(SHARES) for s in accumulate(SHARES)][:-1]
    chars = page_chars(english)
    for page in chars:
        for ch in page:
            assert ch.x0 >= L.MARGIN_X - 0.5 and ch.x1 <= L.PAGE_SIZE[0] - L.MARGIN_X + 0.5
    for index in table_pages(english_texts)[1:]:
        for ch in chars[index]:
            if ch.y0 > FRAME_BOTTOM and ch.y1 < FRAME_TOP and ch.text.strip():
                crossed = [b for b in bounds if ch.x0 < b - 0.1 and ch.x1 > b + 0.1]
                assert crossed == [], f"page {index + 1}: {ch.text!r} runs over a column line"


def test_rtl_table_runs_right_to_left() -> None:
    pdf = build_sample("ar", 12)
    kinds = {"visit", "incident", "request", "grant", "hearing"}
    for page in page_lines(pdf):
        dates = [ln for ln in page if re.match(r"\d{4}-\d\d-\d\d", ln.text)]
        kind = [ln for ln in page if ln.text in kinds]
        statuses = [ln for ln in page if ln.text == "open"]
        if dates and kind and statuses:
            # Columns #, date, kind, note, status from the right: status is leftmost.
            assert max(s.x1 for s in statuses) < min(k.x0 for k in kind)
            assert max(k.x1 for k in kind) < min(d.x0 for d in dates)
            break
    else:
        pytest.fail("no table page found")


def current_cell(drawing) -> Rect:
    framed = [s for s in drawing.contents if isinstance(s, Rect) and s.strokeWidth > 2]
    assert len(framed) == 1
    return framed[0]


def test_risk_matrix_marks_the_current_cell_and_mirrors_for_rtl() -> None:
    labels = ["Low", "Medium", "High", "Critical"]
    kwargs = {"level_labels": labels, "likelihood_label": "L", "impact_label": "I"}
    cell = 13 * mm
    ltr = L.SummaryLayout(rtl=False).risk_matrix(4, 2, **kwargs)
    rtl = L.SummaryLayout(rtl=True).risk_matrix(4, 2, **kwargs)
    a, b = current_cell(ltr), current_cell(rtl)
    # Same row (impact 2) in both; likelihood 4 is the 4th column from the reading start.
    assert a.y == pytest.approx(b.y)
    grid_left_ltr = ltr.width - 2 - 5 * cell
    assert a.x == pytest.approx(grid_left_ltr + 3 * cell + 0.9)
    grid_left_rtl = rtl.width - 16 * mm - 5 * cell  # the gutter is on the right
    assert b.x == pytest.approx(grid_left_rtl + 1 * cell + 0.9)
    # Every cell carries its level's colour and a text label (colour is not the only cue).
    fills = {s.fillColor.hexval() for s in ltr.contents if isinstance(s, Rect) and s.fillColor}
    assert {c.hexval() for c in L.LEVEL_FILLS} <= fills
    assert L.default_risk_level(4, 2) == 1 and L.default_risk_level(5, 5) == 3
    no_current = L.SummaryLayout().risk_matrix(None, None, **kwargs)
    assert not [s for s in no_current.contents if isinstance(s, Rect) and s.strokeWidth > 2]


def test_trend_chart_runs_in_reading_direction() -> None:
    from datetime import date

    points = [(date(2024, 1, 1), 0), (date(2024, 6, 1), 3)]
    kwargs = {"level_labels": ["a", "b", "c", "d"], "format_date": date.isoformat}
    for rtl in (False, True):
        drawing = L.SummaryLayout(rtl=rtl).trend_chart(points, **kwargs)
        line = next(s for s in drawing.contents if type(s).__name__ == "PolyLine")
        (x_old, _y_old), (x_new, _y_new) = zip(line.points[::2], line.points[1::2], strict=True)
        assert (x_new < x_old) if rtl else (x_new > x_old)
    with pytest.raises(ValueError):
        L.SummaryLayout().trend_chart([], **kwargs)
