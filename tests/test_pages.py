"""The pages' Markdown: code shown is included from nnadl, never pasted, and what the prose quotes
from the code is still what the code says."""

import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MARKDOWN = sorted(DOCS.rglob("*.md"))
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
SNIPPET = re.compile(r'^\s*--8<-- "(?P<path>[^"]+)"\s*$')


def fences(path):
    """(language, body) of every fenced block; a block indented inside an admonition or a list
    comes back dedented, as Markdown reads it."""
    return [(m.group("lang"), textwrap.dedent(m.group("body"))) for m in FENCE.finditer(path.read_text())]


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_listings_are_snippets_of_the_package(page):
    """A ```python block holds only `--8<--` includes of nnadl sections, so it cannot drift."""
    for lang, body in fences(page):
        if lang != "python":
            continue
        lines = [line for line in body.splitlines() if line.strip()]
        assert lines, f"{page}: empty python block"
        for line in lines:
            m = SNIPPET.match(line)
            assert m, f"{page}: pasted code in a python block (use --8<-- or a pycon example): {line!r}"
            assert m.group("path").startswith(("nnadl/", "benchmarks/")), line
            assert ":" in m.group("path"), f"{page}: include a named section, not a whole file: {line!r}"


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_code_block_declares_its_language(page):
    for lang, body in fences(page):
        assert lang, f"{page}: a code block without a language:\n{body[:200]}"


@pytest.mark.parametrize("page", MARKDOWN, ids=lambda p: str(p.relative_to(DOCS)))
def test_pycon_examples_end_with_a_blank_line(page):
    """Sybil reads an example's expected output up to a blank line; without one the fence is output."""
    for lang, body in fences(page):
        if lang == "pycon":
            assert body.startswith(">>>"), f"{page}: a pycon block must start with >>>"
            assert body.endswith("\n\n"), f"{page}: end the pycon block with a blank line:\n{body[-200:]}"


def test_chapter2_summary_table_quotes_the_source_line_for_line():
    page = (DOCS / "chapter2" / "index.md").read_text()
    source = (ROOT / "nnadl" / "network.py").read_text()
    rows = re.findall(r"^\| (BP\d) \| `(.+)` \|$", page, re.M)
    assert [r[0] for r in rows] == ["BP1", "BP2", "BP3", "BP4"]
    for name, code in rows:
        section = re.search(rf"# --8<-- \[start:{name.lower()}\]\n(.*?)# --8<-- \[end:{name.lower()}\]", source, re.S)
        assert section, name
        assert code in section.group(1), f"{name}: the page quotes {code!r}, the source no longer has it"


def test_chapter2_links_every_section_to_the_book():
    page = (DOCS / "chapter2" / "index.md").read_text()
    sections = re.split(r"^## ", page, flags=re.M)[1:]
    assert len(sections) == 9
    for section in sections:
        assert "](http://neuralnetworksanddeeplearning.com/chap2.html#" in section, section.splitlines()[0]


def test_chapter2_keeps_every_owner_note():
    page = (DOCS / "chapter2" / "index.md").read_text()
    for tag in ["BP1", "BP1a", "30", "BP2", "BP3", "BP4", "29"]:
        assert f"\\tag{{{tag}}}" in page, tag
    for phrase in ["BP3-vec", "BP4-vec", "a_{\\rm in}", "\\delta_{\\rm out}", "*learns slowly*",
                   "*saturated*", "Hadamard product", "Schur product", "j^{\\text{th}}"]:
        assert phrase in page, phrase
    assert "\\text(th)" not in page
