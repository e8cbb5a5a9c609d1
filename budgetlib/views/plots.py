"""Figures in a notebook: a small PNG inline, the full-size PNG and SVG as files.

`figures(a, s, output_dir)` draws the charts placed with section `s` (None: the overview; see
budgetlib.charts.placement), writes each to output_dir/figures/ when output_dir is set, and returns
one `Figure` per chart to `display()`. Inline, a chart is a palette PNG at screen resolution (a few
tens of kB, not hundreds) whose text is its title: nbval compares that text and skips PNG data.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..audit import Audit

INLINE_DPI = 72  # screen resolution …
INLINE_PIXELS = 320_000  # … lower for a tall figure, so that no inline image has more pixels than this
INLINE_COLOURS = 64


@dataclass(repr=False)
class Figure:
    name: str
    title: str
    png: bytes  # the inline image

    def __repr__(self) -> str:
        return f"<figure {self.name}: {self.title}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": repr(self)}


def small_png(fig) -> bytes:
    """The figure as a compact PNG: screen resolution (at most INLINE_PIXELS), an adaptive palette."""
    from PIL import Image

    width, height = fig.get_size_inches()
    dpi = min(INLINE_DPI, int((INLINE_PIXELS / (width * height)) ** 0.5))
    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.1,
                metadata={"Software": None})
    image = Image.open(io.BytesIO(raw.getvalue())).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=INLINE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def figure(a: "Audit", name: str, output_dir=None) -> Figure:
    """Draw one chart (saved as PNG + SVG under output_dir/figures/ when given), closed after."""
    import matplotlib.pyplot as plt

    from .. import charts

    fig = charts.draw(a, name, output_dir)
    try:
        return Figure(name, charts.title(a.disclosure, name), small_png(fig))
    finally:
        plt.close(fig)


def figures(a: "Audit", s=None, output_dir=None) -> list[Figure]:
    """The figures of section `s` (a plan or numeral; None: the overview's)."""
    from .. import charts

    numeral = None if s is None else getattr(s, "numeral", s)
    return [figure(a, name, output_dir) for name, where in charts.placement(a).items() if where == numeral]
