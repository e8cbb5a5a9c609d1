"""Stage 4 of the pipeline: `audit(disclosure, tolerance=…, prior=…) -> Audit`.

Checks (identities between printed cells, declared by the template), claims (every number of
the narrative, recomputed) and the goal-table analysis, computed once from the record.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from .checks import run_checks
from .claims import verify_claims
from .claims.prior import prior_measures
from .document import Disclosure
from .errors import ParameterError
from .ledger import MISMATCH, Result, count_conventions, count_statuses, ledger_frame, prevailing
from .goals import SEVERITIES, GoalAnalysis, GoalEvidence, analyse_goals, budget_project_rows, purchase_directory

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DEFAULT_TOLERANCE = "auto"  # the slack follows from the printed places of the figures (ledger.rounding_slack)
# The least problem that fails an audit (the command line's --fail-on): a mismatch of a check or claim;
# error, also an error finding of the goal tables (the default); warning, also a warning finding.
FAIL_ON = ("mismatch", "error", "warning")
DEFAULT_FAIL_ON = "error"


def as_tolerance(tolerance) -> Decimal | None:
    """The one place a tolerance is validated (CLI, notebook parameters and the API call this).
    'auto' (or None): slack from the data; a number ≥ 0: that slack for every comparison."""
    if tolerance is None or (isinstance(tolerance, str) and tolerance.strip().lower() == "auto"):
        return None
    try:
        result = Decimal(str(tolerance))
    except Exception:
        raise ParameterError(f"tolerance: {tolerance!r} is not a number or 'auto'") from None
    if not result.is_finite() or result < 0:
        raise ParameterError(f"tolerance: {tolerance!r} must be a number ≥ 0")
    return result


def as_prior(prior: dict | None, d: Disclosure) -> dict[str, Decimal]:
    """Prior-year figures by measure key; a key the template's vocabulary does not know is refused."""
    prior = {str(k): v for k, v in (prior or {}).items()}
    vocabulary = d.template.claims
    known = sorted({p.key for p in vocabulary.phrases}) if vocabulary is not None else []
    unknown = [k for k in prior if k not in known]
    if unknown:
        raise ParameterError(f"prior: unknown measure key {unknown[0]!r} for template {d.template.id} "
                             f"(known: {', '.join(known)})")
    return {key: _amount(key, value) for key, value in prior.items()}


def _amount(key: str, value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ""))
    except Exception:
        amount = None
    if isinstance(value, bool) or amount is None or not amount.is_finite():
        raise ParameterError(f"prior: {key}: {value!r} is not an amount")
    return amount


@dataclass(frozen=True, eq=False)  # identity: records hold DataFrames
class Audit:
    """What budgetlib concludes about one disclosure."""

    disclosure: Disclosure
    tolerance: Decimal | None  # None: the slack of each comparison follows from the data
    prior: dict[str, Decimal]
    checks: tuple[Result, ...]
    claims: tuple[Result, ...]
    goal_evidence: GoalEvidence | None  # the goal-table analysis and what it was matched against

    @property
    def goals(self) -> GoalAnalysis | None:
        return None if self.goal_evidence is None else self.goal_evidence.analysis

    @cached_property
    def check_frame(self) -> "pd.DataFrame":
        return ledger_frame(list(self.checks))

    @cached_property
    def claim_frame(self) -> "pd.DataFrame":
        return ledger_frame(list(self.claims))

    @property
    def projects(self) -> "pd.DataFrame | None":
        return None if self.goals is None else self.goals.projects

    @property
    def indicators(self) -> "pd.DataFrame | None":
        return None if self.goals is None else self.goals.indicators

    @property
    def findings(self) -> "pd.DataFrame | None":
        return None if self.goals is None else self.goals.findings

    def finding_counts(self) -> dict[str, int]:
        """The goal-table findings by severity, most severe first (zeros without goal tables)."""
        if self.goals is None:
            return {s: 0 for s in reversed(SEVERITIES)}
        return self.goals.severity_counts()

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts as the command line prints them: checks and claims by status, goal-table findings
        by severity (most severe first; zeros without goal tables)."""
        return {"checks": count_statuses(self.checks), "claims": count_statuses(self.claims),
                "findings": self.finding_counts()}

    def problems(self, fail_on: str = DEFAULT_FAIL_ON) -> int:
        """How many results and findings are problems at or above `fail_on` (FAIL_ON): the command
        line exits 1 when this is not 0."""
        if fail_on not in FAIL_ON:
            raise ParameterError(f"fail_on: {fail_on!r} is not one of {', '.join(FAIL_ON)}")
        s = self.summary()
        count = s["checks"][MISMATCH] + s["claims"][MISMATCH]
        severities = FAIL_ON[1: FAIL_ON.index(fail_on) + 1]  # error, warning: findings of that severity or worse
        return count + sum(s["findings"][severity] for severity in severities)

    def clean(self, fail_on: str = DEFAULT_FAIL_ON) -> bool:
        return self.problems(fail_on) == 0

    @cached_property
    def rounding_conventions(self) -> dict[str, int]:
        """How many figures printed from an exact value follow each rounding convention (counted where
        the conventions disagree on the figure)."""
        return count_conventions([*self.checks, *self.claims])

    @property
    def prevailing_convention(self) -> str | None:
        """The document's rounding convention: the one most of its telling figures follow (None: none tells)."""
        return prevailing(self.rounding_conventions)

    def __repr__(self) -> str:
        s = self.summary()
        verdict = "clean" if self.clean() else f"{self.problems()} problem(s) (mismatches and error findings)"
        return (f"<Audit of {self.disclosure!r}: {verdict}; checks {s['checks']}, claims {s['claims']}, "
                f"findings {s['findings']}>")


def audit(disclosure: Disclosure, tolerance=DEFAULT_TOLERANCE, prior: dict | None = None,
          prior_disclosure: Disclosure | None = None) -> Audit:
    """`prior_disclosure`: last year's disclosure of the same unit; the prior-year figure of every
    measure is read from it (figures given in `prior` take precedence)."""
    tolerance = as_tolerance(tolerance)
    prior = {**(prior_measures(disclosure, prior_disclosure) if prior_disclosure is not None else {}),
             **as_prior(prior, disclosure)}
    goals = goal_evidence(disclosure)
    checks = run_checks(disclosure, tolerance)
    claims = verify_claims(disclosure, tolerance, prior, goals)
    return Audit(disclosure, tolerance, prior, tuple(checks), tuple(claims), goals)


def goal_evidence(d: Disclosure) -> GoalEvidence | None:
    """Match the goal tables read from the document to the budget table the template names."""
    spec = d.template.goal_tables
    if spec is None or d.goals is None:
        return None
    budget = budget_project_rows(d.tables[spec.budget_table].rows, spec.project_level)
    appendix = [line for section in d.sections.values() for line in section.appendix]
    return GoalEvidence(analyse_goals(d.goals, list(budget), d.year), budget,
                        tuple(purchase_directory(appendix, d.unit)))
