"""A CJK font for matplotlib, so that the Chinese labels of the figures render.

matplotlib's default DejaVu Sans has no Chinese glyphs: every label would come out as boxes
with a "Glyph … missing from font(s)" warning. `setup()` makes the figures independent of the
machine's font state (a stale ~/.cache/matplotlib, fonts installed after matplotlib first ran, no
root):

* it finds CJK font FILES itself: `$BUDGETLIB_CJK_FONT` (that file only, when set), the known
  system and per-user paths (Debian's fonts-noto-cjk, …), conda's font-ttf-noto-cjk, the files of
  the `mplfonts` package (`pip install 'budgetlib[fonts]'`), then whatever fontconfig lists;
* it registers every face of the chosen family with matplotlib's font manager directly
  (`fontManager.addfont`), so what matplotlib cached earlier does not matter;
* bold text (the chart titles) must resolve to a registered face, or matplotlib prints
  "findfont: Failed to find font weight bold …" on stderr. When the family has no bold face
  (mplfonts ships only Regular) the regular face is also registered under weight 700: titles then
  print in the regular weight, silently.

`find_font()` is (file, family) of the regular face; `font_files()` every file of the family.
`FontNotFound` (one line) names the fixes when there is no CJK font at all.
"""
from __future__ import annotations

import dataclasses
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

# Preferred family names, best first. Noto Sans CJK SC is what `apt-get install fonts-noto-cjk`,
# conda's `font-ttf-noto-cjk` and the `mplfonts` wheel provide.
FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Sans CJK JP",
)
# Known locations of the font files (glob patterns, best first), checked before fontconfig.
CANDIDATE_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc",      # Debian/Ubuntu fonts-noto-cjk(-extra)
    "/usr/share/fonts/noto-cjk/NotoSansCJK-*.ttc",           # Arch noto-fonts-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-*.ttc",    # Fedora google-noto-sans-cjk-fonts
    "~/.local/share/fonts/**/NotoSansCJK*.[ot]t[fc]",        # per-user fonts: no root needed
    "~/.fonts/**/NotoSansCJK*.[ot]t[fc]",
    "/usr/share/fonts/truetype/wqy/wqy-*.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh*.tt[cf]",
    "C:/Windows/Fonts/simhei.ttf",
)
ENV_VAR = "BUDGETLIB_CJK_FONT"  # a font file to use instead of searching
SAMPLE = "单位预算收入支出结构图表合计万元"  # characters the chosen font must have (template words)
BOLD = 700
FIX = ("apt-get install fonts-noto-cjk (Debian/Ubuntu), pip install 'budgetlib[fonts]' (no root needed), "
       f"conda install font-ttf-noto-cjk, or set {ENV_VAR}=/path/to/font.ttc")


class FontNotFound(RuntimeError):
    """No CJK font on this machine; str() is one line saying how to install one."""


def _glob_candidates() -> list[str]:
    found: list[str] = []
    for pattern in CANDIDATE_GLOBS:
        found += sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
    return found


def _conda_candidates() -> list[str]:
    prefix = Path(sys.prefix)
    patterns = [str(prefix / "fonts" / "NotoSansCJK*.[ot]t[fc]"),
                str(prefix / "share" / "fonts" / "**" / "NotoSansCJK*.[ot]t[fc]")]
    found: list[str] = []
    for pattern in patterns:
        found += sorted(glob.glob(pattern, recursive=True))
    return found


def _mplfonts_candidates() -> list[str]:
    """The Noto Sans CJK file bundled by the `mplfonts` wheel (the `fonts` extra), without importing it."""
    try:
        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    found: list[str] = []
    for location in spec.submodule_search_locations:
        found += sorted(glob.glob(os.path.join(location, "fonts", "NotoSansCJK*.[ot]t[fc]")))
    return found


def _fontconfig_candidates() -> list[str]:
    """Files fontconfig lists with Simplified Chinese coverage, preferred families first."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", "--format=%{family}\t%{file}\n", ":lang=zh-cn"],
                             capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    ranked: dict[str, int] = {}
    for line in out.splitlines():
        names, _, path = line.partition("\t")
        if not path:
            continue
        rank = min((FAMILIES.index(n) for n in names.split(",") if n in FAMILIES), default=len(FAMILIES))
        ranked[path] = min(rank, ranked.get(path, rank))
    return sorted(ranked, key=lambda p: (ranked[p], p))


def _face(path: str):
    """(family name of face 0, weight, covers SAMPLE) of a font file, or None when unreadable."""
    from matplotlib import font_manager, ft2font

    try:
        font = ft2font.FT2Font(path)
        weight = font_manager.ttfFontProperty(font).weight
    except Exception:
        return None
    charmap = font.get_charmap()
    return font.family_name, _weight(weight), all(ord(ch) in charmap for ch in SAMPLE)


def _weight(weight) -> int:
    from matplotlib import font_manager

    return weight if isinstance(weight, int) else font_manager.weight_dict.get(weight, 400)


def _candidates() -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for path in (_glob_candidates() + _conda_candidates() + _mplfonts_candidates() + _fontconfig_candidates()):
        real = os.path.realpath(path)
        if real not in seen and os.path.isfile(path):
            seen.add(real)
            out.append(path)
    return out


@lru_cache(maxsize=None)
def font_files() -> tuple[str, ...]:
    """Every file of the chosen CJK family, the regular face first; raises FontNotFound."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        face = _face(chosen) if os.path.isfile(chosen) else None
        if face is None or not face[2]:
            problem = "no such file" if not os.path.isfile(chosen) else "not a font with Chinese glyphs"
            raise FontNotFound(f"{ENV_VAR}={chosen}: {problem}; unset it or install a CJK font: {FIX}")
        return (chosen,)
    faces = {path: _face(path) for path in _candidates()}
    family = next((f[0] for f in faces.values() if f and f[2]), None)
    if family is None:
        raise FontNotFound(f"no CJK font found for the Chinese chart labels: {FIX}")
    group = [p for p, f in faces.items() if f and f[0] == family and f[2]]
    group.sort(key=lambda p: abs(faces[p][1] - 400))  # the regular face first (stable: order of search)
    return tuple(group)


def find_font() -> tuple[str, str]:
    """(file path, family name) of the regular face of a CJK font; raises FontNotFound."""
    path = font_files()[0]
    return path, _face(path)[0]


def _register(path: str) -> None:
    from matplotlib import font_manager

    real = os.path.realpath(path)
    if not any(os.path.realpath(f.fname) == real for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)


def _ensure_bold(family: str) -> None:
    """Make a bold request for `family` resolve to a registered face with weight 700."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    faces = [f for f in manager.ttflist if f.name == family and f.style == "normal"]
    if not faces or any(_weight(f.weight) == BOLD for f in faces):
        return
    heaviest = max(faces, key=lambda f: _weight(f.weight))
    manager.ttflist.append(dataclasses.replace(heaviest, weight=BOLD))
    manager._findfont_cached.cache_clear()


def setup() -> str:
    """Register the CJK font with matplotlib and make it the default; returns the family name.

    Idempotent and cheap after the first call; call it again after anything resets rcParams."""
    import matplotlib
    from matplotlib import font_manager

    files = font_files()
    for path in files:
        _register(path)
    real = {os.path.realpath(p) for p in files}
    registered = [f.name for f in font_manager.fontManager.ttflist if os.path.realpath(f.fname) in real]
    # A .ttc holds several faces (Noto Sans CJK JP, KR, SC, TC, HK); prefer the Simplified one.
    family = next((f for f in FAMILIES if f in registered), None) or find_font()[1]
    _ensure_bold(family)
    sans = [family] + [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = sans
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font draws '−' poorly; use '-'
    return family


def main() -> int:
    """`python -m budgetlib.fonts`: the CJK font the figures will use, or the one line saying how to get one."""
    try:
        family = setup()
    except FontNotFound as exc:
        print(f"budgetlib.fonts: {exc}", file=sys.stderr)
        return 1
    print(f"CJK font for the figures: {family} ({font_files()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
