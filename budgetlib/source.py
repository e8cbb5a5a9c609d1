"""Stage 1 of the pipeline: a file's bytes -> numbered text lines (a PDF through budgetlib.pdf).

The text is PDF output: page furniture between pages, tab-separated table rows, blank lines
anywhere. Line numbers always refer to the file as given (1-based), so every finding can be
traced back to it. Nothing here knows a template: furniture lines are dropped at parse time,
by the template that declares them.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import NOT_A_PDF, DisclosureError

MAX_BYTES = 64 * 1024 * 1024  # a disclosure is well under 1 MiB of text; refuse before reading more
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # what Windows Notepad saves as "Unicode"
PDF_MAGIC = b"%PDF-"  # a PDF is read by budgetlib.pdf into the same lines `extract` writes


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the source file
    text: str

    @property
    def cells(self) -> list[str]:
        # split on every use: cheaper than a cached_property's lock, and most lines are split once
        return [c.strip() for c in self.text.split("\t")]

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


@dataclass(frozen=True)
class Source:
    path: Path
    sha256: str
    encoding: str
    lines: tuple[Line, ...]  # the non-blank lines
    line_count: int

    @property
    def name(self) -> str:
        return self.path.name

    def error(self, part: str, line: int | None, message: str) -> DisclosureError:
        return DisclosureError(self.path, part, line, message)


def decode(raw: bytes, path) -> tuple[str, str]:
    """UTF-16 with a BOM, UTF-8 (with or without BOM), then the Chinese legacy encodings."""
    if raw[:2] in _UTF16_BOMS:
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, raw, exc, "UTF-16") from None
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _cut_at_the_end(raw, utf8_error):
        raise _undecodable(path, raw, utf8_error, "UTF-8")
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if any("\u4e00" <= c <= "\u9fff" for c in text):  # Han text: a regex of that range costs 2 ms to compile
        return text, "gb18030"
    raise _undecodable(path, raw, utf8_error, "UTF-8 or GB18030/GBK")


def _cut_at_the_end(raw: bytes, error: UnicodeDecodeError) -> bool:
    """Valid UTF-8 up to an incomplete character in the last bytes: the file was cut short."""
    return error.reason == "unexpected end of data" or (error.start >= len(raw) - 3 and error.end == len(raw))


def _undecodable(path, raw: bytes, error: UnicodeDecodeError, tried: str) -> DisclosureError:
    line = raw[: error.start].count(b"\n") + 1
    if tried != "UTF-8 or GB18030/GBK" and _cut_at_the_end(raw, error):
        return DisclosureError(path, "file", line, f"truncated: the file ends in the middle of a {tried} character")
    return DisclosureError(path, "file", line, f"cannot decode the text as {tried} (byte {error.start})")


def clean(text: str) -> str:
    """Drop what PDF extraction adds around a line but keep tabs, which separate cells."""
    return text.replace("\u3000", " ").replace("\xa0", " ").rstrip("\r\n").rstrip(" ")


def text_of(path: Path, raw: bytes) -> tuple[str, str]:
    """(text, 'pdf' or the encoding) of a file's bytes; a file named .pdf that is no PDF is refused as such
    (random bytes would otherwise be reported as text that cannot be decoded)."""
    if raw.startswith(PDF_MAGIC):
        from .pdf import pdf_to_lines  # only PDF input pays for importing the PDF readers

        return "\n".join(pdf_to_lines(path)), "pdf"
    if path.suffix.lower() == ".pdf":
        raise DisclosureError(path, "file", None, NOT_A_PDF)
    return decode(raw, path)


def read_source(path) -> Source:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DisclosureError(path, "file", None, f"{size:,} bytes: over the {MAX_BYTES // 2**20} MiB limit for a disclosure")
        raw = path.read_bytes()
    except OSError as exc:
        raise DisclosureError(path, "file", None, f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise DisclosureError(path, "file", None, "the file is empty")
    text, encoding = text_of(path, raw)
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = tuple(Line(no, clean(t)) for no, t in enumerate(physical, start=1) if t.strip())
    return Source(path, hashlib.sha256(raw).hexdigest(), encoding, lines, len(physical))
