"""The built site: a strict build with no warnings, nothing loaded from another host, every formula
on every page (the API reference included) typeset by MathJax in a real browser, docstring roles as
links, instant navigation at site_url and plain page loads elsewhere, and each notebook page's
executed .ipynb downloadable and runnable."""

import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import nbformat
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


# The canonical address of a page (from site_url) is not loaded by the browser.
CANONICAL = re.compile(r"""<link\s+rel=["']?canonical["']?\s+href=["'][^"']*["']\s*/?>""", re.I)


def test_built_files_load_nothing_from_another_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix not in {".html", ".css"} or not path.is_file():
            continue
        text = CANONICAL.sub("", path.read_text(errors="replace"))
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
    elements (.arithmatex, .jp-RenderedMarkdown) and outside code, scripts and styles.
    With ``math=True`` the text inside math elements is collected too (code is still skipped)."""

    SKIP_TAGS = {"script", "style", "code", "pre"}
    MATH_CLASSES = {"arithmatex", "jp-RenderedMarkdown"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, math=False):
        super().__init__()
        self.stack, self.text = [], []
        self.skip_classes = set() if math else self.MATH_CLASSES

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append(tag in self.SKIP_TAGS or bool(classes & self.skip_classes))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.text.append(data)


RAW_MATH = re.compile(r"\$\$|\\\(|\\\[|\\begin\{")
RST_ROLE = re.compile(r":(?:py:)?(?:math|class|meth|func|mod|data|attr|obj|exc|const|ref):`")


def text_of(html: str, math=False) -> str:
    parser = TextOutsideMath(math=math)
    parser.feed(html)
    return "".join(parser.text)


def test_no_raw_math_or_rst_roles_left_on_any_page(built_site):
    """On every HTML page of the built site, the API reference included: no $$, \\(, \\[ or
    \\begin{ outside an element MathJax typesets, and no reStructuredText role anywhere outside code."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= len(PAGES)
    offenders = []
    for path in pages:
        html = path.read_text()
        for text, pattern in ((text_of(html), RAW_MATH), (text_of(html, math=True), RST_ROLE)):
            offenders += [f"{path.relative_to(built_site)}: ...{text[max(0, m.start() - 40):m.end() + 40]}..."
                          for m in pattern.finditer(text)]
    assert offenders == []


def test_the_raw_text_check_can_fail():
    assert RAW_MATH.search(text_of("<p>the matrix \\( w^{i+2} \\)</p>"))
    assert not RAW_MATH.search(text_of('<p><span class="arithmatex">\\( w \\)</span> <code>\\(</code></p>'))
    assert RST_ROLE.search(text_of("<p>see :class:`History`</p>", math=True))
    assert not RST_ROLE.search(text_of("<pre><code>:class:`History`</code></pre>", math=True))


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
    glyphs = page.evaluate(GLYPHS)
    assert glyphs["zeroWidth"] == 0, glyphs
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(BLANK_TITLE_LINES) == []
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


# Every character MathJax draws (CHTML: one <mjx-c> per character, its glyph from the stylesheet
# MathJax keeps in <head>), among those a reader can see. U+2061-2064 (function application,
# invisible times, separator and plus) have no width by design.
GLYPHS = """() => {
    const invisible = /^mjx-c206[1-4]$/i;
    const glyphs = [...document.querySelectorAll('article mjx-container mjx-c')]
        .filter(c => c.checkVisibility() && ![...c.classList].some(k => invisible.test(k)));
    const zero = glyphs.filter(c => c.getBoundingClientRect().width === 0);
    return {
        glyphs: glyphs.length,
        zeroWidth: zero.length,
        examples: [...new Set(zero.map(c => c.className))].slice(0, 6),
        formulas: document.querySelectorAll('article .arithmatex, article .jp-RenderedMarkdown mjx-container').length,
        untypeset: document.querySelectorAll('article .arithmatex:not(:has(mjx-container))').length,
    };
}"""


# Words of table cells and headings broken across lines: a name such as nnadl.data.DataError,
# benchmarks/bench_training.py or a parameter in an API heading's signature cut into pieces. A word
# may still break after a hyphen, and a signature between its name and its parameters.
BROKEN_WORDS = r"""() => {
    const broken = [];
    for (const cell of document.querySelectorAll('article :is(td, th, h1, h2, h3, h4, h5, h6)')) {
        if (!cell.checkVisibility()) continue;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            if (node.parentElement.closest('mjx-container')) continue;
            for (const m of node.textContent.matchAll(/[^\s-]+-?/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
                if (lines.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
}"""


# Titles and headings (the API reference's signatures among them) drawn on more lines than their
# text needs: the permalink, invisible until hovered, alone on a last line, a blank band under it.
BLANK_TITLE_LINES = """() => [...document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)')].filter(h => h.checkVisibility()).map(h => {
    const text = document.createRange();
    text.setStart(h, 0);
    const link = h.querySelector(':scope > .headerlink');
    if (link) text.setEndBefore(link); else text.setEnd(h, h.childNodes.length);
    const style = getComputedStyle(h);
    const lineHeight = parseFloat(style.lineHeight);
    const tops = [...text.getClientRects()].filter(r => r.width > 0).map(r => r.top).sort((a, b) => a - b);
    const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > lineHeight / 2).length;
    const height = h.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return {id: h.id, textLines: lines, drawnLines: Math.round(height / lineHeight)};
}).filter(h => h.drawnLines > h.textLines)"""


def test_the_sidebar_shows_the_site_name_on_one_opaque_line(visit_wide):
    """The site's name heads the navigation: one line, and menu items scrolled under it do not show through."""
    page = visit_wide.open("chapter3/")
    title = page.evaluate(
        """() => {
            const t = document.querySelector('nav.md-nav--primary > .md-nav__title');
            const scroller = t.closest('.md-sidebar__scrollwrap');
            scroller.scrollTop = 300;
            const r = t.getBoundingClientRect();
            const text = document.createRange();
            text.selectNodeContents(t);
            const tops = new Set([...text.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
            const points = [0.1, 0.3, 0.5, 0.7, 0.9].flatMap(fx => [0.2, 0.5, 0.8].map(fy => [r.left + fx * r.width, r.top + fy * r.height]));
            return {
                lines: tops.size, visible: t.checkVisibility(), scrolled: scroller.scrollTop,
                overflow: t.scrollHeight - t.clientHeight, background: getComputedStyle(t).backgroundColor,
                covered: points.filter(([x, y]) => !document.elementFromPoint(x, y).closest('.md-nav__title')).length,
            };
        }"""
    )
    assert title["visible"] and title["scrolled"] > 0, title
    assert title["lines"] == 1 and title["overflow"] <= 0, title
    assert title["covered"] == 0 and title["background"] not in ("transparent", "rgba(0, 0, 0, 0)"), title


def swap(visit, action):
    """Do ``action`` (a click, going back) and wait until the page it brings is typeset: Material
    announces every page on document$, and mathjax-config.js starts a new typesetting run for it."""
    page = visit.page
    page.evaluate("() => { window.nnadlTypesetBefore = typesetting; }")
    action()
    page.wait_for_function("() => typesetting !== window.nnadlTypesetBefore", timeout=30000)
    visit.wait_for_math()


def click_nav_link(visit, path):
    """Click the sidebar's link to ``path``, as a reader does."""
    page, target = visit.page, f"{visit.origin}/{path}"
    index = page.evaluate(
        """target => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
            .findIndex(a => a.href === target && a.checkVisibility())""",
        target,
    )
    assert index >= 0, f"no visible link to {path} in the navigation"
    swap(visit, lambda: page.locator("nav.md-nav--primary a.md-nav__link").nth(index).click())
    page.wait_for_url(target)


@pytest.mark.parametrize("source", PAGES, ids=str)
def test_math_is_drawn_after_instant_navigation_to_every_page(visit_wide, source):
    """From a page loaded directly, click the navigation's link to ``source``, go back, click on to
    a second page: each time every formula is typeset, every glyph has a width, and the console says
    nothing about MathJax. (After the first click MathJax used to lose its stylesheet: 61% of the
    glyphs of chapter 2 drew with zero width, and the console filled with "can't insert css rule".)"""
    visit, target = visit_wide, url_of(source)
    start = "notation/" if target == "" else ""
    following = [url_of(p) for p in PAGES[PAGES.index(source) + 1:] + PAGES[:PAGES.index(source)]]
    second = next(u for u in following if u not in (target, start))
    page = visit.open(start)
    page.evaluate("() => { window.nnadlSamePage = true; }")
    seen = {}
    for label, path, action in (
        ("clicked", target, lambda: click_nav_link(visit, target)),
        ("back", start, lambda: (swap(visit, page.go_back), page.wait_for_url(f"{visit.origin}/{start}"))),
        ("second", second, lambda: click_nav_link(visit, second)),
    ):
        action()
        glyphs = seen[f"{label} {path or 'home'}"] = page.evaluate(GLYPHS)
        assert glyphs["zeroWidth"] == 0 and glyphs["untypeset"] == 0, (label, path, glyphs)
        assert glyphs["glyphs"] > 0 or glyphs["formulas"] == 0, (label, path, glyphs)
    assert page.evaluate("() => window.nnadlSamePage") is True, "a page was reloaded: no instant navigation"
    assert sum(g["glyphs"] for g in seen.values()) > 0, seen
    assert [m for m in visit.console_warnings if "mathjax" in m.lower()] == []
    assert visit.console_errors == []
    assert visit.outside_requests() == []


def test_math_is_typeset_again_after_instant_navigation(visit):
    """Served at its site_url, a click swaps the page without reloading it (instant navigation)."""
    page = visit.open("")
    page.evaluate("() => { window.nnadlSamePage = true; }")
    page.click("article a[href$='/chapter2/']")
    page.wait_for_url("**/chapter2/")
    page.wait_for_function("() => document.querySelectorAll('article .arithmatex mjx-container').length > 150")
    visit.wait_for_math()
    assert page.evaluate("() => document.querySelectorAll('article .arithmatex:not(:has(mjx-container))').length") == 0
    assert page.evaluate("() => window.nnadlSamePage === true"), "the click reloaded the page: no instant navigation"
    assert visit.outside_requests() == []


# -- the API reference -------------------------------------------------------------------------

DOCSTRING_MATH = re.compile(r":math:`[^`]+`|^[ \t]*\.\. math::", re.M)
DOCSTRING_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|data|attr|obj|exc|const):`[^`]+`")


def rendered_docstrings(html: str):
    """The source docstrings (as written in nnadl/, read by griffe without the site's extension) of
    every object the reference page documents (each has an anchor named by its path), as the texts
    mkdocstrings renders: the docstring parsed in the NumPy style, so that a description shared by
    several parameters (``l, j, k : int``) counts once per parameter, as the page shows it. A class's
    ``__init__`` docstring is merged into the class (merge_init_into_class); a name a module
    re-exports is documented with its target's docstring."""
    import griffe

    documented = set(re.findall(r'id="(nnadl(?:\.[\w.]+)?)"', html))
    package = griffe.load("nnadl", search_paths=[str(ROOT)], docstring_parser="numpy")

    def walk(obj):
        yield obj
        for member in obj.members.values():
            if not member.is_alias:
                yield from walk(member)

    def texts(docstring):
        for section in docstring.parsed:
            items = section.value if isinstance(section.value, list) else [section.value]
            for item in items:
                if isinstance(item, str):
                    yield item
                elif isinstance(item, tuple):  # examples: (kind, text); only prose is Markdown
                    if item[0] == griffe.DocstringSectionKind.text or str(item[0]).endswith("text"):
                        yield item[1]
                elif getattr(item, "description", None):  # a parameter, return value, ...
                    yield item.description  # (its type and default are shown as code, roles as plain names)

    def objects():
        for obj in walk(package):
            for member in obj.members.values():
                if member.is_alias and member.path in documented:
                    try:
                        yield member.path, member.final_target
                    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
                        pass
            if obj.path in documented:
                yield obj.path, obj

    for path, obj in objects():
        if obj.docstring is not None:
            yield path, "\n".join(texts(obj.docstring))
        init = obj.members.get("__init__") if obj.is_class else None
        if init is not None and not init.is_alias and init.docstring is not None and f"{path}.__init__" not in documented:
            yield f"{path}.__init__", "\n".join(texts(init.docstring))


def test_reference_typesets_every_formula_of_its_docstrings(visit, built_site):
    html = (built_site / "reference" / "index.html").read_text()
    docstrings = list(rendered_docstrings(html))
    assert len(docstrings) > 50, "the reference page documents (almost) nothing"
    expected = sum(len(DOCSTRING_MATH.findall(doc)) for _, doc in docstrings)
    page = visit.open("reference/")
    counts = page.evaluate(
        """() => ({
            typeset: document.querySelectorAll('article mjx-container').length,
            inMathElements: document.querySelectorAll('article .arithmatex mjx-container').length,
            errors: document.querySelectorAll('mjx-merror').length,
        })"""
    )
    assert counts == {"typeset": expected, "inMathElements": expected, "errors": 0} and expected > 100, counts
    assert visit.outside_requests() == [] and visit.console_errors == []


def test_reference_turns_every_role_into_a_link_or_code(visit, built_site):
    """Each role of a documented docstring is on the page as code; those naming nnadl objects link to
    where the object is documented, and each link lands on an element with that id."""
    html = (built_site / "reference" / "index.html").read_text()
    expected = sum(len(DOCSTRING_ROLE.findall(doc)) for _, doc in rendered_docstrings(html))
    page = visit.open("reference/")
    roles = page.evaluate(
        """() => {
            const all = [...document.querySelectorAll('article code.nnadl-role')];
            return {
                total: all.length,
                unresolved: all.filter(e => e.matches('.nnadl-unresolved')).map(e => e.textContent),
                external: all.filter(e => e.matches('.nnadl-external')).length,
                links: [...document.querySelectorAll('article a.nnadl-xref')].map(a => a.href),
                linkedRoles: all.filter(e => e.closest('a.nnadl-xref')).length,
            };
        }"""
    )
    assert "autoref" not in re.sub(r"<a [^>]*>", "", html), "a cross-reference left as text (in code?)"
    assert roles["total"] == expected > 100, roles["total"]
    assert roles["unresolved"] == [], "roles naming nothing in nnadl (see the build log)"
    assert roles["linkedRoles"] == len(roles["links"]) > 100
    for href in sorted(set(roles["links"])):
        assert href.startswith(visit.origin + "/") and "#" in href, href
        path, anchor = href[len(visit.origin) + 1:].split("#", 1)
        target = (built_site / path / "index.html") if not path.endswith(".html") else built_site / path
        assert f'id="{anchor}"' in target.read_text(), href


# -- site_url and instant navigation ---------------------------------------------------------------

def test_site_url_is_set_and_fills_the_sitemap(built_site, site_url):
    sitemap = (built_site / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) >= len(PAGES) and all(loc.startswith(site_url + "/") for loc in locs), locs[:3]


def test_site_served_elsewhere_still_works_with_ordinary_page_loads(visit_elsewhere):
    """Another server, port and path than site_url: links and math work, pages simply load."""
    page = visit_elsewhere.open("")
    page.evaluate("() => { window.nnadlSamePage = true; }")
    page.click("article a[href$='/chapter2/']")
    page.wait_for_url("**/mirror/chapter2/")
    visit_elsewhere.wait_for_math()
    assert page.evaluate("() => window.nnadlSamePage") is None  # an ordinary page load
    assert page.evaluate("() => document.querySelectorAll('article .arithmatex:not(:has(mjx-container))').length") == 0
    assert page.evaluate("() => document.querySelectorAll('article .arithmatex mjx-container').length") > 150
    assert visit_elsewhere.outside_requests() == [] and visit_elsewhere.console_errors == []


# -- notebooks to download -------------------------------------------------------------------------

NOTEBOOKS = [p for p in PAGES if p.suffix == ".py"]


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


@pytest.mark.parametrize("source", NOTEBOOKS, ids=str)
def test_every_notebook_page_links_its_executed_ipynb_and_its_source(built_site, site_url, source):
    page_url = f"{site_url}/{url_of(source)}"
    html = download(page_url).decode()
    links = dict(re.findall(r'<a href="([^"]+\.(ipynb|py))" download>', html))
    ipynb_href, py_href = source.with_suffix(".ipynb").name, source.name
    assert set(links) == {ipynb_href, py_href}, links
    assert download(urllib.parse.urljoin(page_url, py_href)) == (DOCS / source).read_bytes()
    nb = nbformat.reads(download(urllib.parse.urljoin(page_url, ipynb_href)).decode(), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and [c.execution_count for c in code] == list(range(1, len(code) + 1)), "not executed"
    expected = jupytext.read(DOCS / source)
    assert [c.source for c in nb.cells] == [c.source for c in expected.cells]
    shows = sum(c.source.count("plt.show()") for c in code)
    assert sum("image/png" in o.get("data", {}) for c in code for o in c.outputs) >= shows


def test_a_downloaded_notebook_runs_in_jupyter_with_nnadl_installed(site_url, tmp_path):
    """The smallest notebook, downloaded from the site, executed by nbclient in an empty directory."""
    from nbclient import NotebookClient

    source = min(NOTEBOOKS, key=lambda p: (DOCS / p).stat().st_size)
    page_url = f"{site_url}/{url_of(source)}"
    path = tmp_path / source.with_suffix(".ipynb").name
    path.write_bytes(download(urllib.parse.urljoin(page_url, path.name)))
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(nb, kernel_name=nb.metadata.kernelspec.name, resources={"metadata": {"path": str(tmp_path)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


# -- a phone's screen, 390 px wide ------------------------------------------------------------------

# What is drawn wider than it may be, on a page as laid out: the page itself wider than the screen;
# a demo, a figure or a plot wider than the column (or reaching out of it); an equation's tag such
# as (BP1) outside the visible part of its formula's box (which scrolls sideways when the formula
# is wider than the screen).
OVERFLOW = """() => {
    const article = document.querySelector('article');
    const column = article.getBoundingClientRect();
    const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
        ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + (e.dataset.demo ? `[${e.dataset.demo}]` : '');
    const out = {page: document.documentElement.scrollWidth, screen: window.innerWidth, wide: [], tags: []};
    for (const e of article.querySelectorAll('.nnadl-demo, .nnadl-demo *, img, svg:not(mjx-container svg), canvas, .bp-summary')) {
        if (!e.checkVisibility() || e.closest('.md-typeset__scrollwrap, pre, .highlight')) continue;
        const r = e.getBoundingClientRect();
        if (r.width > 0 && (r.left < column.left - 0.5 || r.right > column.right + 0.5
                            || (e instanceof HTMLElement && e.scrollWidth > e.clientWidth + 1))) {
            out.wide.push(`${name(e)}: ${Math.round(r.left)}-${Math.round(r.right)} in a column ${Math.round(column.left)}-${Math.round(column.right)}`);
        }
    }
    for (const tag of article.querySelectorAll('mjx-container mjx-labels mjx-mtd')) {
        if (!tag.checkVisibility() || !tag.querySelector('mjx-c')) continue;
        // what the reader sees of it: its formula's box (which may reach the screen's edges), on the screen
        const b = (tag.closest('.arithmatex') || tag.closest('mjx-container').parentElement).getBoundingClientRect();
        const r = tag.getBoundingClientRect();
        if (r.width > 0 && (r.right > Math.min(b.right, window.innerWidth) + 0.5 || r.left < Math.max(b.left, 0) - 0.5)) {
            out.tags.push(`${tag.id || 'a tag'}: ${Math.round(r.left)}-${Math.round(r.right)} shown ${Math.round(b.left)}-${Math.round(b.right)}`);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("source", PAGES, ids=str)
def test_every_page_fits_a_phone_screen(visit_phone, source):
    page = visit_phone.open(url_of(source))
    page.wait_for_function("() => [...document.querySelectorAll('.nnadl-demo')].every(d => d.dataset.ready)")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    drawn = page.evaluate(OVERFLOW)
    assert drawn["screen"] == 390
    assert drawn["page"] <= drawn["screen"], drawn
    assert drawn["wide"] == [], drawn
    assert drawn["tags"] == [], drawn
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(BLANK_TITLE_LINES) == []
