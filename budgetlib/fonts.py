"""A CJK font for matplotlib, so that the Chinese labels of the figures render.

matplotlib's default DejaVu Sans has no Chinese glyphs: every label would come out as boxes
with a "Glyph … missing from font(s)" warning. `setup()` finds a CJK font file on the machine
(Debian's fonts-noto-cjk, conda's font-ttf-noto-cjk, or whatever fontconfig knows), registers it
with matplotlib's font manager directly (so a stale ~/.cache/matplotlib font list does not
matter) and puts it first in the sans-serif family list.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

# Preferred family names, best first. Noto Sans CJK SC is what `apt-get install fonts-noto-cjk`
# and conda's `font-ttf-noto-cjk` provide.
FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Sans CJK JP",
)
# Known locations of the font files, checked before asking fontconfig.
CANDIDATE_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
ENV_VAR = "BUDGETLIB_CJK_FONT"  # a font file to use instead of searching
SAMPLE = "单位预算收入支出结构图表合计万元"  # characters the chosen font must have (template words)


class FontNotFound(RuntimeError):
    """No CJK font on this machine; str() says how to install one."""


def _conda_candidates() -> list[str]:
    prefix = Path(sys.prefix)
    patterns = [str(prefix / "fonts" / "NotoSansCJK*.tt*"), str(prefix / "share" / "fonts" / "**" / "NotoSansCJK*.tt*")]
    found: list[str] = []
    for pattern in patterns:
        found += sorted(glob.glob(pattern, recursive=True))
    return found


def _fontconfig_candidates() -> list[str]:
    if not shutil.which("fc-match"):
        return []
    found = []
    for family in FAMILIES[:6]:
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn"],
                capture_output=True, text=True, timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out and out not in found:
            found.append(out)
    return found


def _has_glyphs(path: str) -> str | None:
    """The family name of the font file when it covers SAMPLE, else None."""
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(path)
    except Exception:
        return None
    charmap = font.get_charmap()
    if all(ord(ch) in charmap for ch in SAMPLE):
        return font.family_name
    return None


@lru_cache(maxsize=None)
def find_font() -> tuple[str, str]:
    """(file path, family name) of a CJK font; raises FontNotFound."""
    candidates: list[str] = []
    if os.environ.get(ENV_VAR):
        candidates.append(os.environ[ENV_VAR])
    candidates += [p for p in CANDIDATE_FILES if os.path.exists(p)]
    candidates += _conda_candidates()
    if not candidates:
        candidates += _fontconfig_candidates()
    for path in candidates:
        family = _has_glyphs(path)
        if family:
            return path, family
    raise FontNotFound(
        "no CJK font found for the Chinese chart labels: install one "
        "(Debian/Ubuntu: apt-get install fonts-noto-cjk; conda: font-ttf-noto-cjk) "
        f"or set {ENV_VAR}=/path/to/font.ttc"
    )


@lru_cache(maxsize=None)
def setup() -> str:
    """Register the CJK font with matplotlib and make it the default; returns the family name."""
    import matplotlib
    from matplotlib import font_manager

    path, family = find_font()
    font_manager.fontManager.addfont(path)
    # A .ttc holds several faces (Noto Sans CJK JP, KR, SC, TC, HK); prefer the Simplified one.
    real = os.path.realpath(path)
    registered = {f.name for f in font_manager.fontManager.ttflist if os.path.realpath(f.fname) == real}
    family = next((f for f in FAMILIES if f in registered), family)
    sans = [family] + [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = sans
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font draws '−' poorly; use '-'
    return family
