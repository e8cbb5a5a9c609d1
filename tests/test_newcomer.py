"""A fresh clone on someone else's machine: `make setup` without root (no apt-get, the CJK font from pip),
as root in a container (apt-get; Chromium without its sandbox), and what needs a browser skipped in one
line where there is none. The Makefile's recipes run for real, with stand-ins for id, apt-get, pip and
python that record how they were called."""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from budgetlib import browser
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

RECORDER = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
{body}
"""


def _stand_ins(tmp_path: Path, **bodies: str) -> tuple[Path, Path]:
    """A folder of executables named after `bodies` that log their arguments, then run their body."""
    folder, log = tmp_path / "bin", tmp_path / "calls.log"
    folder.mkdir(exist_ok=True)
    log.touch()
    for name, body in bodies.items():
        script = folder / name
        script.write_text(RECORDER.format(log=log, body=body))
        script.chmod(0o755)
    return folder, log


def _make(target: str, folder: Path, tmp_path: Path, *variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}", "HOME": str(tmp_path), "MAKEFLAGS": ""}
    return subprocess.run(["make", "-s", "-C", str(ROOT), target, *variables], capture_output=True, text=True,
                          env=env, timeout=60)


APT_LOCKED = 'echo "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)" >&2; exit 100'
NO_CJK_FONT = "exit 0"  # fc-list listing nothing


def test_without_root_set_up_skips_apt_get_in_one_line(tmp_path):
    folder, log = _stand_ins(tmp_path, id="echo 1001", **{"apt-get": APT_LOCKED, "fc-list": NO_CJK_FONT})
    result = _make("system-packages", folder, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "apt-get" not in log.read_text()
    assert result.stdout.startswith("not root: no apt-get") and len(result.stdout.splitlines()) == 1


def test_as_root_a_failing_apt_get_does_not_stop_the_set_up(tmp_path):
    folder, log = _stand_ins(tmp_path, id="echo 0", **{"apt-get": APT_LOCKED, "fc-list": NO_CJK_FONT})
    result = _make("system-packages", folder, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "apt-get update" in log.read_text()
    assert "apt-get failed" in result.stdout


def test_as_root_apt_get_installs_the_font_and_chromium_when_missing(tmp_path):
    folder, log = _stand_ins(tmp_path, id="echo 0", **{"apt-get": "exit 0", "fc-list": NO_CJK_FONT})
    assert _make("system-packages", folder, tmp_path).returncode == 0
    assert "apt-get install -y -qq fonts-noto-cjk chromium" in log.read_text()
    folder, log = _stand_ins(tmp_path, id="echo 0", **{"apt-get": "exit 0", "chromium": "exit 0",
                                                       "fc-list": "echo 'Noto Sans CJK SC'"})
    log.write_text("")
    assert _make("system-packages", folder, tmp_path).returncode == 0
    assert "apt-get" not in log.read_text()  # both there already: nothing to install


FAKE_PYTHON = """case "$*" in
  "-m venv "*) mkdir -p "$3/bin" && ln -sf "$0" "$3/bin/python" && ln -sf "$0" "$3/bin/pip" ;;
  "-m budgetlib.fonts") grep -q "test,fonts" "{log}" && exit 0; exit {font_status} ;;
esac
exit 0"""


@pytest.mark.parametrize("font_status, extras", [(1, "'.[test,fonts]'"), (0, None)])
def test_set_up_adds_the_fonts_extra_exactly_when_no_cjk_font_is_found(tmp_path, font_status, extras):
    """The whole `make setup` recipe, with a stand-in python/pip: without a CJK font on the machine the
    `fonts` extra (mplfonts) is installed from pip; with one, it is not."""
    folder, log = _stand_ins(tmp_path, id="echo 1001", python=FAKE_PYTHON.format(
        font_status=font_status, log=tmp_path / "calls.log"))
    venv = tmp_path / "venv"
    result = _make("setup", folder, tmp_path, f"PYTHON={folder / 'python'}", f"VENV={venv}")
    assert result.returncode == 0, result.stdout + result.stderr
    installs = [line for line in log.read_text().splitlines() if line.startswith("pip install -q -e")]
    assert installs[0] == "pip install -q -e .[test]"
    assert installs[1:] == ([f"pip install -q -e {extras.strip(chr(39))}"] if extras else [])
    assert (venv / ".installed").exists()


def test_set_up_pins_a_setuptools_that_reads_the_spdx_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"  # an SPDX expression, not the deprecated {text = ...} table
    assert "setuptools>=77" in project["build-system"]["requires"]  # 77: the first to accept it (PEP 639)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r'pip install -q --upgrade pip "setuptools>=77"', makefile)  # the wheel test builds with it


# -- the browser ----------------------------------------------------------------------------------

@pytest.mark.parametrize("uid, sandboxed", [(0, False), (1001, True)])
def test_chromium_runs_without_its_sandbox_only_as_root(monkeypatch, uid, sandboxed):
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    command = browser.command("/usr/bin/chromium", "/tmp/profile", "--dump-dom", "file:///x.html")
    assert ("--no-sandbox" not in command) == sandboxed
    assert command[0] == "/usr/bin/chromium" and command[-2:] == ["--dump-dom", "file:///x.html"]
    assert "--headless" in command and "--user-data-dir=/tmp/profile" in command


def _screenshot_script():
    spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshots_without_chromium_are_skipped_in_one_line(monkeypatch, tmp_path, capsys):
    screenshot = _screenshot_script()
    monkeypatch.setattr(screenshot.browser, "find", lambda: None)
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    assert screenshot.main([str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err == f"screenshot: skipped, {browser.MISSING}\n"
    assert not (tmp_path / "screenshots").exists()


def test_screenshot_options_are_checked_before_the_browser(capsys):
    with pytest.raises(SystemExit) as exited:
        _screenshot_script().main([])
    assert exited.value.code == 2 and "give a reproduction folder or --readme" in capsys.readouterr().err


def test_the_fonts_module_names_the_font_the_figures_use(capsys):
    from budgetlib import fonts

    try:
        family = fonts.setup()
    except fonts.FontNotFound:
        pytest.skip("no CJK font on this machine (tests/test_fonts.py covers that case)")
    assert fonts.main() == 0
    assert capsys.readouterr().out == f"CJK font for the figures: {family} ({fonts.font_files()[0]})\n"
    result = subprocess.run([sys.executable, "-m", "budgetlib.fonts"], capture_output=True, text=True,
                            env={**os.environ, fonts.ENV_VAR: "/nowhere/font.ttc"})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("budgetlib.fonts: ") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("uid, allowed", [("0", True), ("1001", False)])
def test_make_lab_allows_root_only_as_root(tmp_path, uid, allowed):
    folder, log = _stand_ins(tmp_path, id=f"echo {uid}", jupyter="exit 0")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "jupyter").symlink_to(folder / "jupyter")
    (venv / ".installed").touch()  # set up already (newer than pyproject.toml)
    result = _make("lab", folder, tmp_path, f"VENV={venv}", "LAB_OPTIONS=--no-browser")
    assert result.returncode == 0, result.stderr
    expected = "jupyter lab --notebook-dir=notebooks " + ("--allow-root " if allowed else "") + "--no-browser"
    assert [line for line in log.read_text().splitlines() if line.startswith("jupyter")] == [expected]
