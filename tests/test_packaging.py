"""Project hygiene: dependencies agree between pip and conda, the README's paths exist."""
from __future__ import annotations

import re
import tomllib

import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT


def _requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    pip_specs = {_requirement_name(s): s.replace(" ", "") for s in specs}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_specs = {}
    for entry in env["dependencies"]:
        if isinstance(entry, str):
            conda_specs[_requirement_name(entry)] = entry.replace(" ", "")
    python = conda_specs.pop("python")
    assert python.startswith("python=3.11") and project["requires-python"] == ">=3.11"
    conda_specs.pop("pip", None)
    conda_only = {name for name in conda_specs if name.startswith("font-")}  # system fonts, not pip packages
    assert {n: s for n, s in conda_specs.items() if n not in conda_only} == pip_specs


def test_readme_paths_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in re.findall(r"`((?:budgetlib|notebooks|data|tests|benchmarks|docs|outputs|\.ci)/[^`\s]*)`", readme):
        if "<" in path or "*" in path:
            continue
        assert (ROOT / path).exists(), path


def test_bundled_copy_is_the_package_data_verbatim():
    package = ROOT / "budgetlib" / "data" / "jincheng-emergency-2026-budget.txt"
    raw = ROOT / "data" / "raw" / "jincheng-emergency-2026-budget.txt"
    assert package.read_bytes() == raw.read_bytes()


def test_bundled_disclosure_ships_inside_the_package():
    import budgetlib

    assert budgetlib.bundled().is_file()
    assert budgetlib.bundled().parent.parent == ROOT / "budgetlib"
    assert (ROOT / "data" / "raw" / "jincheng-emergency-2026-budget.txt").resolve() == budgetlib.bundled().resolve()


def test_plain_pip_install_audits_from_any_directory(tmp_path):
    """`pip install .` (not editable) into a fresh venv, then `python -m budgetlib audit` from elsewhere."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies are the test environment's (a path entry, which does not run its editable-install
    # hook); the wheel is built with that environment's setuptools: no network needed.
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    (Path(site_packages) / "test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr[-2000:]
    assert "deprecat" not in (build.stdout + build.stderr).lower(), build.stderr[-2000:]  # e.g. a licence table
    wheel = next((tmp_path / "dist").glob("budgetlib-*.whl"))
    shipped = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in shipped if n.lower().endswith(".pdf")]  # the real disclosures are test data
    assert wheel.stat().st_size < 1 << 20, wheel.stat().st_size
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                             capture_output=True, text=True, cwd=tmp_path)
    assert install.returncode == 0, install.stderr[-2000:]
    run = subprocess.run([str(python), "-m", "budgetlib", "audit", "--fail-on", "mismatch"], capture_output=True,
                         text=True, cwd=tmp_path)  # the bundled file has error findings (exit 1 by default)
    assert run.returncode == 0, run.stderr
    assert "budgetlib" not in str(run.stderr)
    script = subprocess.run([str(venv / "bin" / "budgetlib"), "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert script.returncode == 0 and script.stdout.startswith("usage: budgetlib "), script.stdout[:200]
    assert "晋城市应急管理局" in run.stdout
    where = subprocess.run([str(python), "-c", "import budgetlib; print(budgetlib.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(venv) in where  # the installed copy ran, not the work tree
