"""The loaded disclosure: one object holding the source, Part 1 facts, tables, sections and ledgers."""
from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .money import CENT
from .narrative import Overview, Section, parse_overview, parse_sections
from .reading import Source, read_source
from .tables import Table, load_tables

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED = PACKAGE_DIR.parent / "data" / "raw" / "jincheng-emergency-2026-budget.txt"
DEFAULT_TOLERANCE = CENT  # one unit of the last printed digit (0.01 万元 / 0.01 个百分点)


class Disclosure:
    """A unit budget disclosure, parsed and audited.

    d.tables["t05"].frame   tidy DataFrame of 表五 (amounts as Decimal, blank = None)
    d.checks                accounting identities within and across tables
    d.claims                every number stated in Part 3, recomputed from the tables
    """

    def __init__(self, source: Source, tolerance: Decimal = DEFAULT_TOLERANCE, prior: dict | None = None):
        self.source = source
        self.tolerance = as_tolerance(tolerance)
        self.prior = {str(k): Decimal(str(v)) for k, v in (prior or {}).items()}
        self.overview: Overview = parse_overview(source)
        self.tables: dict[str, Table] = load_tables(source)
        self.sections: dict[str, Section] = parse_sections(source)

    # -- identity of the document --
    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def sha256(self) -> str:
        return self.source.sha256

    @property
    def unit(self) -> str:
        return self.source.unit

    @property
    def year(self) -> int:
        return self.source.year

    @property
    def amount_unit(self) -> str:
        return self.tables["t01"].amount_unit

    @property
    def slug(self) -> str:
        """Folder name for outputs: '<unit>-<year>'."""
        return f"{self.unit}-{self.year}"

    # -- ledgers (computed on first use) --
    @cached_property
    def check_results(self):
        from .checks import run_checks

        return run_checks(self)

    @cached_property
    def claim_results(self):
        from .claims import verify_claims

        return verify_claims(self)

    @cached_property
    def performance(self):
        """The appended project performance-goal tables (绩效目标表), or None without that module."""
        try:
            from .performance import analyse
        except ImportError:
            return None
        return analyse(self)

    @property
    def projects(self) -> pd.DataFrame | None:
        return None if self.performance is None else self.performance.projects

    @property
    def indicators(self) -> pd.DataFrame | None:
        return None if self.performance is None else self.performance.indicators

    @property
    def findings(self) -> pd.DataFrame | None:
        return None if self.performance is None else self.performance.findings

    @property
    def checks(self) -> pd.DataFrame:
        from .ledger import ledger_frame

        return ledger_frame(self.check_results)

    @property
    def claims(self) -> pd.DataFrame:
        from .ledger import ledger_frame

        return ledger_frame(self.claim_results)

    def summary(self) -> dict[str, dict[str, int]]:
        from .ledger import count_statuses

        return {"checks": count_statuses(self.check_results), "claims": count_statuses(self.claim_results)}

    def __repr__(self) -> str:
        return f"<Disclosure {self.unit} {self.year}: {len(self.tables)} tables, {len(self.sections)} sections>"


def as_tolerance(tolerance) -> Decimal:
    try:
        result = Decimal(str(tolerance))
    except Exception:
        raise ParameterError(f"tolerance: {tolerance!r} is not a number") from None
    if not result.is_finite() or result < 0:
        raise ParameterError(f"tolerance: {tolerance!r} must be a number ≥ 0")
    return result


def load(path=None, tolerance=DEFAULT_TOLERANCE, prior: dict | None = None) -> Disclosure:
    """Load a disclosure (the bundled one when no path is given)."""
    return Disclosure(read_source(path or BUNDLED), tolerance, prior)
