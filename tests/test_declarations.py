"""Template declarations behave as frozen dataclasses: set once, equal and hashed by their fields."""
from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, replace

import pytest

from budgetlib.templates import TEMPLATES
from budgetlib.templates.declaration import Declared, declaration
from budgetlib.templates.rules import Label


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
