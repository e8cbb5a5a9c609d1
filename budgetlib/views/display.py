"""Display objects: what a notebook cell shows, as HTML (Jupyter, the rendered pages) and text.

Each object gives Jupyter a MIME bundle (`_repr_mimebundle_`): the HTML view and a text view.
Long tables keep the text view short (caption and row count: the HTML view has every row) so
that the executed notebooks stay small; `str(obj)` / `repr(obj)` is always the full text, for consoles. Nothing shown is
machine-dependent (no absolute paths, memory addresses or timings): nbval compares the outputs.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd

from ..labels import is_blank, text
from ..ledger import MATCH, MISMATCH, ROUNDING, STATUS_MARKS, STATUSES, UNVERIFIABLE, WITHIN

STATUS_COLORS = {MATCH: "#e6f4ea", ROUNDING: "#fff4d6", WITHIN: "#e3eefa", MISMATCH: "#fde2e1",
                 UNVERIFIABLE: "#eeeeee"}
TEXT_CHARACTERS = 3000  # a table whose text is longer shows only its caption and row count as text in a notebook
# !important: JupyterLab's stylesheet right-aligns every cell with a more specific selector.
_STYLE = ("<style>.bl-t{border-collapse:collapse;font-size:13px;margin:4px 0 12px 0}"
          ".bl-t th,.bl-t td{border:1px solid #ccc!important;padding:2px 6px!important;"
          "text-align:left!important;vertical-align:top}"
          ".bl-t th{background:#f3f3f3}.bl-t td.n{text-align:right!important}.bl-t td.b{font-weight:bold}"
          ".bl-t td.x{background:#f8b4b0!important;outline:2px solid #c8102e;font-weight:bold}</style>")
_TABLE = '<table class="bl-t" border="1">'


def status_cell(status: str) -> str:
    return f"{STATUS_MARKS[status]} {status}"


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["status"].value_counts() if len(frame) else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def row_anchor(kind: str, ident) -> str:
    """The HTML id of a ledger row on its page ('claim-一#05', 'check-t05.row23.total',
    'finding-表3-2001'): the problems block links to it. Quote it (urllib.parse.quote) in an href."""
    return f"{kind}-{ident}".replace(" ", "_")


def finding_anchor(table, line) -> str:
    """The row id of a goal-table finding: its table and line ('-' for a blank)."""
    return row_anchor("finding", "-".join(["表" + ("-" if is_blank(table) else str(int(table))),
                                           "-" if is_blank(line) else str(int(line))]))


def counts_text(counts: dict[str, int]) -> str:
    return "  ".join(f"{STATUS_MARKS[s]} {counts[s]} {s}" for s in STATUSES)


STATUS_HEADERS = [status_cell(s) for s in STATUSES]


class View:
    """Base of the display objects: the notebook gets HTML and a (possibly brief) text."""

    def html(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def brief(self) -> str:
        return repr(self)

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.brief(), "text/html": self.html()}


@dataclass(repr=False)
class Display(View):
    """A table: HTML in Jupyter and the rendered pages, plain text everywhere else.

    frame: the rows (any values; Decimal shown as printed, None blank).
    numeric: columns aligned right.  status: a column of `frame` holding a ledger status; it colours
    the row and is not shown itself.  bold: (row position, column) pairs shown in bold.
    """

    frame: pd.DataFrame
    caption: str = ""
    numeric: Sequence[str] = ()
    status: str | None = None
    bold: set = field(default_factory=set)
    note: str = ""
    flagged: set = field(default_factory=set)  # (row position, column) of cells in a mismatch: marked ✗ in red
    flag_title: str = "used by a check or claim that is a mismatch"  # the tooltip of a flagged cell
    anchor: str | None = None  # a column of `frame` holding each row's HTML id (row_anchor); not shown

    @property
    def visible(self) -> list:
        return [c for c in self.frame.columns if c not in (self.status, self.anchor)]

    def text_frame(self) -> pd.DataFrame:
        return self.frame[self.visible].apply(lambda column: column.map(text)).astype(object)

    def __repr__(self) -> str:
        lines = [self.caption] if self.caption else []
        lines.append(self.text_frame().to_string(index=False) if len(self.frame) else "(no rows)")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def brief(self) -> str:
        full = repr(self)
        if len(full) <= TEXT_CHARACTERS:
            return full
        lines = [self.caption] if self.caption else []
        lines.append(f"({len(self.frame)} rows: the HTML view shows them; print() for text)")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def html(self) -> str:
        out = []
        if self.caption:
            out.append(f'<p style="font-weight:bold;margin:8px 0 2px 0">{html.escape(self.caption)}</p>')
        if not len(self.frame):
            out.append("<p><i>(no rows)</i></p>")
        else:
            out.append(f"{_STYLE}{_TABLE}<thead><tr>")
            out += [f"<th>{html.escape(str(column))}</th>" for column in self.visible]
            out.append("</tr></thead><tbody>")
            texts = self.text_frame()
            statuses = list(self.frame[self.status]) if self.status is not None else None
            anchors = list(self.frame[self.anchor]) if self.anchor is not None else None
            for position, row in enumerate(texts.itertuples(index=False)):
                colour = STATUS_COLORS.get(str(statuses[position])) if statuses is not None else None
                ident = f' id="{html.escape(anchors[position])}"' if anchors is not None else ""
                out.append(f'<tr{ident} style="background:{colour}">' if colour else f"<tr{ident}>")
                for column, value in zip(self.visible, row):
                    flag = (position, column) in self.flagged
                    classes = " ".join(c for c, on in (("n", column in self.numeric),
                                                        ("b", (position, column) in self.bold), ("x", flag)) if on)
                    attribute = f' class="{classes}"' if classes else ""
                    if flag:
                        attribute += f' title="{html.escape(self.flag_title)}"'
                    out.append(f"<td{attribute}>{'✗ ' if flag else ''}{html.escape(value)}</td>")
                out.append("</tr>")
            out.append("</tbody></table>")
        if self.note:
            out.append(f'<p style="font-size:12px;color:#555">{html.escape(self.note)}</p>')
        return "".join(out)


@dataclass(repr=False)
class Facts(Display):
    """Label-value pairs: an HTML table, and one `label: value` line each in text (a long value,
    such as a path, does not shift the alignment of the other lines). `across`: pairs side by side
    in one HTML row (a compact card)."""

    across: int = 1

    def html(self) -> str:
        if self.across < 2 or not len(self.frame):
            return super().html()
        texts = self.text_frame()
        pairs = [f"<th>{html.escape(label)}</th><td>{html.escape(value)}</td>"
                 for label, value in zip(texts.iloc[:, 0], texts.iloc[:, 1])]
        rows = ["<tr>" + "".join(pairs[i: i + self.across]) + "</tr>" for i in range(0, len(pairs), self.across)]
        caption = (f'<p style="font-weight:bold;margin:8px 0 2px 0">{html.escape(self.caption)}</p>'
                   if self.caption else "")
        return f"{caption}{_STYLE}{_TABLE}<tbody>{''.join(rows)}</tbody></table>"

    def __repr__(self) -> str:
        texts = self.text_frame()
        lines = [self.caption] if self.caption else []
        lines += [f"{label}: {value}" for label, value in zip(texts.iloc[:, 0], texts.iloc[:, 1])]
        return "\n".join(lines)

    def brief(self) -> str:
        return repr(self)


@dataclass(repr=False)
class Group(View):
    """Several views shown one after the other (one notebook output), under an optional heading."""

    parts: list
    title: str = ""
    level: int = 3  # heading level of the title

    def __repr__(self) -> str:
        head = [f"{'#' * self.level} {self.title}"] if self.title else []
        return "\n\n".join(head + [repr(p) for p in self.parts]) if (self.parts or head) else "(nothing)"

    def brief(self) -> str:
        head = [f"{'#' * self.level} {self.title}"] if self.title else []
        return "\n\n".join(head + [_brief(p) for p in self.parts]) if (self.parts or head) else "(nothing)"

    def html(self) -> str:
        head = f"<h{self.level}>{html.escape(self.title)}</h{self.level}>" if self.title else ""
        body = "".join(_html(p) for p in self.parts) or "<p><i>(nothing)</i></p>"
        first = body.find(_STYLE) + len(_STYLE)
        if first >= len(_STYLE):  # the table style once per output
            body = body[:first] + body[first:].replace(_STYLE, "")
        return head + body


@dataclass(repr=False)
class Details(View):
    """A view folded away under a one-line summary (HTML <details>); the text shows the summary."""

    summary: str
    body: object
    open: bool = False

    def __repr__(self) -> str:
        return f"{self.summary}\n{self.body!r}"

    def brief(self) -> str:
        return f"▸ {self.summary}"

    def html(self) -> str:
        opened = " open" if self.open else ""
        return (f'<details{opened}><summary style="cursor:pointer;font-weight:bold">{html.escape(self.summary)}'
                f"</summary>{_html(self.body)}</details>")


@dataclass(repr=False)
class Heading(View):
    """A heading computed from the document (a Markdown output, so that it is in the outline)."""

    title: str
    level: int = 1
    subtitle: str = ""

    def __repr__(self) -> str:
        return "\n".join(x for x in (f"{'#' * self.level} {self.title}", self.subtitle) if x)

    def html(self) -> str:
        sub = f'<p style="color:#555;margin:0 0 8px 0">{html.escape(self.subtitle)}</p>' if self.subtitle else ""
        return f"<h{self.level}>{html.escape(self.title)}</h{self.level}>{sub}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        markdown = f"{'#' * self.level} {self.title}" + (f"\n\n{self.subtitle}" if self.subtitle else "")
        return {"text/plain": repr(self), "text/markdown": markdown}


@dataclass(repr=False)
class Note(View):
    """A short paragraph (optionally with a link to a file written next to the page)."""

    message: str
    link: str = ""  # relative path

    def __repr__(self) -> str:
        return self.message + (f" [{self.link}]" if self.link else "")

    def html(self) -> str:
        link = f' (<a href="{html.escape(self.link)}">{html.escape(self.link)}</a>)' if self.link else ""
        return f'<p style="font-size:13px;color:#333">{html.escape(self.message)}{link}</p>'


@dataclass(repr=False)
class Quote(View):
    """The text of a narrative section, line by line with the source line numbers."""

    title: str
    lines: list  # (line number, text)
    appendix: str = ""

    def __repr__(self) -> str:
        body = "\n".join(f"[{no}] {line}" for no, line in self.lines)
        return "\n".join(x for x in (self.title, body, self.appendix) if x)

    def html(self) -> str:
        rows = "".join(
            f'<p style="margin:4px 0"><span style="color:#888;font-size:11px">[{no}]</span> {html.escape(line)}</p>'
            for no, line in self.lines
        )
        appendix = f'<p style="font-size:12px;color:#555">{html.escape(self.appendix)}</p>' if self.appendix else ""
        return (f'<blockquote style="border-left:4px solid #c8102e;margin:6px 0;padding:4px 12px;background:#fafafa">'
                f'<p style="font-weight:bold;margin:2px 0">{html.escape(self.title)}</p>{rows}</blockquote>{appendix}')


def _html(view) -> str:
    return view.html() if isinstance(view, View) else html.escape(repr(view))


def _brief(view) -> str:
    return view.brief() if isinstance(view, View) else repr(view)
