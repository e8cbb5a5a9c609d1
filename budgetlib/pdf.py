"""PDF → the text form budgetlib reads: one line per text line, table rows as tab-separated cells.

Call `pdf_to_lines(path)` for the lines or `extract(path, out)` to write them (UTF-8, '\\n' line ends);
`main_extract(argv)` is the body of `python -m budgetlib extract X.pdf [-o X.txt]` and returns the
exit code (0 written, 2 refused with one line on stderr).

Two readers, chosen per page, with one line builder (pdf_lines.py) so both give the same lines:
- pages with visible ruling go through pdfplumber (pdfminer.six), whose table finder turns ruled
  cells into rows (repaired in pdf_tables.py, continued over page breaks in pdf_pages.py); the
  words outside the tables become ordinary lines, ordered by vertical position;
- pages without ruling (cover, narrative) go through pypdfium2, about 30x faster at reading text.
  Its loose character boxes match pdfminer's on most pages, so `_chars_to_lines` yields the same
  lines there; not everywhere: on a re-saved 决算 and a Jiangsu narrative they differ (docs/
  shanghai-final-template.md: digits placed about 7 pt above their line, detached from the sentence).
  A page whose lines overlap (`detached`) is therefore read through pdfminer's boxes, and any
  page's lines that overlap are grouped by vertical overlap instead of by top.
What lies outside the page box is not printed and not read (a WPS overflow copies text there).
"""
from __future__ import annotations

import io
import re
import time
import zlib
from ctypes import byref, c_int, c_uint
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from .errors import NOT_A_PDF, DisclosureError
from .pdf_lines import Char, cell_text as _cell_text, chars_to_lines as _chars_to_lines, detached, text_lines
from .pdf_pages import lead_row, stitch as _stitch
from .pdf_tables import Table, read_table

# Bounds against hostile files; the seven real disclosures have 21-33 pages, 0.2 MB and ~15,000
# characters each and take about a second.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
MAX_CHARS = 2_000_000
MAX_SECONDS = 300.0
# A compressed stream can inflate a thousandfold (a "decompression bomb"): every stream is inflated
# once, in chunks and discarded, before a reader sees the file. A page's content is well under 1 MiB.
MAX_STREAM_BYTES = 256 * 1024 * 1024  # one stream inflated
MAX_INFLATED_BYTES = 1024 * 1024 * 1024  # all streams together
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_CHUNK = 1024 * 1024

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


class _NeedsPdfplumber(Exception):
    """A page pypdfium2 cannot render into characters faithfully (UTF-16 surrogates)."""


def is_pdf(raw: bytes) -> bool:
    """The PDF magic at the very start (readers tolerate junk before it; budgetlib does not)."""
    return raw.startswith(b"%PDF-")


# ---------------------------------------------------------------- pypdfium2 pages (no ruling)

def _has_ruling(page) -> bool:
    """Any path that may be visible: stroked, or filled in a colour other than white (WPS paints a
    white rectangle behind every cell, title and contents line; those draw nothing and are no
    table). In doubt (a pattern fill) it says yes: pdfplumber then reads the page, only slower."""
    fill_mode, stroke = c_int(), c_int()
    r, g, b, a = c_uint(), c_uint(), c_uint(), c_uint()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=4):
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, byref(fill_mode), byref(stroke))
        if stroke.value:
            return True
        if fill_mode.value:
            known = pdfium_c.FPDFPageObj_GetFillColor(obj.raw, byref(r), byref(g), byref(b), byref(a))
            if not known or (r.value, g.value, b.value) != (255, 255, 255):
                return True
    return False


def _pdfium_chars(page) -> list[Char]:
    """Characters with pdfium's loose boxes (font ascent/descent and advance width), the boxes
    pdfminer reports on most pages (see the module's docstring for where not); pdfium's generated
    spaces and line breaks are skipped, and so are characters outside the page box (not printed)."""
    height = page.get_height()
    left, bottom, right, top = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        raw, box, chars = textpage.raw, pdfium_c.FS_RECTF(), []
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if 0xD800 <= code <= 0xDFFF:
                raise _NeedsPdfplumber
            if code and pdfium_c.FPDFText_GetLooseCharBox(raw, i, byref(box)) \
                    and left <= (box.left + box.right) / 2 <= right and bottom <= (box.top + box.bottom) / 2 <= top:
                chars.append(Char(height - box.top, box.left, box.right, chr(code), height - box.bottom))
        return chars
    finally:
        textpage.close()


# ---------------------------------------------------------------- pdfplumber pages (ruled)

def _is_white(color) -> bool:
    if not isinstance(color, (tuple, list)) or not color:
        return False
    return all(v == 0 for v in color) if len(color) == 4 else all(v == 1 for v in color)  # CMYK / gray, RGB


def _is_visible(obj: dict) -> bool:
    return not (obj["object_type"] == "rect" and not obj.get("stroke") and _is_white(obj.get("non_stroking_color")))


def _centre_inside(ch: dict, bbox) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _touches(obj: dict, bbox) -> bool:
    return obj["x0"] <= bbox[2] and obj["x1"] >= bbox[0] and obj["top"] <= bbox[3] and obj["bottom"] >= bbox[1]


def _plumber_items(page) -> tuple[list[tuple[float, str | Table]], int]:
    """Tables and the lines outside them, by vertical position, plus the character count. What
    lies outside the page box (a WPS overflow: a second copy of a table or a paragraph below the
    bottom edge) is not printed and not read."""
    box = page.bbox
    chars = [c for c in page.chars if _centre_inside(c, box)]
    found = page.filter(lambda obj: _is_visible(obj) and _touches(obj, box)).find_tables(TABLE_SETTINGS)
    tables = [read_table(t, chars) for t in found]
    bboxes = [t.bbox for t in found]
    outside = [Char(c["top"], c["x0"], c["x1"], c["text"], c["bottom"]) for c in chars
               if not any(_centre_inside(c, b) for b in bboxes)]
    items: list[tuple[float, str | Table]] = text_lines(outside)
    if tables:  # the lines above the page's first table may be its first row (pdf_pages.py)
        first = min(tables, key=lambda t: t.top)
        first.lead_row = lead_row(first, [c for c in outside if c.top < first.top])
    for table in tables:  # its title band first: the sort below keeps this order on equal keys
        items += [(table.top, text) for _, text in table.lines_before] + [(table.top, table)]
    return sorted(items, key=lambda item: item[0]), len(page.chars)


# ---------------------------------------------------------------- the document

def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size  # before reading: refuse a huge file without loading it
        if size > MAX_FILE_BYTES:
            raise DisclosureError(path, "file", None, f"file is {size / 2**20:.1f} MiB; refusing PDFs over "
                                                      f"{MAX_FILE_BYTES / 2**20:.0f} MiB")
        raw = path.read_bytes()
    except OSError as exc:
        raise DisclosureError(path, "file", None, f"cannot read the file ({exc.strerror})") from None
    if not is_pdf(raw):
        raise DisclosureError(path, "file", None, NOT_A_PDF)
    return raw


def _check_streams(path: Path, raw: bytes) -> None:
    """Refuse a file whose compressed streams inflate beyond the bounds, without holding their
    content: each stream body (between `stream` and `endstream`) is inflated chunk by chunk and
    counted. A body that is not zlib data (an image, an uncompressed stream) is skipped."""
    total, position = 0, 0
    while (found := _STREAM.search(raw, position)) is not None:
        start = found.end()
        end = raw.find(b"endstream", start)
        end = len(raw) if end < 0 else end
        inflated = _inflated_size(raw[start:end], MAX_STREAM_BYTES + 1)
        if inflated > MAX_STREAM_BYTES:
            line = raw.count(b"\n", 0, start) + 1
            raise DisclosureError(path, "file", line, f"a compressed stream inflates to over "
                                  f"{MAX_STREAM_BYTES // 2**20} MiB (a decompression bomb?); refusing it")
        total += inflated
        if total > MAX_INFLATED_BYTES:
            raise DisclosureError(path, "file", None, f"its compressed streams inflate to over "
                                  f"{MAX_INFLATED_BYTES // 2**20} MiB together; refusing so large a document")
        position = end + len(b"endstream")


def _inflated_size(body: bytes, limit: int) -> int:
    """How many bytes zlib data inflates to, counted up to `limit`; 0 when it is not zlib data."""
    inflater, size, data = zlib.decompressobj(), 0, body
    try:
        while data and size < limit and not inflater.eof:
            out = inflater.decompress(data, _CHUNK)
            if not out and inflater.unconsumed_tail == data:  # no progress: nothing more comes out
                break
            size, data = size + len(out), inflater.unconsumed_tail
    except zlib.error:
        return size
    return size


def _open_pdfium(path: Path, raw: bytes):
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        raise DisclosureError(path, "file", None, _open_failure(exc.err_code)) from None


def _open_failure(code) -> str:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted PDF: it needs a password to open; save an unencrypted copy first"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "encrypted PDF with an unsupported security handler; save an unencrypted copy first"
    return "corrupt or truncated PDF: its structure (cross-reference table, page tree) cannot be read"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:120]}" if text else type(exc).__name__


class _Plumber:
    """pdfplumber opened on first need: documents whose pages all lack ruling never pay for it."""

    def __init__(self, path: Path, raw: bytes):
        self.path, self.raw, self.pdf = path, raw, None

    def items(self, number: int):
        try:
            if self.pdf is None:
                self.pdf = pdfplumber.open(io.BytesIO(self.raw))
            if number > len(self.pdf.pages):  # pdfium repaired a page tree that pdfminer reads shorter
                raise self._corrupt(number, "pdfminer finds no such page")
            page = self.pdf.pages[number - 1]
            try:
                return _plumber_items(page)
            finally:
                page.close()  # drop the parsed objects: memory stays flat over long documents
        except RecursionError:  # objects nested thousands deep
            raise self._corrupt(number, "objects nested too deeply") from None
        except (PdfminerException, MalformedPDFException) as exc:  # pdfplumber wraps every pdfminer error
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise DisclosureError(self.path, "file", None, _open_failure(pdfium_c.FPDF_ERR_PASSWORD)) from None
            raise self._corrupt(number, _first_line(cause)) from None

    def _corrupt(self, number: int, why: str) -> DisclosureError:
        return DisclosureError(self.path, f"page {number}", None, f"corrupt page content ({why})")

    def close(self):
        if self.pdf is not None:
            self.pdf.close()


def _page_items(doc, plumber: _Plumber, path: Path, number: int):
    try:
        page = doc[number - 1]
    except pdfium.PdfiumError:
        raise DisclosureError(path, f"page {number}", None, "corrupt page: PDFium cannot load it") from None
    try:
        if not _has_ruling(page):
            chars = _pdfium_chars(page)
            if not detached(chars):  # else pdfminer's boxes: pdfium's put detached glyphs half a line off
                return _chars_to_lines(chars), len(chars)
    except _NeedsPdfplumber:
        pass
    finally:
        page.close()
    return plumber.items(number)


def pdf_to_lines(path) -> list[str]:
    """The text lines of every page in reading order; each table row is one line of tab-joined cells.

    Raises DisclosureError (one line) for an unreadable, encrypted, corrupt, oversized or text-less PDF.
    """
    path = Path(path)
    start = time.monotonic()
    raw = _read_bytes(path)
    _check_streams(path, raw)
    doc = _open_pdfium(path, raw)
    plumber = _Plumber(path, raw)
    try:
        count = len(doc)
        if count == 0:
            raise DisclosureError(path, "file", None, "the PDF has no pages")
        if count > MAX_PAGES:
            raise DisclosureError(path, "file", None, f"{count} pages; refusing PDFs over {MAX_PAGES} pages")
        pages, total = [], 0
        for number in range(1, count + 1):
            items, chars = _page_items(doc, plumber, path, number)
            pages.append(items)
            total += chars
            _check_budget(path, number, total, time.monotonic() - start)
    finally:
        plumber.close()
        doc.close()
    if not any(pages):
        raise DisclosureError(path, "file", None, f"no text layer: {count} page(s) but no characters "
                                                  "(a scanned image?); run OCR first")
    return _stitch(pages)


def _check_budget(path: Path, number: int, chars: int, seconds: float) -> None:
    if chars > MAX_CHARS:
        raise DisclosureError(path, f"page {number}", None,
                              f"more than {MAX_CHARS:,} characters of text; refusing so large a document")
    if seconds > MAX_SECONDS:
        raise DisclosureError(path, f"page {number}", None,
                              f"reading took {seconds:.0f} s; refusing PDFs that take over {MAX_SECONDS:.0f} s")


def extract(path, out=None) -> str:
    """Extract the text of the PDF at `path`; write it to `out` (a path) if given, and return it.

    The text is the lines of `pdf_to_lines` with '\\n' line ends; the file is written as UTF-8.
    """
    text = "\n".join(pdf_to_lines(path)) + "\n"
    if out is not None:
        Path(out).write_text(text, encoding="utf-8", newline="\n")
    return text
