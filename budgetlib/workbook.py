"""The auditor's workbook: the thirteen tables as sheets, every check and claim as a live formula.

    write_workbook(a, out_dir) -> <out_dir>/audit.xlsx

Sheets
    README      source file, its SHA-256, how the sheets relate, the rounding and status rules,
                live status counts (COUNTIF over the ledger sheets)
    checks      one row per accounting identity: the stated side and the recomputed side are both
                formulas over the table sheets, then the difference and the status
    claims      one row per number stated in the narrative: the stated number (a value, read from
                the text), the recomputed value (a formula over the table sheets), difference, status
    t01 … t13   the printed tables: title, 单位名称/单位, the Chinese column labels, codes as text,
                amounts as numbers (0.00; a blank printed cell stays blank)
    projects, indicators   when the disclosure object carries those DataFrames
    execution   a final account's 执行率 against its budget (export --xlsx --budget), values

Formulas
    Each ledger row's expression (budgetlib.formula) is turned into an Excel formula by
    `expr.to_excel(ref)`, where `ref(cell)` gives the absolute address of that printed cell on its
    table sheet, e.g. 't05'!$D$4. Recomputed values are wrapped in ROUND(x, digits), digits being the
    printed precision of the stated number. Excel's ROUND rounds half away from zero, which is what
    budgetlib's round_half_up (Decimal ROUND_HALF_UP) does too — identical to 四舍五入 for the
    non-negative values of a budget. The status formula applies ledger.judge's rule:
    blank side -> unverifiable, difference 0 -> match, |difference| <= tolerance -> rounding,
    otherwise mismatch. Where budgetlib decided a status on other grounds (names or units compared,
    a listing, a prior-year figure) or obtained a value without the tables, that status / value is
    written as a value and the row's `basis` column says "budgetlib" instead of "formula".

openpyxl writes formulas without cached results; store_cached_values then writes each formula's
value (budgetlib's own figure) into the saved file, so that pandas and previewers read numbers and
statuses; Excel (and LibreOffice) still recalculate on opening (full calculation on load). openpyxl is imported inside the functions so
that `import budgetlib` stays light. The layout constants and the cell helpers are budgetlib.sheets.
"""
from __future__ import annotations

import os
from pathlib import Path

from .formula import Cell
from .ledger import MATCH, MISMATCH, ROUNDING, STATUSES, UNVERIFIABLE, WITHIN
from .money import places
from .ledger_formulas import ledger_formulas
from .labels import portable_path
from .sheets import (  # noqa: F401  (the layout constants are part of this module's interface)
    BASIS_FORMULA, BASIS_LEDGER, CHECK_COLUMNS, CLAIM_COLUMNS, EXCEL_MAX_ARGUMENTS, EXCEL_MAX_FORMULA,
    LEDGER_FIRST_ROW, STATUS_FILLS, TABLE_FIRST_ROW, TABLE_HEADER_ROW, TABLE_TITLE_ROW, TABLE_UNIT_ROW,
    EXTRA_SHEETS, WORKBOOK_NAME, column_letter, decimal_format, display_width, excel_number, is_blank, print_setup,
    sheet_name, text_cell, write_execution_sheet, write_frame_sheet,
)

# -- public API -------------------------------------------------------------------------------

def write_workbook(a, out_dir, execution=None) -> Path:
    """Write `<out_dir>/audit.xlsx` (or exactly `out_dir` when it ends in .xlsx); return its path.
    `execution`: a final account's execution of its budget, (rows, the budget's file name), as a sheet.

    The file is written to a temporary name next to the target and renamed, so an interrupted run
    never leaves a truncated workbook behind.
    """
    target = Path(out_dir)
    if target.suffix.lower() != ".xlsx":
        target = target / WORKBOOK_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = build_workbook(a, base=target.parent, execution=execution)
    temporary = target.with_name(f".audit-{os.getpid()}-{target.name}")  # usual permissions, unlike mkstemp
    try:
        workbook.save(temporary)
        store_cached_values(Path(temporary), workbook)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def build_workbook(a, base=None, execution=None):
    """The openpyxl Workbook (not saved): README, checks, claims, t01 … t13, projects, indicators, execution."""
    d = a.disclosure
    from openpyxl import Workbook
    from openpyxl.workbook.properties import CalcProperties

    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    layout = TableLayout()
    checks_sheet = workbook.create_sheet("checks")
    claims_sheet = workbook.create_sheet("claims")
    for table in d.tables.values():
        layout.add(workbook.create_sheet(sheet_name(table.id)), table)
    extra = []
    goals = getattr(a, "goals", None)  # the goal-table analysis, when the template has goal tables
    for name, label_attribute in (("projects", "columns"), ("indicators", "indicator_columns")):
        frame = getattr(goals, name, None)
        if frame is not None:
            labels = getattr(goals, label_attribute, None)
            write_frame_sheet(workbook.create_sheet(name), frame, labels if isinstance(labels, dict) else None)
            extra.append(name)
    checks, claims = list(a.checks), list(a.claims)
    _write_ledger(checks_sheet, CHECK_COLUMNS, checks, layout, kind="check")
    _write_ledger(claims_sheet, CLAIM_COLUMNS, claims, layout, kind="claim")
    findings = getattr(a, "findings", None)
    if findings is not None:
        _write_findings(workbook.create_sheet("findings"), findings)
        extra.append("findings")
    if execution is not None:  # a final account against its budget (export --budget)
        write_execution_sheet(workbook.create_sheet("execution"), *execution)
        extra.append("execution")
    _write_readme(readme, a, layout, len(checks), len(claims), extra, base)
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    workbook.active = 0
    return workbook


# -- table sheets -------------------------------------------------------------------------------

class TableLayout:
    """Where each printed cell of each table stands in the workbook; `ref` for Expr.to_excel."""

    def __init__(self):
        self.sheets: dict[str, str] = {}  # table id -> sheet name
        self.columns: dict[str, dict[str, str]] = {}  # table id -> column id -> letter
        self.positions: dict[str, dict] = {}  # table id -> frame index label -> 0-based position
        self.titles: dict[str, str] = {}

    def add(self, sheet, table) -> None:
        from openpyxl.utils import get_column_letter

        order = [c for c in table.columns if c != "line"] + (["line"] if "line" in table.columns else [])
        self.sheets[table.id] = sheet.title
        self.columns[table.id] = {c: get_column_letter(i) for i, c in enumerate(order, start=1)}
        self.positions[table.id] = {label: i for i, label in enumerate(table.frame.index)}
        self.titles[table.id] = table.title
        _write_table_sheet(sheet, table, order)

    def address(self, cell: Cell, absolute: bool = True) -> str:
        table_id = cell.table.id
        try:
            letter = self.columns[table_id][cell.column]
            row = TABLE_FIRST_ROW + self.positions[table_id][cell.index]
        except KeyError:
            raise ValueError(f"{cell.describe()}: no such cell on sheet {table_id}") from None
        sheet = self.sheets[table_id].replace("'", "''")
        return f"'{sheet}'!${letter}${row}" if absolute else f"'{sheet}'!{letter}{row}"

    def ref(self, cell: Cell) -> str:
        return self.address(cell)


def _write_table_sheet(sheet, table, order: list[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    amounts = set(table.amount_columns)
    width = len(order)
    label = dict(table.columns)
    if "line" in label:
        label["line"] = "原文行号"  # the line of the source text the row was read from

    text_cell(sheet.cell(TABLE_TITLE_ROW, 1), table.title).font = Font(bold=True, size=13)
    numeral = f"表{table.numeral}  " if table.numeral else ""
    text_cell(sheet.cell(TABLE_UNIT_ROW, 1), f"{numeral}单位名称：{table.unit_name}")
    unit_cell = text_cell(sheet.cell(TABLE_UNIT_ROW, width), f"单位：{table.amount_unit}")
    unit_cell.alignment = Alignment(horizontal="right")

    thin = Side(style="thin", color="999999")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for position, column in enumerate(order, start=1):
        cell = text_cell(sheet.cell(TABLE_HEADER_ROW, position), label[column])
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=thin)

    frame = table.frame
    widths = [display_width(label[c]) for c in order]
    for offset, (_, record) in enumerate(frame.iterrows()):
        row = TABLE_FIRST_ROW + offset
        is_total = str(record.get("level", "")) == "合计"
        for position, column in enumerate(order, start=1):
            cell = sheet.cell(row, position)
            content = record[column]
            if column in amounts:
                if is_blank(content):
                    cell.number_format = "0.00"  # stays blank, but typed-in numbers show 0.00
                    continue
                cell.value = excel_number(content)
                cell.number_format = "0.00"
                widths[position - 1] = max(widths[position - 1], len(f"{cell.value:.2f}") + 2)
            elif column == "line":
                cell.value = int(content)
                cell.number_format = "0"
            else:
                text = "" if is_blank(content) else str(content)
                if text:
                    text_cell(cell, text)
                cell.number_format = "@"  # codes stay text (leading zeros kept) when edited
                widths[position - 1] = max(widths[position - 1], display_width(text))
            if is_total:
                cell.font = Font(bold=True)

    row = TABLE_FIRST_ROW + len(frame)
    if frame.empty:
        text_cell(sheet.cell(row, 1), "（本表无数据行）").font = Font(italic=True, color="808080")
        row += 1
    for note in table.notes:
        text_cell(sheet.cell(row + 1, 1), note).font = Font(italic=True)
        row += 1

    for position, column in enumerate(order, start=1):
        limit = 14 if column in amounts else 48
        sheet.column_dimensions[get_column_letter(position)].width = max(8, min(widths[position - 1] + 2, limit))
    sheet.freeze_panes = sheet.cell(TABLE_FIRST_ROW, 1)
    print_setup(sheet, f"{TABLE_TITLE_ROW}:{TABLE_HEADER_ROW}")
    sheet.sheet_properties.tabColor = "5B9BD5"


# -- ledger sheets ------------------------------------------------------------------------------

def _write_ledger(sheet, columns, results, layout: TableLayout, kind: str) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    keys = [c[0] for c in columns]
    letter = {key: get_column_letter(i) for i, key in enumerate(keys, start=1)}
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for position, (_, header, width) in enumerate(columns, start=1):
        cell = text_cell(sheet.cell(1, position), header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(position)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    cached = cached_values(sheet)
    widths = {key: width for key, _, width in columns}
    for offset, result in enumerate(results):
        row = LEDGER_FIRST_ROW + offset
        formulas = ledger_formulas(result, layout, row, letter, kind)
        lines = 1
        for position, key in enumerate(keys, start=1):
            cell = sheet.cell(row, position)
            cell.alignment = top
            if key in formulas:
                formula, number_format = formulas[key]
                if formula is not None:
                    cell.value = formula
                    if isinstance(formula, str) and formula.startswith("="):
                        cached[cell.coordinate] = _result_value(result, key)
                if number_format:
                    cell.number_format = number_format
            elif key == "tolerance":
                cell.value = excel_number(result.tolerance)
                cell.number_format = decimal_format(places(result.tolerance))
            elif key == "line":
                if result.line is not None:
                    cell.value = int(result.line)
                cell.number_format = "0"
            else:
                content = getattr(result, key, "")
                if not is_blank(content) and str(content) != "":
                    text_cell(cell, str(content))
                if key in ("description", "sentence", "formula", "stated_formula", "note"):
                    cell.alignment = wrap
                    lines = max(lines, wrapped_lines(str(content or ""), widths[key]))
        sheet.row_dimensions[row].height = min(409, 15 * lines)  # the wrapped text fits

    last_row = LEDGER_FIRST_ROW + max(len(results), 1) - 1
    status_range = f"{letter['status']}{LEDGER_FIRST_ROW}:{letter['status']}{last_row}"
    for status, (fill, font) in STATUS_FILLS.items():
        sheet.conditional_formatting.add(
            status_range,
            CellIsRule(operator="equal", formula=[f'"{status}"'],
                       fill=PatternFill("solid", fgColor=fill, bgColor=fill), font=Font(color=font, bold=True)),
        )
    sheet.freeze_panes = sheet.cell(LEDGER_FIRST_ROW, 3)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{last_row}"
    print_setup(sheet, "1:1")
    sheet.sheet_properties.tabColor = "70AD47" if kind == "check" else "ED7D31"


def _result_value(result, key: str):
    """What a formula cell of the ledger evaluates to (its cached value): the ledger's own figures."""
    if key == "status":
        return result.status
    value = getattr(result, key, None)
    return "" if value is None else float(value)


def cached_values(sheet) -> dict:
    """coordinate -> the value a formula of `sheet` evaluates to (stored in the file with the formula)."""
    return sheet.parent.__dict__.setdefault("budgetlib_cached", {}).setdefault(sheet.title, {})


def wrapped_lines(text: str, width: int) -> int:
    """Lines a wrapped cell of `width` characters needs for `text` (CJK characters count double)."""
    import math

    return sum(max(1, math.ceil(display_width(part) / max(width - 1, 1))) for part in text.split("\n"))


def store_cached_values(path: Path, workbook) -> None:
    """Write each formula's value next to it in the saved file (<v>), which openpyxl cannot do: readers
    that do not recalculate (pandas, previewers) then see the numbers and statuses; Excel and
    LibreOffice still recalculate on opening."""
    import html as html_module
    import re
    import shutil
    import zipfile

    cached = getattr(workbook, "budgetlib_cached", {})
    if not cached:
        return
    parts = {f"xl/worksheets/sheet{i}.xml": cached.get(ws.title, {})
             for i, ws in enumerate(workbook.worksheets, start=1)}
    pattern = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/>(?:</c>)|<c r="([A-Z]+[0-9]+)"([^>]*)>'
                         r"<f>(.*?)</f><v>\s*</v></c>", re.S)

    def patch(values: dict, xml: str) -> str:
        def one(m):
            ref, attributes, formula = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (
                m.group(4), m.group(5), m.group(6))
            if ref not in values:
                return m.group(0)
            value = values[ref]
            attributes = re.sub(r'\s+t="[^"]*"', "", attributes)
            if isinstance(value, str):
                return f'<c r="{ref}"{attributes} t="str"><f>{formula}</f><v>{html_module.escape(value, quote=False)}</v></c>'
            return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{repr(float(value))}</v></c>'

        return pattern.sub(one, xml)

    temporary = path.with_name(path.name + ".cached")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if parts.get(item.filename):
                data = patch(parts[item.filename], data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    shutil.move(temporary, path)


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FINDING_COLUMNS = (("severity", "严重程度 severity", 10), ("kind", "类别 kind", 16), ("table", "表 goal table", 8),
                   ("line", "行号 line", 8), ("project", "项目 project", 36), ("message", "说明 message", 60),
                   ("evidence", "原文 evidence", 60))
FINDING_FILLS = {"error": "FDE2E1", "warning": "FFF4D6", "info": "EEEEEE"}


def _write_findings(sheet, findings) -> None:
    """The findings of the performance-goal tables, errors first, then warnings, then notes."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = findings.assign(_order=findings["severity"].map(SEVERITY_ORDER).fillna(9)).sort_values(
        ["_order", "line"], kind="stable")
    for position, (_, header, width) in enumerate(FINDING_COLUMNS, start=1):
        cell = text_cell(sheet.cell(1, position), header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.column_dimensions[get_column_letter(position)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(frame.to_dict(orient="records"), start=2):
        lines = 1
        for position, (key, _, width) in enumerate(FINDING_COLUMNS, start=1):
            value = record.get(key)
            cell = sheet.cell(row, position)
            if key in ("line", "table") and not is_blank(value) and str(value).isdigit():
                cell.value = int(value)
            elif not is_blank(value):
                text_cell(cell, str(value))
                lines = max(lines, wrapped_lines(str(value), width))
            cell.alignment = wrap
        fill = FINDING_FILLS.get(record.get("severity"))
        if fill:
            sheet.cell(row, 1).fill = PatternFill("solid", fgColor=fill)
        sheet.row_dimensions[row].height = min(409, 15 * lines)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_COLUMNS))}{max(len(frame), 1) + 1}"
    print_setup(sheet, "1:1")
    sheet.sheet_properties.tabColor = "C00000"


def _write_verdict(sheet, a, row: int, mismatch_row: int, bold) -> None:
    """Below the summary, as the command line counts them: the goal-table findings by severity, and
    the problems (mismatches and error findings: `audit` exits 1 when there is one), live formulas."""
    problems = f"=B{mismatch_row}+C{mismatch_row}"
    value = sum(1 for r in (*a.checks, *a.claims) if r.status == MISMATCH)
    if a.goals is not None:
        severities = a.findings["severity"]
        for severity in SEVERITY_ORDER:
            text_cell(sheet.cell(row, 1), f"findings {severity}").font = bold
            sheet.cell(row, 2).value = f'=COUNTIF(findings!$A$2:$A${len(severities) + 1},"{severity}")'
            cached_values(sheet)[f"B{row}"] = int((severities == severity).sum())
            problems += f"+B{row}" if severity == "error" else ""
            row += 1
        value += int((severities == "error").sum())
    text_cell(sheet.cell(row, 1), "problems (exit 1)").font = bold
    sheet.cell(row, 2).value = problems
    cached_values(sheet)[f"B{row}"] = value


def _write_readme(sheet, a, layout: TableLayout, n_checks: int, n_claims: int, extra: list[str],
                  base=None) -> None:
    from openpyxl.styles import Alignment, Font

    from . import __version__
    from .labels import document_title, part_heading, tolerance_text

    d = a.disclosure
    bold = Font(bold=True)
    rows: list[tuple] = [
        (f"{document_title(d)} — 审计工作簿 (audit workbook)",),
        (),
        ("来源文件 source file", portable_path(d.path, base)),
        ("SHA-256", d.sha256),
        ("单位 unit", d.unit),
        ("年度 year", d.year),
        ("金额单位 amounts in", d.amount_unit),
        ("容差 tolerance", f"{tolerance_text(a.tolerance)} (尾差; each row's slack is in its tolerance column)"),
        ("生成 written by", f"budgetlib {__version__} (python -m budgetlib export --xlsx)"),
        (),
        ("工作表 sheets",),
        ("checks", "Accounting identities within and across the tables. Both sides are formulas over the "
                   "table sheets; the difference and the status are formulas too."),
        ("claims", f"Every number stated in {part_heading(d, d.template.layout.narrative_part, 'the narrative')}. "
                   "列示值 is the number as printed in the quoted sentence; 重算值 is a formula over the table sheets (blank when the claim cannot be "
                   "recomputed from the tables: unverifiable)."),
    ]
    for table_id, name in layout.sheets.items():
        rows.append((name, f"{layout.titles[table_id]} — as printed: codes as text, amounts in "
                           f"{d.amount_unit} (blank printed cells stay blank; they count as 0 in formulas). "
                           "原文行号 is the line of the source text each row was read from."))
    for name in extra:
        rows.append((name, EXTRA_SHEETS.get(name, f"{name} as loaded by budgetlib (values).")))
    rows += [
        (),
        ("公式 formulas", "Every recomputed number is a live formula: change a cell on a table sheet and the "
                          "checks / claims that use it are recalculated. 重算方法 shows the same formula in words."),
        ("舍入 rounding", "Recomputed values are ROUND(x, n), n = the printed precision of the stated number. "
                          "Excel's ROUND rounds half away from zero, the same as budgetlib's half-up rounding "
                          "(四舍五入; Decimal ROUND_HALF_UP) for every sign — and all amounts here are ≥ 0."),
        ("状态 status", f'{UNVERIFIABLE}: a side is blank; {MATCH}: difference = 0; '
                        f'{ROUNDING}: |difference| ≤ tolerance (尾差), or the stated figure is the exact value '
                        f'truncated or rounded half to even (the note names the convention); {WITHIN}: a bound '
                        f'(description ≤ / ≥) the definitions allow, and it holds; {MISMATCH}: otherwise.'
                        + "".join(f" {s}: decided by budgetlib (see 判定依据)." for s in STATUSES
                                  if s not in (MATCH, ROUNDING, WITHIN, MISMATCH, UNVERIFIABLE))),
        ("判定依据 basis", f'"{BASIS_FORMULA}": the status cell is that rule, a live formula. "{BASIS_LEDGER}": '
                           "budgetlib decided the status on other grounds (e.g. names compared, a listing, a "
                           "unit or name printed on a table, a prior-year figure) — the note says why; "
                           "such a status is a value. A value side (no formula) is a number budgetlib "
                           "obtained without the tables (the budget year, a count of appended tables)."),
        ("计算 calculation", "Every formula is stored with its value (the figure budgetlib computed), so readers "
                             "that do not recalculate (pandas, previewers) see the numbers and statuses; Excel and "
                             "LibreOffice recalculate on opening."),
        (),
        ("汇总 summary", "checks", "claims"),
    ]
    for position, row in enumerate(rows, start=1):
        for column, content in enumerate(row, start=1):
            cell = sheet.cell(position, column)
            if isinstance(content, int):
                cell.value = content
            else:
                text_cell(cell, str(content))
            if column == 1:
                cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(vertical="top")
    start = len(rows) + 1
    check_status = column_letter(CHECK_COLUMNS, "status")
    claim_status = column_letter(CLAIM_COLUMNS, "status")
    ranges = {
        2: f"checks!${check_status}${LEDGER_FIRST_ROW}:${check_status}${LEDGER_FIRST_ROW + max(n_checks, 1) - 1}",
        3: f"claims!${claim_status}${LEDGER_FIRST_ROW}:${claim_status}${LEDGER_FIRST_ROW + max(n_claims, 1) - 1}",
    }
    for offset, status in enumerate(STATUSES):
        row = start + offset
        text_cell(sheet.cell(row, 1), status).font = bold
        for column, cells in ranges.items():
            sheet.cell(row, column).value = f'=COUNTIF({cells},"{status}")'
            results = a.checks if column == 2 else a.claims
            cached_values(sheet)[sheet.cell(row, column).coordinate] = sum(1 for r in results if r.status == status)
    total_row = start + len(STATUSES)
    text_cell(sheet.cell(total_row, 1), "total").font = bold
    sheet.cell(total_row, 2).value = n_checks
    sheet.cell(total_row, 3).value = n_claims
    _write_verdict(sheet, a, total_row + 1, start + STATUSES.index(MISMATCH), bold)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    sheet.column_dimensions["C"].width = 12
    print_setup(sheet, None, landscape=False)
    sheet.sheet_properties.tabColor = "7F7F7F"
