"""What the notebooks display, and the index page of a reproduction.

Notebook cells call these functions with the Audit (`a = p.audit()`); each returns a view — HTML
for Jupyter and the rendered pages, text for consoles and nbval — built from the loaded document.
No parsing or arithmetic happens in a notebook.

    display.py   the view objects (Display, Facts, Group, Details, Heading, Quote, Note), status colours,
                 the document's printed title
    overview.py  the overview's heading and facts, the list of tables, each table
    ledgers.py   the checks ledger, the claims by section
    sections.py  one section: its plan (what it has), text, table slices, claims ledger; finish()
    goals.py     a section's appendix: goal tables, findings, project cards, subset analyses, directory
    problems.py  problems first: mismatches, error findings, warnings, rounding (top of every page)
    plots.py     the charts placed with a page: inline images, and files
    index.py     the index page of a reproduction

(No function shares its name with a module of this package.)
"""
from .display import STATUS_COLORS, Details, Display, Facts, Group, Heading, Note, Quote
from ..labels import document_title, part_heading, source_label
from .goals import (findings, findings_summary, goal_tables, project_card, project_cards, project_matches,
                    purchase_directory, subset_analyses)
from .index import PageRun, index_html
from .problems import Problems, mismatch_cells, problem_rows, problems
from .ledgers import check_summary, checks, claims_by_section, section_summary
from .overview import header, overview_title, table, table_list, tables
from .plots import Figure, figure, figures
from .sections import (MismatchError, SectionPlan, cells_used, claims, finish, quote, section_plan, section_title,
                       slices)

__all__ = [
    "STATUS_COLORS", "Details", "Display", "Facts", "Figure", "Group", "Heading", "MismatchError", "Note", "PageRun", "Problems", "mismatch_cells", "problem_rows", "problems",
    "Quote", "SectionPlan", "cells_used", "check_summary", "checks", "claims", "claims_by_section", "document_title",
    "figure", "figures", "findings", "findings_summary", "finish", "goal_tables", "header", "index_html",
    "overview_title", "part_heading", "project_card", "project_cards", "project_matches", "purchase_directory",
    "quote", "section_plan", "section_summary", "section_title", "slices", "source_label", "subset_analyses",
    "table", "table_list", "tables",
]
