// One MathJax configuration for both kinds of math on the site:
// pages (arithmatex wraps formulas in .arithmatex, delimited by \( \) and \[ \])
// and executed notebooks (mkdocs-jupyter leaves $ ... $ inside .jp-RenderedMarkdown).
// MathJax itself is served from assets/mathjax/ on this site: no outside host.

// Typesetting runs are chained: two overlapping runs (MathJax becoming ready while
// material announces a page) would leave formulas without their character styles.
let typesetting = null;

function typesetPage() {
  typesetting = (typesetting || MathJax.startup.promise).then(() => {
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  });
  return typesetting;
}

window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams",
  },
  options: {
    // Ignore the page's top-level containers and re-enable math only inside the two kinds of
    // math element. MathJax passes "ignore" down to children unless a child matches
    // processHtmlClass, so a pattern that matches *every* class (".*|") would also switch
    // off the unclassed <p> elements inside a notebook's Markdown cell.
    ignoreHtmlClass: "md-header|md-container|md-dialog|md-banner|md-skip",
    processHtmlClass: "arithmatex|jp-RenderedMarkdown",
  },
  startup: {
    typeset: false,
    ready() {
      MathJax.startup.defaultReady();
      typesetPage();
    },
  },
};

// Material's document$ fires on first load and after every instant navigation, which
// swaps the page body without reloading scripts: typeset the new content each time.
// Before MathJax is ready there is nothing to do: ready() above typesets the first page.
document$.subscribe(() => {
  if (typesetting) {
    typesetPage();
  }
});
