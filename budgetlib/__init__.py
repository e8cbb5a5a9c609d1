"""budgetlib: a Chinese government budget disclosure (预算公开), loaded, checked and verified.

    d = budgetlib.load(path)          # read -> detect the template -> parse: a frozen Disclosure
    a = budgetlib.audit(d)            # checks, claims and findings: an Audit
    budgetlib.amounts(d)              # every amount keyed by table and column roles, in 元
"""
from .amounts import amounts
from .audit import DEFAULT_TOLERANCE, Audit, audit
from .document import Disclosure, bundled, load, parse
from .errors import DisclosureError, ParameterError
from .source import read_source
from .structure import detect

__all__ = ["DEFAULT_TOLERANCE", "Audit", "Disclosure", "DisclosureError", "ParameterError", "amounts", "audit",
           "bundled", "detect", "load", "parse", "read_source"]
__version__ = "0.2.0"
