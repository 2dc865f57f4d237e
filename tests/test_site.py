"""The built site: a strict build with no warnings, nothing loaded from another host, and every
formula on every page typeset by MathJax in a real browser."""

import re
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# Every page the site has: Markdown pages and the percent-format notebooks next to them.
PAGES = sorted(p.relative_to(DOCS) for p in [*DOCS.rglob("*.md"), *DOCS.rglob("*.py")])


def url_of(source: Path) -> str:
    """The directory URL mkdocs gives a page (use_directory_urls)."""
    stem = source.with_suffix("")
    if stem.name == "index":
        return "" if stem.parent == Path(".") else f"{stem.parent.as_posix()}/"
    return f"{stem.as_posix()}/"


def test_strict_build_prints_no_warning(built_site):
    """Neither mkdocs nor anything it runs (notebook kernels included) prints a warning or an error."""
    log = (built_site.parent / "build.log").read_text()
    assert not re.search(r"WARNING|ERROR|Traceback", log), log


def test_every_page_was_built(built_site):
    for source in PAGES:
        assert (built_site / url_of(source) / "index.html").is_file(), source


OUTSIDE = re.compile(
    r"""(?:<script[^>]*\ssrc|<img[^>]*\ssrc|<link[^>]*\shref|<iframe[^>]*\ssrc|<source[^>]*\ssrc)\s*=\s*["']?(?:https?:)?//""",
    re.I,
)
KNOWN_CDNS = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|polyfill\.io|mathjax\.org", re.I)


def test_built_files_load_nothing_from_another_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css"} or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        if OUTSIDE.search(text) or (path.suffix == ".css" and re.search(r"url\(\s*['\"]?(https?:)?//", text)):
            offenders.append(str(path.relative_to(built_site)))
        elif path.suffix == ".html" and KNOWN_CDNS.search(text):
            offenders.append(str(path.relative_to(built_site)))
    assert offenders == []


def test_mathjax_is_served_by_the_site(built_site):
    mathjax = built_site / "assets" / "mathjax"
    assert (mathjax / "tex-chtml.js").is_file()
    assert any((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))


class TextOutsideMath(HTMLParser):
    """Collects the text of a page that MathJax will not typeset: everything outside math
    elements (.arithmatex, .jp-RenderedMarkdown) and outside code, scripts and styles."""

    SKIP_TAGS = {"script", "style", "code", "pre"}
    MATH_CLASSES = {"arithmatex", "jp-RenderedMarkdown"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append(tag in self.SKIP_TAGS or bool(classes & self.MATH_CLASSES))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.text.append(data)


def test_no_raw_display_math_left_outside_math_elements(built_site):
    """Every $$ in a page's HTML must sit inside an element MathJax will typeset."""
    for source in PAGES:
        parser = TextOutsideMath()
        parser.feed((built_site / url_of(source) / "index.html").read_text())
        text = "".join(parser.text)
        assert "$$" not in text and "\\begin{" not in text, source


@pytest.mark.parametrize("source", [p for p in PAGES if p.suffix == ".py"], ids=str)
def test_every_figure_a_notebook_draws_is_on_its_page(built_site, source):
    """Each plt.show() in a notebook must leave a PNG in the page (a non-inline backend drops them)."""
    notebook = jupytext.read(DOCS / source)
    shows = sum(c.source.count("plt.show()") for c in notebook.cells if c.cell_type == "code")
    html = (built_site / url_of(source) / "index.html").read_text()
    assert html.count("data:image/png;base64,") >= shows > 0 or shows == 0


def count_notebook_formulas(source: Path) -> int:
    notebook = jupytext.read(DOCS / source)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return len(re.findall(r"\$\$.+?\$\$|\$[^$\n]+?\$", text, flags=re.S))


@pytest.mark.parametrize("source", PAGES, ids=str)
def test_every_formula_renders_offline_in_a_browser(visit, source):
    page = visit.open(url_of(source))
    counts = page.evaluate(
        """() => ({
            arithmatex: document.querySelectorAll('.arithmatex').length,
            typeset: document.querySelectorAll('.arithmatex mjx-container').length,
            untypeset: document.querySelectorAll('.arithmatex:not(:has(mjx-container))').length,
            notebook: document.querySelectorAll('.jp-RenderedMarkdown mjx-container').length,
            errors: document.querySelectorAll('mjx-merror').length,
            zeroWidth: [...document.querySelectorAll('mjx-container')].filter(
                e => e.offsetParent !== null && e.getBoundingClientRect().width === 0).length,
        })"""
    )
    assert counts["errors"] == 0, counts
    assert counts["untypeset"] == 0 and counts["typeset"] == counts["arithmatex"], counts
    assert counts["zeroWidth"] == 0, counts  # typeset but drawn without its font styles
    if source.suffix == ".py":
        assert counts["notebook"] == count_notebook_formulas(source), counts
    assert visit.outside_requests() == []
    assert visit.console_errors == []


def test_chapter2_renders_every_formula_in_its_source(visit):
    """Count formulas in the Markdown source (outside code) and compare with what MathJax drew."""
    source = (DOCS / "chapter2" / "index.md").read_text()
    prose = re.sub(r"```.*?```", "", source, flags=re.S)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    prose = re.sub(r"\{[^}\n]*data-toc-label[^}\n]*\}", "", prose)  # heading attributes, not math
    display = re.findall(r"\$\$.+?\$\$", prose, flags=re.S)
    inline = re.findall(r"\$[^$\n]+?\$", re.sub(r"\$\$.+?\$\$", "", prose, flags=re.S))
    page = visit.open("chapter2/")
    drawn = page.evaluate("() => document.querySelectorAll('article mjx-container').length")
    assert drawn == len(display) + len(inline) > 150


def test_math_is_typeset_again_after_instant_navigation(visit):
    page = visit.open("")
    page.click("article a[href$='/chapter2/']")
    page.wait_for_url("**/chapter2/")
    page.wait_for_function("() => document.querySelectorAll('article .arithmatex mjx-container').length > 150")
    visit.wait_for_math()
    assert page.evaluate("() => document.querySelectorAll('article .arithmatex:not(:has(mjx-container))').length") == 0
    assert visit.outside_requests() == []
