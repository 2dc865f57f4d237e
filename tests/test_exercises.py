"""The book's exercises and problems: every one is asked and answered on its chapter page, and the
Exercises page lists exactly those, with the right counts and links that lead to them.

The chapter pages are the source: each exercise or problem is an admonition

    !!! example "Exercise 1.3: A title"          (problems: !!! question "Problem 2.1: ...")

        The question, in our words.
        { #exercise-1-3 }

        ??? success "Answer"
            ...

numbered in order within its chapter. The counts the pages must reach are the book's.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# The book's exercises and problems, counted per question (a heading "Exercises" or "Problems"
# in the book can hold several), from its chapters as published at neuralnetworksanddeeplearning.com:
# chapter -> (exercises, problems).
BOOK = {1: (8, 0), 2: (3, 2), 3: (13, 14), 4: (0, 3), 5: (1, 2), 6: (1, 11)}

KIND = {"Exercise": "example", "Problem": "question"}
HEAD = re.compile(
    r'^(?P<indent> *)!!! (?P<kind>[\w-]+) "(?P<label>Exercise|Problem) (?P<ch>\d+)\.(?P<n>\d+): (?P<title>[^"]+)"$'
)
ANY_HEAD = re.compile(r'^ *[!?]{3}\+? [\w-]+ "(Exercise|Problem)\b')
ITEM = re.compile(
    r"^- \[(?P<label>Exercise|Problem) (?P<ch>\d+)\.(?P<n>\d+): (?P<title>.+?)\]"
    r"\(chapter(?P<page>\d+)/index\.md#(?P<anchor>[\w-]+)\)(?P<computed> \*\(computed\)\*)?"
)


def chapter_items(c):
    """[(label, n, title, anchor, computed)] of chapter c's page, in page order."""
    lines = (DOCS / f"chapter{c}" / "index.md").read_text().splitlines()
    items = []
    for i, line in enumerate(lines):
        m = HEAD.match(line)
        if not m:
            assert not ANY_HEAD.match(line), f"chapter {c}, line {i + 1}: not in the exercise form: {line!r}"
            continue
        assert m["kind"] == KIND[m["label"]], f"chapter {c}, line {i + 1}: a {m['label']} is a `{KIND[m['label']]}` admonition"
        assert int(m["ch"]) == c, f"chapter {c}, line {i + 1}: numbered for chapter {m['ch']}"
        body = []
        for following in lines[i + 1:]:
            if following.strip() and not following.startswith(m["indent"] + "    "):
                break
            body.append(following)
        text = "\n".join(body)
        anchors = re.findall(r"^ *\{ #([\w-]+) \}$", text, re.M)
        assert anchors, f"chapter {c}, line {i + 1}: the question has no {{ #id }}"
        assert re.search(r'^ *\?\?\? success "(Answer|Discussion)[^"]*"$', text, re.M), (
            f"chapter {c}, line {i + 1}: no collapsible answer (??? success \"Answer\")"
        )
        items.append((m["label"], int(m["n"]), m["title"], anchors[0], "```pycon" in text))
    return items


@pytest.mark.parametrize("c", sorted(BOOK))
def test_chapter_page_asks_every_exercise_and_problem_of_the_book(c):
    items = chapter_items(c)
    assert [n for _, n, *_ in items] == list(range(1, len(items) + 1)), f"chapter {c}: numbers out of order"
    for label, n, _, anchor, _ in items:
        assert anchor == f"{label.lower()}-{c}-{n}", (label, n, anchor)
    exercises = sum(1 for label, *_ in items if label == "Exercise")
    assert (exercises, len(items) - exercises) == BOOK[c], f"chapter {c}: (exercises, problems) differ from the book"


def exercises_page():
    return (DOCS / "exercises.md").read_text()


def test_exercises_page_lists_exactly_the_chapter_pages_exercises():
    listed = {c: [] for c in BOOK}
    for line in exercises_page().splitlines():
        if m := ITEM.match(line):
            assert m["ch"] == m["page"], line
            listed[int(m["ch"])].append((m["label"], int(m["n"]), m["title"], m["anchor"], bool(m["computed"])))
    for c in BOOK:
        assert listed[c] == chapter_items(c), f"chapter {c}: the Exercises page and the chapter page differ"


def test_exercises_page_counts_what_the_chapter_pages_contain():
    page = exercises_page()
    total_e = total_p = 0
    for c in BOOK:
        items = chapter_items(c)
        e = sum(1 for label, *_ in items if label == "Exercise")
        p = len(items) - e
        total_e, total_p = total_e + e, total_p + p
        row = re.search(rf"^\| \[{c}\. [^]]+\]\(#chapter-{c}\) \| (\d+) \| (\d+) \| (\d+) \|$", page, re.M)
        assert row, f"no count row for chapter {c}"
        assert tuple(map(int, row.groups())) == (e, p, e + p), f"chapter {c}: counts on the Exercises page"
    total = re.search(r"^\| \*\*All six chapters\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|$", page, re.M)
    assert total and tuple(map(int, total.groups())) == (total_e, total_p, total_e + total_p)
    assert f"asks its readers {total_e + total_p} questions" in page


def test_every_exercise_link_leads_to_its_question_in_the_built_site(built_site):
    html = (built_site / "exercises" / "index.html").read_text()
    hrefs = re.findall(r'href="\.\./chapter(\d+)/#((?:exercise|problem)-\d+-\d+)"', html)
    expected = [(str(c), anchor) for c in BOOK for _, _, _, anchor, _ in chapter_items(c)]
    assert hrefs == expected
    for c, anchor in hrefs:
        chapter = (built_site / f"chapter{c}" / "index.html").read_text()
        assert re.search(rf'<p id="{anchor}"', chapter), f"chapter {c} has no element with id {anchor}"
