"""Figures do not depend on the machine's font state.

A matplotlib font cache built before the CJK font was installed (the usual stale ~/.cache/matplotlib),
a CJK font with no bold face (the `mplfonts` wheel, a per-user font on a machine without root) and
the ordinary system font all give figures with Chinese labels and nothing on stderr. Each figure
check runs in a fresh interpreter whose MPLCONFIGDIR holds a cache built with every CJK font hidden.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from budgetlib import fonts

IN_CI = bool(os.environ.get("CI"))
ROOT = Path(__file__).resolve().parents[1]

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig></fontconfig>
"""

# Draw a bold Chinese title and regular Chinese labels, then say which files matplotlib picked.
DRAW = textwrap.dedent("""
    import json, sys
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.font_manager import FontProperties, findfont
    from budgetlib import fonts
    family = fonts.setup()
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.set_title("单位预算收入支出结构图", fontweight="bold")
    fig.suptitle("一般公共预算当年支出", fontweight="bold")
    ax.set_xlabel("万元")
    ax.bar(["基本支出", "项目支出"], [1071.45, 2235.36])
    fig.savefig(sys.argv[1])
    def font(weight):
        return str(findfont(FontProperties(family=family, weight=weight), fallback_to_default=False))
    print(json.dumps({"family": family, "files": fonts.font_files(),
                      "regular": font("normal"), "bold": font("bold"),
                      "title": str(findfont(ax.title.get_fontproperties()))}))
""")


@pytest.fixture(scope="module")
def cjk_files() -> tuple[str, ...]:
    try:
        return fonts.font_files()
    except fonts.FontNotFound as exc:
        if IN_CI:
            raise
        pytest.skip(f"no CJK font on this machine ({exc})")


@pytest.fixture
def hidden_fontconfig(tmp_path) -> Path:
    path = tmp_path / "fonts.conf"
    path.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
    return path


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (fonts.ENV_VAR, "MPL_IGNORE_SYSTEM_FONTS")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra)
    return env


def _run(code: str, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=240,
                          env=_env(**env), cwd=ROOT)


@pytest.fixture
def stale_cache(tmp_path, hidden_fontconfig, cjk_files) -> Path:
    """An MPLCONFIGDIR whose font list was built while no CJK font was visible."""
    config = tmp_path / "mplconfig"
    config.mkdir()
    built = _run("import matplotlib.font_manager", MPLCONFIGDIR=str(config),
                 FONTCONFIG_FILE=str(hidden_fontconfig), MPL_IGNORE_SYSTEM_FONTS="1")
    assert built.returncode == 0, built.stderr
    caches = list(config.glob("fontlist-*.json"))
    assert len(caches) == 1
    listed = {os.path.realpath(f["fname"]) for f in json.loads(caches[0].read_text(encoding="utf-8"))["ttflist"]}
    assert listed, "the cache lists matplotlib's own fonts"
    assert not listed & {os.path.realpath(p) for p in cjk_files}, "precondition: the cache lacks the CJK font"
    return config


def _draw(config: Path, tmp_path: Path, **env) -> dict:
    png = tmp_path / "figure.png"
    done = _run(DRAW, str(png), MPLCONFIGDIR=str(config), **env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return json.loads(done.stdout)


def test_the_stale_cache_alone_loses_the_bold_face(stale_cache, cjk_files):
    """What budgetlib used to do (register one regular file) prints the findfont warning: the
    stale cache is a real trap, and the stderr check below can fail."""
    regular = fonts.find_font()[0]
    code = textwrap.dedent(f"""
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager
        font_manager.fontManager.addfont({regular!r})
        import matplotlib.pyplot as plt
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", {fonts.find_font()[1]!r}]
        fig, ax = plt.subplots()
        ax.set_title("单位预算", fontweight="bold")
        fig.canvas.draw()
    """)
    done = _run(code, MPLCONFIGDIR=str(stale_cache))
    assert done.returncode == 0, done.stderr
    assert "Failed to find font weight bold" in done.stderr


def test_stale_cache_gives_cjk_figures_and_a_quiet_stderr(stale_cache, cjk_files, tmp_path):
    found = _draw(stale_cache, tmp_path)
    assert tuple(found["files"]) == cjk_files
    real = {os.path.realpath(p) for p in cjk_files}
    assert os.path.realpath(found["regular"]) in real
    assert os.path.realpath(found["bold"]) in real
    assert os.path.realpath(found["title"]) in real  # the bold title is drawn with the CJK font
    assert found["family"] in fonts.FAMILIES


def test_bold_face_is_used_when_the_family_has_one(stale_cache, cjk_files, tmp_path):
    weights = {p: fonts._face(p)[1] for p in cjk_files}
    bold = [p for p, w in weights.items() if w == fonts.BOLD]
    if not bold:
        pytest.skip("this machine's CJK family has no bold face")
    found = _draw(stale_cache, tmp_path)
    assert os.path.realpath(found["bold"]) == os.path.realpath(bold[0])
    assert os.path.realpath(found["regular"]) == os.path.realpath(cjk_files[0])


def test_a_regular_only_font_serves_bold_quietly(stale_cache, cjk_files, tmp_path):
    """mplfonts and many per-user installs ship one regular file: bold titles use it, silently."""
    regular = cjk_files[0]
    found = _draw(stale_cache, tmp_path, **{fonts.ENV_VAR: regular})
    assert found["files"] == [regular]
    assert os.path.realpath(found["bold"]) == os.path.realpath(regular)
    assert os.path.realpath(found["title"]) == os.path.realpath(regular)


@pytest.fixture
def hidden_places(monkeypatch, hidden_fontconfig):
    """No known font paths, no conda fonts, fontconfig hidden, no BUDGETLIB_CJK_FONT."""
    fonts.font_files.cache_clear()
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setenv("FONTCONFIG_FILE", str(hidden_fontconfig))
    monkeypatch.setattr(fonts, "CANDIDATE_GLOBS", ())
    monkeypatch.setattr(fonts, "_conda_candidates", lambda: [])
    yield monkeypatch
    monkeypatch.undo()
    fonts.font_files.cache_clear()


@pytest.fixture
def no_system_fonts(hidden_places):
    """Every search place empty, the mplfonts wheel too."""
    hidden_places.setattr(fonts, "_mplfonts_candidates", lambda: [])
    return hidden_places


def test_without_any_cjk_font_setup_names_the_fix(no_system_fonts):
    assert fonts._fontconfig_candidates() == []  # fontconfig really is hidden
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.setup()
    message = str(caught.value)
    assert "\n" not in message
    assert "apt-get install fonts-noto-cjk" in message
    assert "pip install 'budgetlib[fonts]'" in message
    assert fonts.ENV_VAR in message


def test_env_var_pointing_nowhere_is_refused_in_one_line(no_system_fonts, tmp_path):
    nowhere = tmp_path / "missing.ttc"
    no_system_fonts.setenv(fonts.ENV_VAR, str(nowhere))
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.setup()
    message = str(caught.value)
    assert "\n" not in message
    assert str(nowhere) in message and "no such file" in message
    assert "apt-get install fonts-noto-cjk" in message


def test_env_var_pointing_at_a_latin_font_is_refused(no_system_fonts):
    import matplotlib
    from matplotlib import font_manager

    dejavu = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    assert Path(dejavu).is_file() and matplotlib.get_data_path() in str(dejavu)
    no_system_fonts.setenv(fonts.ENV_VAR, str(dejavu))
    with pytest.raises(fonts.FontNotFound, match="not a font with Chinese glyphs"):
        fonts.font_files()


def test_mplfonts_files_are_found_without_importing_it(hidden_places, cjk_files, tmp_path):
    """The `fonts` extra: the wheel's NotoSansCJKsc-Regular.otf is found where pip put it."""
    package = tmp_path / "site" / "mplfonts"
    (package / "fonts").mkdir(parents=True)
    (package / "__init__.py").write_text("raise ImportError('budgetlib must not import mplfonts')\n")
    bundled = package / "fonts" / "NotoSansCJKsc-Regular.otf"
    bundled.symlink_to(cjk_files[0])
    hidden_places.delitem(sys.modules, "mplfonts", raising=False)
    hidden_places.syspath_prepend(str(tmp_path / "site"))
    assert fonts.font_files() == (str(bundled),)
    assert "mplfonts" not in sys.modules
