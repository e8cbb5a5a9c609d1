"""The parameters the notebooks declare, and their validation.

Both notebooks (notebooks/overview.ipynb, notebooks/section.ipynb) have a cell tagged `parameters`
holding the defaults below — the section notebook one more, `section`; papermill adds an
`injected-parameters` cell after it. The next cell calls ``params.validate(globals())`` (the section
notebook ``params.validate(globals(), "section")``), which compares the notebook's globals against
these declarations: an unknown name or a value of the wrong type raises ParameterError with a
one-line message. The same checks serve ``python -m budgetlib reproduce --params FILE`` before any
kernel starts.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any, Mapping

from .audit import DEFAULT_TOLERANCE, as_tolerance
from .errors import ParameterError


@dataclass(frozen=True)
class Declared:
    name: str
    default: Any
    types: tuple[type, ...]
    expected: str  # wording for the error message
    comment: str  # shown in the parameters cell


DECLARED: tuple[Declared, ...] = (
    Declared("source", None, (str, type(None), os.PathLike, list, tuple),
             "a file path (str), a list of the paths of one disclosure's files, or None",
             "path of the disclosure text (a list: its files published apart); None or empty: the bundled file"),
    Declared("output_dir", "", (str, type(None), os.PathLike), "a folder path (str) or ''",
             "folder the figures are written to (PNG + SVG); empty: write no files"),
    Declared("tolerance", str(DEFAULT_TOLERANCE), (str, int, float, Decimal, type(None)),
             "'auto' or a number ≥ 0 (e.g. 0.01)",
             "尾差 tolerance: 'auto' (from the printed places) or 万元 / percentage points"),
    Declared("strict", False, (bool,), "true or false",
             "raise at the end of the notebook when any claim or check in it is a mismatch"),
    Declared("prior_year", {}, (dict,), "a mapping of measure id to amount, e.g. {<measure id>: <amount>}",
             "prior-year figures by measure id (see budgetlib.claims); empty: implied by the text"),
)
SECTION = Declared("section", "一", (str,), "a section's numeral (or name) as text, e.g. '一' (quote it in YAML)",
                   "the narrative section to show: its numeral as printed (or its name), as text")
DEFAULTS: dict[str, Any] = {p.name: p.default for p in DECLARED}
NAMES = tuple(DEFAULTS)  # what every notebook takes
NOTEBOOKS: dict[str, tuple[str, ...]] = {"overview": NAMES, "section": NAMES + (SECTION.name,)}
_BY_NAME = {p.name: p for p in (*DECLARED, SECTION)}

# Names IPython itself puts into a kernel's globals.
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
# What papermill can inject (it serialises parameters as Python literals).
_LITERAL_TYPES = (str, int, float, bool, type(None), list, dict, tuple)


@dataclass(frozen=True)
class Parameters:
    """Validated parameters, converted for use: source Path|None (a tuple of Paths: the files of one
    disclosure published apart, read as one), tolerance Decimal (None: 'auto'), prior_year dict;
    section: the numeral (section notebook) or None (overview)."""

    source: Path | tuple[Path, ...] | None
    output_dir: Path | None
    tolerance: Decimal | None
    strict: bool
    prior_year: dict[str, Decimal]
    section: str | None = None

    def audit(self):
        """The audit of the disclosure these parameters describe.

        Computed once per process for the same file content (SHA-256), tolerance and prior-year
        figures: `reproduce` runs several notebooks in one kernel, and each would otherwise parse
        the file and recompute every check and claim again. The Audit is never modified.
        """
        from .audit import audit
        from .document import bundled, load

        paths = self.source if isinstance(self.source, tuple) else (Path(self.source or bundled()),)
        source = list(self.source) if isinstance(self.source, tuple) else self.source
        try:
            files = tuple((str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths)
        except OSError:
            return audit(load(source), self.tolerance, self.prior_year)  # let load() word the error
        key = (files, str(self.tolerance), tuple(sorted((k, str(v)) for k, v in self.prior_year.items())))
        if key not in _AUDITED:
            _AUDITED.clear()
            _AUDITED[key] = audit(load(source), self.tolerance, self.prior_year)
        return _AUDITED[key]


_AUDITED: dict = {}


def _type_name(value: Any) -> str:
    return type(value).__name__


def _check_value(name: str, value: Any) -> Any:
    declared = _BY_NAME[name]
    # bool is an int: only 'strict' takes one.
    if isinstance(value, bool) and bool not in declared.types:
        raise ParameterError(f"parameter {name!r}: expected {declared.expected}, got bool {value!r}")
    if not isinstance(value, declared.types):
        raise ParameterError(f"parameter {name!r}: expected {declared.expected}, got {_type_name(value)} {value!r}")
    return value


def _as_decimal(name: str, value: Any) -> Decimal:
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ParameterError(f"parameter {name!r}: {value!r} is not a number") from None
    if not result.is_finite():
        raise ParameterError(f"parameter {name!r}: {value!r} is not a finite number")
    return result


def _source(value: Any) -> Path | tuple[Path, ...] | None:
    """A path, or the paths of one disclosure's files (a list of one is that path)."""
    if not isinstance(value, (list, tuple)):
        return Path(value).expanduser() if value not in (None, "") else None
    bad = [v for v in value if not isinstance(v, (str, os.PathLike)) or v == ""]
    if bad or not value:
        raise ParameterError(f"parameter 'source': expected {_BY_NAME['source'].expected}, got {value!r}")
    paths = tuple(Path(v).expanduser() for v in value)
    return paths[0] if len(paths) == 1 else paths


def _names(notebook: str) -> tuple[str, ...]:
    if notebook not in NOTEBOOKS:
        raise ValueError(f"notebook kind {notebook!r}: one of {', '.join(NOTEBOOKS)}")
    return NOTEBOOKS[notebook]


def convert(values: Mapping[str, Any], notebook: str = "overview") -> Parameters:
    """Check names and types of a parameter mapping (missing names take their defaults) for the
    `notebook` kind ('overview': the common parameters; 'section': and `section`)."""
    names = _names(notebook)
    unknown = [k for k in values if k not in names]
    if unknown:
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} (the {notebook} notebook takes: {', '.join(names)})"
        )
    merged = {**{n: _BY_NAME[n].default for n in names}, **values}
    for name, value in merged.items():
        _check_value(name, value)
    source = _source(merged["source"])
    output_dir = merged["output_dir"]
    output_dir = Path(output_dir).expanduser() if output_dir not in (None, "") else None
    try:
        tolerance = as_tolerance(merged["tolerance"])
    except ParameterError:
        raise ParameterError(f"parameter 'tolerance': {merged['tolerance']!r} is not 'auto' nor a number ≥ 0") from None
    prior: dict[str, Decimal] = {}
    for key, amount in merged["prior_year"].items():
        if not isinstance(key, str) or not key:
            raise ParameterError(f"parameter 'prior_year': key {key!r} is not a measure id (a non-empty str)")
        if isinstance(amount, bool) or not isinstance(amount, (str, int, float, Decimal)):
            raise ParameterError(
                f"parameter 'prior_year': {key} = {amount!r} is not a number ({_type_name(amount)})")
        prior[key] = _as_decimal(f"prior_year[{key}]", amount)
    section = merged.get("section")
    if section is not None and not section.strip():
        raise ParameterError(f"parameter 'section': expected {SECTION.expected}, got an empty text")
    return Parameters(source, output_dir, tolerance, bool(merged["strict"]), prior,
                      section.strip() if section is not None else None)


def notebook_values(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The parameter values among a kernel's globals, and any other literal papermill injected.

    Names starting with '_' (IPython's output cache), IPython's own names, modules and objects
    that are not literals (everything a notebook computes) are not parameters.
    """
    values = {}
    for name, value in namespace.items():
        if name.startswith("_") or name in _IPYTHON_NAMES or isinstance(value, ModuleType):
            continue
        if name in _BY_NAME or isinstance(value, _LITERAL_TYPES) and not callable(value):
            values[name] = value
    return values


def validate(namespace: Mapping[str, Any], notebook: str = "overview") -> Parameters:
    """Validate a notebook's parameters: ``p = params.validate(globals())`` in the overview,
    ``p = params.validate(globals(), "section")`` in the section notebook."""
    names = _names(notebook)
    values = notebook_values(namespace)
    missing = [n for n in names if n not in values]
    if missing:
        raise ParameterError(f"parameter {missing[0]!r} is not defined: the parameters cell must declare {', '.join(names)}")
    return convert(values, notebook)


def defaults(notebook: str = "overview") -> dict[str, Any]:
    """The values the parameters cell of a `notebook` kind declares."""
    return {n: _BY_NAME[n].default for n in _names(notebook)}


def read_mapping(path, option: str) -> dict[Any, Any]:
    """A YAML (or JSON) file holding a mapping, for an option such as --params or --prior; every
    problem (unreadable, not UTF-8, not YAML, not a mapping) is one ParameterError line."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ParameterError(f"{option} {path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{option} {path}: not a UTF-8 text file (byte {exc.start}): expected YAML or JSON") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ParameterError(f"{option} {path}:{where}: not valid YAML or JSON") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{option} {path}: expected a mapping of names to values, got {_type_name(data)}")
    return data


def read_file(path) -> dict[str, Any]:
    """The notebook parameters of a --params file."""
    return read_mapping(path, "--params")
