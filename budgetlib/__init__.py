"""budgetlib: a Chinese unit budget disclosure (单位预算公开), loaded, checked and verified."""
from .disclosure import BUNDLED, DEFAULT_TOLERANCE, Disclosure, load
from .errors import DisclosureError, ParameterError

__all__ = ["BUNDLED", "DEFAULT_TOLERANCE", "Disclosure", "DisclosureError", "ParameterError", "load"]
__version__ = "0.1.0"
