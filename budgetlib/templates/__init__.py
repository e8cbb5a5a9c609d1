"""Template families, each one declaration. `budgetlib.structure.detect` picks one for a source."""
from __future__ import annotations

from .model import Template
from .shanghai import DEPARTMENT as SHANGHAI_DEPARTMENT
from .shanghai import UNIT as SHANGHAI_UNIT
from .shanghai_final import FINAL_DEPARTMENT as SHANGHAI_FINAL_DEPARTMENT
from .shanxi import TEMPLATE as SHANXI_MUNICIPAL

TEMPLATES: tuple[Template, ...] = (SHANXI_MUNICIPAL, SHANGHAI_UNIT, SHANGHAI_DEPARTMENT, SHANGHAI_FINAL_DEPARTMENT)
BY_ID = {t.id: t for t in TEMPLATES}
