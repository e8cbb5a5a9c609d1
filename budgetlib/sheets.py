"""The workbook's layout and cell helpers (budgetlib.workbook writes the sheets with them): the
sheet and column constants, the ledger sheets' columns, text / number cells as Excel holds them,
print setup, and a DataFrame written as a sheet of values."""
from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

from .ledger import MATCH, MISMATCH, ROUNDING, STATUSES, UNVERIFIABLE, WITHIN
from .money import places

WORKBOOK_NAME = "audit.xlsx"
TABLE_TITLE_ROW, TABLE_UNIT_ROW, TABLE_HEADER_ROW = 1, 2, 3
TABLE_FIRST_ROW = 4  # first data row on a table sheet
LEDGER_FIRST_ROW = 2  # header in row 1 on the checks / claims sheets
BASIS_FORMULA = "formula"  # the status cell is the judge formula over the stated and computed cells
BASIS_LEDGER = "budgetlib"  # the status was decided by budgetlib on other grounds (see the note)

_FILLS = {  # Excel's own "good / neutral / bad" palette, grey for unverifiable
    MATCH: ("C6EFCE", "006100"),
    ROUNDING: ("FFEB9C", "9C5700"),
    WITHIN: ("DDEBF7", "1F4E78"),  # a bound that holds: neither good (equal) nor bad
    MISMATCH: ("FFC7CE", "9C0006"),
    UNVERIFIABLE: ("E7E6E6", "3A3838"),
}
STATUS_FILLS = {s: _FILLS.get(s, ("DDEBF7", "1F4E78")) for s in STATUSES}  # any other status: light blue
EXCEL_MAX_FORMULA = 8192  # characters in one formula
EXCEL_MAX_ARGUMENTS = 255  # arguments of one function call (COUNTA of a long row list)
EXCEL_CELL_LIMIT = 32767  # characters in one cell; more makes Excel "repair" the file
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# -- the ledger sheets' columns ---------------------------------------------------------------
# (key, header, width). Keys with a formula: stated (checks), computed, difference, status.

CHECK_COLUMNS = (
    ("id", "编号 id", 16),
    ("description", "说明 description", 40),
    ("tables", "涉及表 tables", 12),
    ("stated_formula", "列示值来源 stated side", 40),
    ("stated", "列示值 stated", 14),
    ("formula", "重算方法 recomputed as", 40),
    ("computed", "重算值 computed", 14),
    ("difference", "差额 difference", 12),
    ("tolerance", "容差 tolerance", 10),
    ("status", "状态 status", 13),
    ("basis", "判定依据 basis", 11),
    ("unit", "单位 unit", 8),
    ("note", "备注 note", 30),
    ("line", "原文行号 line", 10),
)
CLAIM_COLUMNS = (
    ("id", "编号 id", 14),
    ("section", "章节 section", 8),
    ("description", "说明 description", 32),
    ("sentence", "原文语句 sentence", 60),
    ("stated_text", "原文数字 as printed", 12),
    ("stated", "列示值 stated", 14),
    ("unit", "单位 unit", 8),
    ("formula", "重算方法 recomputed as", 40),
    ("computed", "重算值 computed", 14),
    ("difference", "差额 difference", 12),
    ("tolerance", "容差 tolerance", 10),
    ("status", "状态 status", 13),
    ("basis", "判定依据 basis", 11),
    ("note", "备注 note", 30),
    ("line", "原文行号 line", 10),
)


def column_letter(columns, key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([c[0] for c in columns].index(key) + 1)


def sheet_name(name: str) -> str:
    """A valid sheet name: no []:*?/\\, not starting or ending with an apostrophe, ≤ 31 characters."""
    cleaned = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'")[:31]
    return cleaned or "sheet"


# -- extra DataFrames (projects, indicators) --------------------------------------------------------

def write_frame_sheet(sheet, frame, labels: dict | None = None) -> None:
    """A DataFrame as values: Chinese labels when known, Decimal as numbers, text as text."""
    import datetime as dt

    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    labels = labels or {}
    columns = [str(c) for c in frame.columns]
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    widths = []
    for position, name in enumerate(columns, start=1):
        cell = text_cell(sheet.cell(1, position), str(labels.get(name, name)))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        widths.append(min(display_width(cell.value), 16))
    for row, record in enumerate(frame.itertuples(index=False), start=2):
        for position, content in enumerate(record, start=1):
            cell = sheet.cell(row, position)
            if is_blank(content):
                continue
            if isinstance(content, bool):
                cell.value = content
                shown = 5
            elif isinstance(content, Decimal):
                cell.value = excel_number(content)
                cell.number_format = decimal_format(min(places(content), 6))
                shown = min(len(f"{content:f}"), 16)
            elif isinstance(content, dt.datetime):
                cell.value = content.to_pydatetime() if hasattr(content, "to_pydatetime") else content
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
                shown = 19
            elif isinstance(content, dt.date):
                cell.value = content
                cell.number_format = "yyyy-mm-dd"
                shown = 10
            elif isinstance(content, (int, float)) or type(content).__module__ == "numpy":
                number = content.item() if hasattr(content, "item") else content
                if isinstance(number, (int, float)):
                    cell.value = number
                else:
                    text_cell(cell, str(number))
                shown = len(str(number))
            else:
                text = str(content)
                text_cell(cell, text)
                cell.number_format = "@"
                shown = display_width(text)
            widths[position - 1] = max(widths[position - 1], shown)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(8, min(width + 2, 50))
    sheet.freeze_panes = "A2"
    if len(frame) and columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    print_setup(sheet, "1:1")


# -- helpers ------------------------------------------------------------------------------------------

def print_setup(sheet, title_rows: str | None, landscape: bool = True) -> None:
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    if title_rows:
        sheet.print_title_rows = title_rows


def text_cell(cell, text: str):
    """A text cell: never read as a formula, without characters XML cannot hold, ≤ Excel's 32,767."""
    text = _ILLEGAL.sub("", text)
    cell.value = text if len(text) <= EXCEL_CELL_LIMIT else text[: EXCEL_CELL_LIMIT - 1] + "…"
    cell.data_type = "s"
    return cell


def excel_number(amount) -> int | float | Decimal:
    """Decimal amounts are written as numbers, exactly as printed (openpyxl writes str(Decimal))."""
    if isinstance(amount, Decimal):
        return amount if amount != amount.to_integral_value() or amount.as_tuple().exponent < 0 else int(amount)
    return amount


def decimal_format(digits: int) -> str:
    return "0" if digits <= 0 else "0." + "0" * digits


def is_blank(content) -> bool:
    if content is None:
        return True
    if isinstance(content, float) and math.isnan(content):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(content)) if not isinstance(content, (str, Decimal, list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


# what the README sheet says of the sheets after the tables
EXTRA_SHEETS = {
    "projects": "The appended project performance-goal tables (项目支出绩效目标表), one row per table, as read by "
                "budgetlib (values, not formulas; amounts in 元 as printed there, t12_amount in 万元).",
    "indicators": "Their performance indicators, one row per indicator and period (values).",
    "execution": "A final account (决算) against its budget (预算, named in the header): 执行率 = 决算 ÷ 预算 × 100%, "
                 "half-up at 2 places, by functional class, 基本支出 / 项目支出 and 三公 item, in 万元 (values; "
                 "export --budget).",
}


def write_execution_sheet(sheet, rows, budget_name: str) -> None:
    """The execution ratios of a final account (budgetlib.execution.ExecutionRow) as a sheet of values."""
    import pandas as pd

    frame = pd.DataFrame([(r.table, r.row, r.column, r.final, r.budget, r.ratio, r.line) for r in rows],
                         columns=["table", "row", "column", "final", "budget", "ratio", "line"])
    write_frame_sheet(sheet, frame, {"table": "表", "row": "行", "column": "列", "final": "决算数（万元）",
                                     "budget": f"预算数（万元；{budget_name}）", "ratio": "执行率（%）",
                                     "line": "原文行号"})
