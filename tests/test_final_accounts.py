"""Final accounts (决算): the family's blank template is refused as a template, in one line."""
from __future__ import annotations

from budgetlib.cli import main
from conftest import REAL, real_file

FINAL = REAL / "shanghai-final"


def test_the_blank_template_is_refused_as_a_template(capsys):
    blank = real_file(FINAL / "shanghai-dept-final-2024-template-blank.pdf")
    assert main(["audit", str(blank)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "blank template" in err[0] and "XX" in err[0] and blank.name in err[0]


def test_a_text_with_a_few_placeholders_is_no_template(variant, text):
    """XX in a handful of lines (a redacted name, say) does not make a document a template."""
    lines = text.split("\n")
    for i in range(1, 6):
        lines[-i] = lines[-i] + " XX"
    assert main(["audit", str(variant("\n".join(lines))), "--fail-on", "mismatch"]) in (0, 1)
