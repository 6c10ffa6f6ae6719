"""Reading summaries back as a reader would: text per page (pypdf), glyph positions (pdfminer)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextLine
from pypdf import PdfReader

# pdfminer logs every font quirk at WARNING; the assertions say what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def page_texts(pdf: bytes, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted:
        reader.decrypt(password or "")
    return [page.extract_text() or "" for page in reader.pages]


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    font: str


@dataclass(frozen=True)
class TextLine:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float


def _walk(item):
    yield item
    for child in getattr(item, "_objs", []) or []:
        yield from _walk(child)


def page_chars(pdf: bytes) -> list[list[Char]]:
    """Every drawn character per page, with its box and font (text from ToUnicode)."""
    pages = []
    for layout in extract_pages(io.BytesIO(pdf), laparams=LAParams()):
        pages.append(
            [
                Char(o.get_text(), o.x0, o.x1, o.y0, o.y1, o.fontname)
                for o in _walk(layout)
                if isinstance(o, LTChar)
            ]
        )
    return pages


def page_lines(pdf: bytes) -> list[list[TextLine]]:
    """pdfminer's text lines per page (runs of characters on one baseline, close together)."""
    pages = []
    for layout in extract_pages(io.BytesIO(pdf), laparams=LAParams()):
        pages.append(
            [
                TextLine(o.get_text().strip(), o.x0, o.x1, o.y0, o.y1)
                for o in _walk(layout)
                if isinstance(o, LTTextLine)
            ]
        )
    return pages
