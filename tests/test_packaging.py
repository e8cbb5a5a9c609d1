"""Project hygiene: dependencies agree between pip and conda, the README's paths exist."""
from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def _requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_specs = {_requirement_name(s): s.replace(" ", "") for s in project["dependencies"]}
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


def test_bundled_copy_is_the_shared_source_verbatim():
    shared = ROOT.parent / "shared" / "data" / "jincheng-emergency-2026-budget.txt"
    bundled = ROOT / "data" / "raw" / "jincheng-emergency-2026-budget.txt"
    if shared.exists():
        assert shared.read_bytes() == bundled.read_bytes()
