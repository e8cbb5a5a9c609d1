"""Text in a terminal's columns: wrapping never cuts a number, a code or a formula term, and keeps every
character; a Chinese sentence longer than a line breaks between two Chinese characters only."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlib.terminal import fitted, shortened, width, wrap

NUMBERS = st.builds(lambda n, places: f"{n:,}" + ("." + "5" * places if places else ""),
                    st.integers(0, 10**9), st.integers(0, 2))
TERMS = st.sampled_from(["=", "+", "−", "Σ项", "Σ款", "t05.2040601", "表3", "(合计", "收入)", "2025年", "100万元"])
CHINESE = st.text(alphabet="司法款项合计收入支出预算财政拨款事业单位经营其他，。（）0123456789.", min_size=1, max_size=40)
WORDS = st.lists(st.one_of(NUMBERS, TERMS, CHINESE), min_size=1, max_size=30)


def _atoms(word: str) -> list[str]:
    """The parts of `word` no line may split: a line may end after a Chinese character only, and not
    before closing punctuation."""
    atoms = [""]
    for ch in word:
        if atoms[-1] and ord(atoms[-1][-1]) > 0x2E80 and ch not in "，。）":
            atoms.append("")
        atoms[-1] += ch
    return atoms


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(16, 60))
def test_wrap_keeps_every_character_and_never_cuts_a_number_or_term(words, columns):
    text = " ".join(words)
    lines = wrap(text, columns)
    assert all(width(line) <= columns for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())  # nothing lost, nothing added
    pieces = [piece for line in lines for piece in line.split(" ")]
    for word in words:
        if width(word) <= columns:
            assert word in pieces, (word, lines)  # a word that fits a line is never split
        else:
            for atom in _atoms(word):
                if width(atom) < columns // 2:
                    assert any(atom in piece for piece in pieces), (atom, lines)


def test_a_formula_moves_to_the_next_line_whole():
    assert wrap("表3 20406 司法 款 = Σ项 合计", 22) == ["表3 20406 司法 款 =", "Σ项 合计"]


def test_a_long_sentence_breaks_between_characters_not_before_punctuation():
    lines = wrap("部门预算安排购置单价100万元(含)以上设备(不含车辆)，共计0台", 20)
    assert lines == ["部门预算安排购置单价", "100万元(含)以上设备", "(不含车辆)，共计0台"]
    assert not any(line.startswith(("，", "。", "）")) for line in wrap("一二三四五六七八九，十一二三四五六七八九十", 20))


def test_shortened_lines_end_in_whole_words():
    lines = wrap("within the rounding of the printed amounts: A 57.804000, B 59.105 … 59.115 give -2.2177%", 30)
    kept = shortened(lines, 2, 30)
    assert len(kept) == 2 and kept[-1].endswith(" …") and width(kept[-1]) <= 30
    assert all(word in "".join(lines) for word in kept[-1].removesuffix(" …").split())
    assert shortened(lines, 9, 30) == lines


def test_fitted_never_cuts_a_part():
    assert fitted(["checks: 380 match", "claims: 121 match, 8 mismatch", "findings: 3 error"], 40) == \
        ["checks: 380 match;", "claims: 121 match, 8 mismatch;", "findings: 3 error"]
