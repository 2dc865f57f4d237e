"""Test collection for the whole repository.

- ``pytest`` alone runs ``tests/``, the doctests in ``nnadl/`` and the examples on the pages
  in ``docs/`` (``testpaths`` and ``--doctest-modules`` are set in pyproject.toml).
- ``pytest -m "not site"`` is the fast loop: it leaves out every test that needs the built site
  or a browser (marked ``site`` here, by the fixtures they use), which is most of the time.
- On the pages, every ```` ```pycon ```` block is a doctest. Sybil reads each page after
  pymdownx.snippets has expanded it with the same settings as mkdocs.yml, so an example runs
  against exactly the text the reader sees. ```` ```python ```` blocks are listings included from
  ``nnadl`` (tests/test_pages.py checks that they are never pasted code); the package's own
  tests cover them.
"""

import doctest
import os
from pathlib import Path

import markdown
import pytest
from sybil import Document, Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

ROOT = Path(__file__).parent

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# One BLAS thread in the tests and in everything they start (the site build, notebook kernels):
# at these matrix sizes threads do not help, and on a busy two-core machine they wait for each
# other, which made a small epoch twenty times slower. Set before numpy loads its BLAS.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# Percent-format notebooks are executed by the site build (tests/test_site.py), not imported.
collect_ignore_glob = ["docs/**/*.py", "docs/*.py", "hooks/*.py", "site/*", "benchmarks/*"]

DOCTEST_FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def expand_snippets(text: str) -> str:
    """The page's Markdown with every ``--8<--`` include replaced, as mkdocs.yml configures it."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={
            "pymdownx.snippets": {"base_path": [str(ROOT)], "check_paths": True, "dedent_subsections": True}
        },
    )
    return "\n".join(md.preprocessors["snippet"].run(text.split("\n")))


class SnippetDocument(Document):
    """A Markdown page as the reader sees it: snippets expanded before examples are parsed."""

    @classmethod
    def parse(cls, path, *parsers, encoding="utf-8"):
        document = cls(expand_snippets(Path(path).read_text(encoding)), path)
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


class PyconParser(PythonCodeBlockParser):
    """```` ```pycon ```` blocks, run as doctests."""

    def __init__(self):
        super().__init__(doctest_optionflags=DOCTEST_FLAGS)
        self.codeblock_parser = CodeBlockParser("pycon", PythonEvaluator())


pytest_collect_file = Sybil(
    parsers=[PyconParser()],
    patterns=["*.md"],
    path="docs",
    document_types={".md": SnippetDocument},
).pytest()


# The fixtures of tests/conftest.py that build the whole site or start a browser.
SITE_FIXTURES = {"built_site", "site_url", "other_site_url", "browser", "visit", "visit_elsewhere"}


def pytest_collection_modifyitems(items):
    """Mark ``site`` every test that builds the site or drives a browser, so ``-m "not site"`` leaves it out."""
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)
