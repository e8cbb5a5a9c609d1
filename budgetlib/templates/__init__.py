"""Template families, each one declaration. `budgetlib.structure.detect` picks one for a source."""
from __future__ import annotations

from .model import Template
from .shanxi import TEMPLATE as SHANXI_MUNICIPAL

TEMPLATES: tuple[Template, ...] = (SHANXI_MUNICIPAL,)
BY_ID = {t.id: t for t in TEMPLATES}
