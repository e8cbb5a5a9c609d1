"""Template families, each one declaration. `budgetlib.structure.detect` picks one for a source."""
from __future__ import annotations

from .model import Template
from .shanghai import DEPARTMENT as SHANGHAI_DEPARTMENT
from .shanghai import UNIT as SHANGHAI_UNIT
from .shanghai_final import FINAL_DEPARTMENT as SHANGHAI_FINAL_DEPARTMENT
from .shanxi import TEMPLATE as SHANXI_MUNICIPAL
from .jiangsu import TEMPLATE as JIANGSU
from .standard_tables import STANDARD

# the national set last: a document no family's cover names is read by its tables, as the family it fits
# best, or as the national set (which a family declared from it ties with: the first declared wins)
TEMPLATES: tuple[Template, ...] = (SHANXI_MUNICIPAL, SHANGHAI_UNIT, SHANGHAI_DEPARTMENT, SHANGHAI_FINAL_DEPARTMENT,
                                   STANDARD, JIANGSU)
BY_ID = {t.id: t for t in TEMPLATES}
