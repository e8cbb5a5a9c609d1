"""The command line: audit output, JSON, export, exit codes and one-line errors on bad input."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys

import pytest

import budgetlib
from budgetlib.cli import main, number

from budgetlib.terminal import width as _width
from conftest import ROOT, SHANGHAI, real_file, replace_line


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_human_output_and_summary(capsys):
    code, out, err = run(["audit"], capsys)
    assert code == 1 and err == ""  # three error findings (e.g. 80万元 vs 200万元): --fail-on error, the default
    assert run(["audit", "--fail-on", "mismatch"], capsys)[0] == 0
    assert run(["audit", "--fail-on", "warning"], capsys)[0] == 1
    assert "晋城市应急管理局 2026年度单位预算公开" in out
    assert "≈ t06.class284.personnel" in out
    assert "Summary — checks:" in out


def test_audit_json_document(capsys):
    code, out, _ = run(["audit", "--json", "--fail-on", "mismatch"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert doc["findings_summary"] == {"error": 3, "warning": 45, "info": 26}
    assert not doc["source"]["path"].startswith("/")
    assert {"unit", "year", "tables", "checks", "claims", "summary"} <= set(doc)
    assert doc["unit"] == "晋城市应急管理局" and doc["year"] == 2026
    t05 = doc["tables"]["t05"]
    assert t05["title"].startswith("2026年一般公共预算支出预算表")
    assert t05["columns"]["code"] == "科目编码"
    assert t05["rows"][1]["科目编码"] == "205" and t05["rows"][0]["合计"] == "3257.54"
    claim = next(c for c in doc["claims"] if c["stated_text"] == "42.50")
    assert {"id", "section", "sentence", "stated", "computed", "formula", "status"} <= set(claim)
    assert claim["status"] == "match" and "42.50%" in claim["sentence"]
    assert doc["summary"]["checks"]["mismatch"] == 0
    assert doc["summary"]["findings"] == doc["findings_summary"]
    assert doc["problems"] == {"fail_on": "mismatch", "count": 0}


@pytest.mark.parametrize("fail_on", ["mismatch", "error", "warning"])
def test_the_summary_tells_the_story_of_the_exit_code(a, fail_on, capsys):
    """a.summary(), Audit.problems, the JSON and the command line's exit code agree: the bundled
    document has no mismatch but three error findings, so it is not clean at --fail-on error."""
    summary = a.summary()
    assert summary["findings"] == {"error": 3, "warning": 45, "info": 26}
    assert summary["findings"] == a.finding_counts()
    expected = {"mismatch": 0, "error": 3, "warning": 3 + 45}[fail_on]
    assert a.problems(fail_on) == expected and a.clean(fail_on) == (expected == 0)
    code, out, _ = run(["audit", "--fail-on", fail_on], capsys)
    assert code == (1 if expected else 0)
    assert (f"{expected} problem(s) at --fail-on {fail_on}" if expected else f"no problem at --fail-on {fail_on}") in out
    doc = json.loads(run(["audit", "--json", "--fail-on", fail_on], capsys)[1])
    assert doc["summary"] == json.loads(json.dumps(summary)) and doc["problems"]["count"] == expected
    assert "3 problem(s)" in repr(a) and "findings {'error': 3" in repr(a)


def test_an_unknown_fail_on_is_refused(a):
    with pytest.raises(budgetlib.ParameterError, match="fail_on"):
        a.problems("info")


def test_tampered_amount_exits_one(text, variant, capsys):
    path = variant(replace_line(text, r"^奖金\t工资奖金津补贴\t105\.40\t105\.40\t$", "奖金\t工资奖金津补贴\t115.40\t115.40\t"))
    code, out, _ = run(["audit", str(path)], capsys)
    assert code == 1
    assert "✗ t06.class284.total" in out


def test_tolerance_option(capsys):
    assert run(["audit", "--tolerance", "0"], capsys)[0] == 1
    code, _, err = run(["audit", "--tolerance", "abc"], capsys)
    assert code == 2 and "tolerance" in err and len(err.strip().splitlines()) == 1


def test_prior_year_file(tmp_path, capsys):
    prior = tmp_path / "prior.yaml"
    prior.write_text("income_total: 5750.89\nexpense_total: 5750.89\n", encoding="utf-8")
    code, out, _ = run(["audit", "--json", "--prior", str(prior)], capsys)
    doc = json.loads(out)
    decline = [c for c in doc["claims"] if c["stated_text"] == "2444.08"]
    assert [c["status"] for c in decline] == ["match", "match"]
    prior.write_text("- not a mapping\n", encoding="utf-8")
    code, _, err = run(["audit", "--prior", str(prior)], capsys)
    assert code == 2 and "mapping" in err


def _one_line_error(code, err, *needles):
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def test_missing_file(capsys, tmp_path):
    code, _, err = run(["audit", str(tmp_path / "nope.txt")], capsys)
    _one_line_error(code, err, "nope.txt", "cannot read")


def test_empty_file(variant, capsys):
    code, _, err = run(["audit", str(variant(""))], capsys)
    _one_line_error(code, err, "variant.txt", "empty")


@pytest.mark.parametrize("fraction,part", [(0.05, "第三部分"), (0.33, "第四部分")])
def test_truncated_file(text, variant, capsys, fraction, part):
    code, _, err = run(["audit", str(variant(text[: int(len(text) * fraction)]))], capsys)
    _one_line_error(code, err, "variant.txt", part, "line ", "truncated")


def test_file_cut_inside_the_appendix(text, variant, capsys):
    cut = text[: text.index("十一、国有资产占有使用情况\n\n1、车辆情况")]
    code, _, err = run(["audit", str(variant(cut))], capsys)
    _one_line_error(code, err, "第四部分")


def test_a_removed_table_is_read_without_it_and_said(text, variant, capsys):
    """A variant of the family (a table missing) is audited, with a warning naming the table, never refused."""
    start = text.index("2026年财政拨款安排机关运行经费预算表\n\n单位名称")
    end = text.index("2026年项目支出预算表（本年预算）\n\n单位名称")
    code, out, err = run(["audit", str(variant(text[:start] + text[end:]))], capsys)
    assert code in (0, 1) and not err
    [warning] = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert "t11" in warning and "表十一" in warning and "table not found" in warning and "line " in warning


def test_a_file_of_none_of_its_tables_is_refused(text, variant, capsys):
    start = text.index("2026年预算收支总表\n\n单位名称")
    end = text.index("第三部分", start)
    code, _, err = run(["audit", str(variant(text[:start] + text[end:]))], capsys)
    _one_line_error(code, err, "t01", "not found", "line ")


def test_removed_section(text, variant, capsys):
    start = text.index("八、机关运行经费增减变动原因说明\n")
    end = text.index("九、政府采购情况\n", start)
    code, _, err = run(["audit", str(variant(text[:start] + text[end:]))], capsys)
    _one_line_error(code, err, "第三部分", "八")


def test_bad_amount_in_a_table(text, variant, capsys):
    path = variant(replace_line(text, r"^水费\t办公经费\t2\.00\t\t2\.00$", "水费\t办公经费\t2.0O\t\t2.00"))
    code, _, err = run(["audit", str(path)], capsys)
    _one_line_error(code, err, "t06", "2.0O", "line ")


def test_binary_garbage(variant, capsys):
    code, _, err = run(["audit", str(variant(bytes(range(256)) * 40))], capsys)
    assert code == 2 and "Traceback" not in err


@pytest.mark.parametrize("command", ["audit", "extract", "tamper"])
def test_random_bytes_named_pdf_are_not_a_pdf(command, tmp_path, capsys):
    """Not 'cannot decode the text': the file claims to be a PDF, and it is not one."""
    import random

    path = tmp_path / "report.pdf"
    path.write_bytes(random.Random(7).randbytes(20_000))
    code, _, err = run([command, str(path)], capsys)
    _one_line_error(code, err, "report.pdf", "not a PDF")
    assert "decode" not in err


@pytest.mark.parametrize("transform", [
    pytest.param(lambda t: t.encode("gbk"), id="gbk"),
    pytest.param(lambda t: t.encode("gb18030"), id="gb18030"),
    pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    pytest.param(lambda t: ("\ufeff" + t).encode("utf-8"), id="bom"),
    pytest.param(lambda t: t.replace("\n", "\n\n\n").encode("utf-8"), id="extra-blank-lines"),
    pytest.param(lambda t: t.replace("仅供内部审核\n", "").encode("utf-8"), id="no-watermark"),
])
def test_layout_noise_parses_to_the_same_audit(text, variant, capsys, transform):
    code, out, _ = run(["audit", "--json"], capsys)
    reference = json.loads(out)
    # 其他交通费 etc. are in GBK; characters outside GBK (none here) would make gbk fail loudly
    path = variant(transform(text))
    code, out, err = run(["audit", "--json", "--fail-on", "mismatch", str(path)], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["summary"] == reference["summary"]
    assert [c["computed"] for c in doc["claims"]] == [c["computed"] for c in reference["claims"]]
    def without_line_numbers(rows):  # line numbers refer to the file given, so they may move
        return [{k: v for k, v in r.items() if k != "行号"} for r in rows]

    for tid in reference["tables"]:
        assert without_line_numbers(doc["tables"][tid]["rows"]) == without_line_numbers(reference["tables"][tid]["rows"])


def test_a_claim_has_one_id_in_every_output(a, tmp_path, capsys):
    """The terminal, --json, the CSV ledger and the pages' row anchors name a claim alike ('一#05')."""
    terminal = run(["audit"], capsys)[1]
    shown = re.findall(r"^. (\S+#\d\d) ", terminal, re.M)
    from_json = [c["id"] for c in json.loads(run(["audit", "--json"], capsys)[1])["claims"]]
    run(["export", "--out", str(tmp_path)], capsys)
    from_csv = [r["id"] for r in csv.DictReader((tmp_path / "claims.csv").read_text(encoding="utf-8-sig").splitlines())]
    assert shown == from_json == from_csv == [r.id for r in a.claims] and len(shown) == len(a.claims)
    assert "一#05" in shown and not any("." in i for i in shown)
    from budgetlib.views.display import row_anchor
    assert row_anchor("claim", "一#05") == "claim-一#05"


def test_export_writes_csv_with_bom_and_datapackage(tmp_path, capsys):
    code, out, _ = run(["export", "--out", str(tmp_path)], capsys)
    assert code == 0
    raw = (tmp_path / "t02.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["行号", "科目编码", "科目名称"]
    assert any(r[1] == "2059999" for r in rows)  # codes keep their digits as text
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["sources"][0]["hash"] == "sha256:" + hashlib.sha256((ROOT / "data/raw/jincheng-emergency-2026-budget.txt").read_bytes()).hexdigest()
    names = {r["path"] for r in package["resources"]}
    assert {"t01.csv", "t13.csv", "checks.csv", "claims.csv"} <= names
    t05 = next(r for r in package["resources"] if r["path"] == "t05.csv")
    fields = {f["description"]: f for f in t05["schema"]["fields"]}
    assert fields["total"]["type"] == "number" and fields["total"]["unit"] == "万元"
    assert fields["code"]["type"] == "string"


def test_module_entry_point_prints_no_traceback(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "budgetlib", "audit", str(bad)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "budgetlib", "frobnicate"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def _damaged(text: str, rng) -> str:
    """Delete, duplicate or garble a few lines, or insert a stray tab: the damage PDF text suffers."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        operation = rng.choice(["delete", "duplicate", "digit", "tab", "block"])
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "digit":
            digits = [k for k, c in enumerate(lines[i]) if c.isdigit()]
            if digits:
                k = rng.choice(digits)
                lines[i] = lines[i][:k] + rng.choice("0123456789.,x ") + lines[i][k + 1:]
        elif operation == "tab":
            k = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:k] + "\t" + lines[i][k:]
        else:
            del lines[i:i + rng.randint(2, 40)]
    return "\n".join(lines)


def test_damaged_copies_never_raise(text, variant, capsys):
    """Randomly damaged copies (seeded): an audit (0/1) or one clear line (2), never a traceback."""
    import random

    rng = random.Random(20260108)
    outcomes = set()
    for trial in range(25):
        code = main(["audit", "--json", str(variant(_damaged(text, rng), f"damaged{trial}.txt"))])
        _, err = capsys.readouterr()
        assert code in (0, 1, 2)
        if code == 2:
            assert len(err.strip().splitlines()) == 1, err
        outcomes.add(code)
    assert 1 in outcomes  # damage is noticed, not audited clean every time


# -- one command line -----------------------------------------------------------------------------

def test_reproduce_is_a_subcommand_of_the_one_parser():
    from budgetlib.cli import build_parser

    assert build_parser().parse_args(["reproduce"]).show_code is False  # pages without code by default
    args = build_parser().parse_args(["reproduce", "--source", "x.txt", "-j", "3", "--strict", "--show-code", "-q"])
    assert (args.source, args.jobs, args.strict, args.show_code, args.quiet, args.fresh_kernels) == \
           (["x.txt"], 3, True, True, True, False)  # --source PATH…: the files of one disclosure with --as-one
    assert args.out == "outputs" and args.params is None


@pytest.mark.parametrize("argv, needle", [
    (["reproduce", "-j", "two"], "invalid int value"),
    (["reproduce", "--nonsense"], "--nonsense"),
])
def test_reproduce_bad_options_are_one_line(argv, needle, capsys):
    code, _, err = run(argv, capsys)
    _one_line_error(code, err, needle)


def test_argparse_lives_in_cli_only_and_nothing_guards_an_import_of_the_package():
    """One command line: the reproduction, its runner and the views parse no arguments (cli.py does);
    none of the presentation modules hides a failing import of one of the package's own modules
    behind `except ImportError`."""
    package = ROOT / "budgetlib"
    presentation = [package / f"{name}.py" for name in ("reproduce", "runner", "charts", "params", "export",
                                                        "workbook", "sheets")] + sorted((package / "views").glob("*.py"))
    for path in presentation:
        assert "argparse" not in path.read_text(encoding="utf-8"), path
    for path in presentation + [package / "cli.py"]:
        source = path.read_text(encoding="utf-8")
        assert "except ImportError" not in source and "except ModuleNotFoundError" not in source, path


def test_help_lists_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    out = capsys.readouterr().out
    assert "exit codes:" in out and "--fail-on" in out and "  2  " in out


def test_the_text_output_reads_well(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    code, out, _ = run(["audit"], capsys)
    assert "3,306.81" in out and " 3306.81 " not in out  # one number format
    assert "一#05" in out and " 一.05 " not in out  # ids that cannot be read as a dash
    summary = out[out.index("Summary — "):]
    assert "findings: 3 error, 45 warning, 26 info" in summary
    assert "3 problem(s) at --fail-on error (exit 1)" in out.splitlines()[-1]  # the verdict, as the exit code says
    assert "Summary — checks:" in out
    assert max(_width(line) for line in out.splitlines()[1:]) <= 90


def test_tamper_is_a_subcommand_of_the_one_parser(capsys):
    import budgetlib

    assert main(["tamper", str(budgetlib.bundled()), "--sample", "3", "-j", "1"]) == 0
    out = capsys.readouterr().out
    assert "3 of " in out and "numbers tampered, 3 caught" in out


def test_the_command_line_audits_without_pandas_or_matplotlib():
    """Auditing one file imports neither pandas nor matplotlib (nor numpy): the command line pays
    only for what it uses (benchmarks/bench_audit.py measures the time)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "budgetlib", "audit", "--json"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr[-500:]
    assert json.loads(result.stdout)["checks"]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "budgetlib.audit" in imported
    assert not {name for name in imported if name.split(".")[0] in ("pandas", "matplotlib", "numpy")}


# -- what a newcomer sees -------------------------------------------------------------------------

def _commands() -> list[str]:
    from budgetlib.cli import build_parser

    parser = build_parser()
    return list(next(a for a in parser._actions if a.dest == "command").choices)


def test_help_names_every_subcommand_and_the_command_run(capsys):
    commands = _commands()
    assert "tamper" in commands and len(commands) == 5
    module = subprocess.run([sys.executable, "-m", "budgetlib", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert module.returncode == 0 and module.stdout.startswith("usage: python -m budgetlib ")
    description = module.stdout.split("\n\n")[1]  # the paragraph under the usage
    assert all(command in description for command in commands), description
    with pytest.raises(SystemExit):  # the console script `budgetlib` (tests/test_packaging.py runs the real one)
        main(["--help"])
    assert capsys.readouterr().out.startswith("usage: budgetlib ")
    with pytest.raises(SystemExit):
        main(["tamper", "--help"])
    assert capsys.readouterr().out.startswith("usage: budgetlib tamper ")


def _row_block(out: str, ident: str, tail: tuple[str, ...] = ()) -> str:
    """The row of `ident` without the `tail` cells (its figures and status), with its continuation lines
    (those starting with a space), joined by spaces. An id wider than its column has a line of its own."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line[2:] == ident or line[2:].startswith(ident + " "))
    block = [lines[start]]
    if lines[start][2:] == ident:
        start += 1
        block.append(lines[start].strip())
    for cell in reversed([c for c in tail if c]):
        assert block[-1].endswith(cell), (block[-1], cell)
        block[-1] = block[-1].removesuffix(cell).rstrip()
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        block.append(line.strip())
    return " ".join(block)


def test_descriptions_are_not_cut_where_they_carry_the_formula(capsys, monkeypatch):
    """A Shanghai check read '表3 20406 司法 款 = Σ…' in a 100-column terminal: it now wraps, whole."""
    monkeypatch.setenv("COLUMNS", "100")
    pdf = real_file(SHANGHAI / "shpt-sifaju-2026-dept.pdf")
    code, out, _ = run(["audit", "--all", str(pdf)], capsys)
    assert code in (0, 1)
    assert "表3 20406 司法 款 = Σ项 合计" in _row_block(out, "t03.20406.total", ("87,267,272.44", "87,267,272.44", "match"))
    assert "x.t01-t03.社会保障和就业支出.total" in out  # an id wider than its column is not cut either
    assert max(_width(line) for line in out.splitlines()[1:]) <= 100
    from budgetlib import audit, load

    for r in audit(load(pdf)).checks:  # every description in full (a line may break between Chinese characters)
        shown = _row_block(out, r.id, (number(r.stated), number(r.computed), r.status))
        # (a bound's or a convention's reason follows on lines of its own)
        assert "".join(shown.split()).startswith("".join(f"{r.mark}{r.id}{r.description}".split())), shown


def test_long_notes_break_between_words(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(["audit"], capsys)
    finding = _row_block(out.replace("  ✗ line 1546", "✗ line 1546"), "line 1546:")
    assert "window 2025-01-01 … 2026-03-31 (assumed latest publication)" in finding
