"""Stage 1: bytes -> lines. Encodings, hostile input, each refused with one exact line."""
from __future__ import annotations

import pytest

import budgetlib
from budgetlib import DisclosureError
from budgetlib import source as source_module


@pytest.fixture(scope="module")
def raw() -> bytes:
    return budgetlib.bundled().read_bytes()


def _load(variant, data: bytes, name="x.txt"):
    return budgetlib.load(variant(data, name))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "gb18030", "utf-8"])
def test_other_encodings_read_the_same(variant, raw, a, encoding):
    text = raw.decode("utf-8-sig")
    data = ("\ufeff" + text).encode("utf-16-be") if encoding == "utf-16-be" else text.encode(encoding)
    d = _load(variant, data)
    assert (d.unit, d.year) == (a.disclosure.unit, a.disclosure.year)
    assert budgetlib.audit(d).summary() == a.summary()


def test_cut_in_the_middle_of_a_character_is_reported_as_truncated(variant, raw):
    cut = next(i for i in range(5000, len(raw)) if raw[i] >= 0xC0) + 1  # first byte of a 3-byte character
    with pytest.raises(DisclosureError) as error:
        _load(variant, raw[:cut], "cut.txt")
    line = raw[:cut].count(b"\n") + 1
    assert str(error.value).endswith(f"cut.txt: file: line {line}: truncated: the file ends in the middle of a UTF-8 character")


def test_binary_is_refused_in_one_line(variant):
    with pytest.raises(DisclosureError) as error:
        _load(variant, bytes(range(256)) * 10, "bin.txt")
    assert str(error.value).endswith("bin.txt: file: line 2: cannot decode the text as UTF-8 or GB18030/GBK (byte 128)")
    assert "\n" not in str(error.value)


def test_empty_file(variant):
    with pytest.raises(DisclosureError) as error:
        _load(variant, b" \n\n", "empty.txt")
    assert str(error.value).endswith("empty.txt: file: the file is empty")


def test_oversized_file_is_refused_before_it_is_read(variant, monkeypatch):
    path = variant(b"x" * 2048, "big.txt")
    monkeypatch.setattr(source_module, "MAX_BYTES", 1024)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read before the size check"))
    with pytest.raises(DisclosureError) as error:
        budgetlib.load(path)
    assert str(error.value).endswith("big.txt: file: 2,048 bytes: over the 0 MiB limit for a disclosure")


def test_an_unknown_layout_names_the_templates_known(variant):
    with pytest.raises(DisclosureError) as error:
        _load(variant, "某某单位\n2026年度工作总结\n".encode(), "other.txt")
    message = str(error.value)
    assert "other.txt: cover: line 1: no known template fits (shanxi-municipal" in message
    assert "shanghai-unit" in message and "shanghai-department" in message
    assert "first line seen: '某某单位'" in message


def test_a_final_account_of_no_declared_kind_names_the_one_declared(variant):
    """A 单位决算 (no family declares it; the 部门决算 one does): refused in one line naming the 决算
    family's cover, not as something budgetlib does not audit."""
    with pytest.raises(DisclosureError) as error:
        _load(variant, "上海市普陀区2024年区级单位决算\n预算单位：上海市普陀区某局\n".encode(), "final.txt")
    message = str(error.value)
    assert "final.txt: cover: line 1: no known template fits" in message
    assert "shanghai-final-department ('上海市…局' then '<year>年度部门决算')" in message


def test_line_numbers_refer_to_the_file_as_given(d):
    cover = d.source.lines[[l.no for l in d.source.lines].index(d.cover_line)]
    assert cover.text.endswith("年度单位预算公开")
    assert d.cover_line == 13  # grep -n "年度单位预算公开$" on the file
