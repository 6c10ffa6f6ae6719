"""Proof, read back from a finished PDF, that no character is drawn as a missing-glyph box.

reportlab draws a character its font lacks as code 0 of the embedded subset and says nothing;
code 0 shows the font's ``.notdef`` box, or nothing at all when the font maps U+0000 to an empty
glyph (Noto Sans does). This walks every text-showing operator of every page (and of form
XObjects) and reports each code that the embedded subset maps to glyph 0, or that the font's
ToUnicode map does not name a real character for (reportlab writes U+0000 for code 0) — plus
any text drawn in a font that is not embedded at all (reportlab's Helvetica default cannot draw
Arabic or Cyrillic).

``text.missing_glyphs`` checks lines before drawing; this checks the result, independently of
how it was produced. Cheap enough (a few hundred ms for 30 pages) to run before encrypting.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass

import pikepdf

_SHOW_TEXT = {"Tj", "'", '"', "TJ"}


@dataclass(frozen=True)
class GlyphProblem:
    page: int
    font: str
    code: int | None
    reason: str

    def __str__(self) -> str:
        code = "" if self.code is None else f" code {self.code}"
        return f"page {self.page}: {self.font}{code}: {self.reason}"


def glyph_problems(pdf: bytes, password: str = "") -> list[GlyphProblem]:
    """Every drawn character that shows as a box or in a non-embedded font; [] when none."""
    problems: list[GlyphProblem] = []
    cmaps: dict[tuple[int, int], _Drawable | None] = {}
    with pikepdf.open(io.BytesIO(pdf), password=password) as doc:
        for number, page in enumerate(doc.pages, start=1):
            _scan(page.obj, page.obj.get("/Resources"), number, cmaps, problems, depth=0)
    return problems


def _scan(
    content: pikepdf.Object,
    resources: pikepdf.Object | None,
    page: int,
    cmaps: dict[tuple[int, int], _Drawable | None],
    problems: list[GlyphProblem],
    depth: int,
) -> None:
    fonts = resources.get("/Font") if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    font: pikepdf.Object | None = None
    saved: list[pikepdf.Object | None] = []
    for operands, operator in pikepdf.parse_content_stream(content):
        op = str(operator)
        if op == "q":
            saved.append(font)
        elif op == "Q" and saved:
            font = saved.pop()
        elif op == "Tf":
            font = fonts.get(operands[0]) if fonts is not None else None
        elif op in _SHOW_TEXT:
            strings = _strings(operands, op)
            if font is None:
                problems.append(GlyphProblem(page, "?", None, "text without a font"))
                continue
            _check_codes(font, strings, page, cmaps, problems)
        elif op == "Do" and xobjects is not None and depth < 8:
            xobject = xobjects.get(operands[0])
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                inner = xobject.get("/Resources", resources)
                _scan(xobject, inner, page, cmaps, problems, depth + 1)


def _strings(operands: list, op: str) -> list[bytes]:
    if op == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return [bytes(operands[-1])]


def _check_codes(
    font: pikepdf.Object,
    strings: list[bytes],
    page: int,
    cmaps: dict[tuple[int, int], _Drawable | None],
    problems: list[GlyphProblem],
) -> None:
    name = str(font.get("/BaseFont", "?")).lstrip("/")
    key = font.objgen
    if key not in cmaps:
        cmaps[key] = _drawable_codes(font)
    drawable = cmaps[key]
    if drawable is None:
        problems.append(GlyphProblem(page, name, None, "font not embedded or not TrueType"))
        return
    for data in strings:
        for code in data:
            if code not in drawable:
                problems.append(GlyphProblem(page, name, code, "no glyph for this character"))


_Drawable = frozenset[int]


def _drawable_codes(font: pikepdf.Object) -> _Drawable | None:
    """Codes of a simple TrueType font that draw a real glyph for a real character."""
    if font.get("/Subtype") != "/TrueType":
        return None
    descriptor = font.get("/FontDescriptor")
    program = descriptor.get("/FontFile2") if descriptor is not None else None
    if program is None:
        return None
    try:
        glyphs = _parse_cmap(program.read_bytes())
    except (struct.error, ValueError):
        return None
    to_unicode = font.get("/ToUnicode")
    chars = _parse_to_unicode(to_unicode.read_bytes()) if to_unicode is not None else None
    return frozenset(
        code
        for code, gid in glyphs.items()
        if gid != 0 and (chars is None or chars.get(code, "\x00") not in ("", "\x00"))
    )


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def _parse_to_unicode(cmap: bytes) -> dict[int, str]:
    """Code → text from a ToUnicode CMap (bfchar and the simple form of bfrange)."""
    chars: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        values = _HEX.findall(block)
        for src, dst in zip(values[::2], values[1::2], strict=False):
            chars[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(cmap):
        values = _HEX.findall(block)
        for lo, hi, dst in zip(values[::3], values[1::3], values[2::3], strict=False):
            first = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                chars[code] = chr(first + offset)
    return chars


def _parse_cmap(ttf: bytes) -> dict[int, int]:
    tables = {}
    (count,) = struct.unpack(">H", ttf[4:6])
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sLLL", ttf[12 + 16 * i : 28 + 16 * i])
        tables[tag] = (offset, length)
    if b"cmap" not in tables:
        raise ValueError("no cmap")
    base = tables[b"cmap"][0]
    _version, subtables = struct.unpack(">HH", ttf[base : base + 4])
    records = {}
    for i in range(subtables):
        platform, encoding, offset = struct.unpack(
            ">HHL", ttf[base + 4 + 8 * i : base + 12 + 8 * i]
        )
        records[(platform, encoding)] = base + offset
    for key in ((1, 0), (3, 0), (3, 1)):
        if key in records:
            mapping = _parse_subtable(ttf, records[key])
            if key == (3, 0):  # symbol fonts put single-byte codes at U+F000…
                mapping = {code & 0xFF: gid for code, gid in mapping.items()}
            return mapping
    raise ValueError("no usable cmap subtable")


def _parse_subtable(ttf: bytes, at: int) -> dict[int, int]:
    (fmt,) = struct.unpack(">H", ttf[at : at + 2])
    if fmt == 0:
        return dict(enumerate(ttf[at + 6 : at + 6 + 256]))
    if fmt == 6:
        first, entries = struct.unpack(">HH", ttf[at + 6 : at + 10])
        ids = struct.unpack(f">{entries}H", ttf[at + 10 : at + 10 + 2 * entries])
        return {first + i: gid for i, gid in enumerate(ids)}
    if fmt == 4:
        (seg_x2,) = struct.unpack(">H", ttf[at + 6 : at + 8])
        segs = seg_x2 // 2
        ends = struct.unpack(f">{segs}H", ttf[at + 14 : at + 14 + seg_x2])
        starts_at = at + 16 + seg_x2
        starts = struct.unpack(f">{segs}H", ttf[starts_at : starts_at + seg_x2])
        deltas = struct.unpack(f">{segs}h", ttf[starts_at + seg_x2 : starts_at + 2 * seg_x2])
        range_at = starts_at + 2 * seg_x2
        ranges = struct.unpack(f">{segs}H", ttf[range_at : range_at + seg_x2])
        mapping = {}
        for i in range(segs):
            for code in range(starts[i], ends[i] + 1):
                if code == 0xFFFF:
                    continue
                if ranges[i] == 0:
                    gid = (code + deltas[i]) & 0xFFFF
                else:
                    where = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                    (gid,) = struct.unpack(">H", ttf[where : where + 2])
                    if gid:
                        gid = (gid + deltas[i]) & 0xFFFF
                mapping[code] = gid
        return mapping
    raise ValueError(f"cmap format {fmt}")
