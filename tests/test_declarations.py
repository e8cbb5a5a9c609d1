"""Template declarations behave as frozen dataclasses: set once, equal and hashed by their fields."""
from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from budgetlib.templates import TEMPLATES
from budgetlib.templates.declaration import Declared, declaration
from budgetlib.templates.rules import Equal, Label


def test_read_only_equal_and_hashed_by_fields():
    label = Label("教育支出")
    with pytest.raises(FrozenInstanceError):
        label.text = "x"
    with pytest.raises(FrozenInstanceError):
        del label.text
    assert label == Label("教育支出") and hash(label) == hash(Label("教育支出"))
    assert label != Label("其他") and label != "教育支出"
    assert repr(label) == "Label(text='教育支出')"
    assert replace(label, text="其他") == Label("其他")


def test_a_template_survives_pickling_without_a_kept_hash():
    """A kept hash is of this process (str hashes are salted per process), so pickling drops it."""
    for template in TEMPLATES:
        grammar = template.claims.grammar
        hash(grammar)  # a memoised function's key: its hash is kept on the instance
        assert "_hash" in grammar.__dict__ and "_hash" not in grammar.__getstate__()
        copy = pickle.loads(pickle.dumps(template))
        assert copy == template and "_hash" not in copy.claims.grammar.__dict__
        assert hash(copy.claims.grammar) == hash(grammar)


def test_a_declaration_must_derive_from_declared():
    with pytest.raises(TypeError, match="must derive from Declared"):
        @declaration
        class Loose:
            x: int

    @declaration
    class Kept(Declared):
        x: int

    assert Kept(1) == Kept(1)


# -- identities and bounds between tables: each one reasoned in the methodology --------------------

METHODOLOGY = (Path(__file__).resolve().parents[1] / "docs" / "methodology.md").read_text(encoding="utf-8")


def relations(rules):
    """(id prefix, relation) of every Equal and Pair between tables ('x.t09-t08.reception', 'x.t03-t05')."""
    for rule in rules:
        found = [rule] if isinstance(rule, Equal) else list(getattr(rule, "pairs", ()))
        for relation in found:
            prefix = relation.id.split(".{")[0]
            if prefix.startswith("x."):
                yield prefix, relation.relation, relation.reason


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_relation_between_tables_is_reasoned_in_the_methodology(template):
    found = list(relations(template.rules))
    assert found
    for prefix, relation, reason in found:
        short = prefix if prefix.count(".") < 2 else prefix.rsplit(".", 1)[0]
        rows = [line for line in METHODOLOGY.splitlines() if line.startswith("|") and short in line]
        assert rows, f"{template.id}: {prefix} is not in docs/methodology.md's tables of relations"
        if relation != "=":  # a bound: declared with its reason, and the methodology calls it one
            assert reason and any("bound" in row for row in rows), prefix
