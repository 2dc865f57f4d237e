// One MathJax configuration for both kinds of math on the site:
// pages (arithmatex wraps formulas in .arithmatex, delimited by \( \) and \[ \])
// and executed notebooks (mkdocs-jupyter leaves $ ... $ inside .jp-RenderedMarkdown).
// MathJax itself is served from assets/mathjax/ on this site: no outside host.

// Typesetting runs are chained: two overlapping runs (MathJax becoming ready while
// material announces a page) would leave formulas without their character styles.
let typesetting = null;

// MathJax's CHTML output draws every glyph with CSS from one <style id="MJX-CHTML-styles"> that it
// puts in <head> once. Material's instant navigation replaces <head> elements it does not know, so
// after the first click that element is gone: formulas typeset on later pages would draw their
// glyphs with zero width. With adaptiveCSS off (below) the element's text holds the whole font's CSS
// (rules added one by one with insertRule would be lost with it), so putting it back suffices.
let chtmlStyles = null;

function keepChtmlStyles() {
  chtmlStyles = chtmlStyles || document.getElementById("MJX-CHTML-styles");
  if (chtmlStyles && !chtmlStyles.isConnected) {
    document.head.appendChild(chtmlStyles);
  }
}

// A formula wider than its column: displayed, it scrolls sideways in its box (extra.css), and on a
// phone a numbered one would hide its number, e.g. (BP1), off-screen; inline, it would run past
// the screen's edge and widen the page. Such a formula is drawn smaller, just enough to fit, but
// not below MIN_FIT of its size (beyond that a displayed one scrolls). Tables scroll on their own.
const MIN_FIT = 0.55;

function roomFor(math) {
  const display = math.getAttribute("display") === "true";
  let box = math.parentElement;
  while (!display && box.parentElement && getComputedStyle(box).display.startsWith("inline")) {
    box = box.parentElement;
  }
  const style = getComputedStyle(box);
  return box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
}

function fitMath() {
  const formulas = [...document.querySelectorAll('article mjx-container[jax="CHTML"]')]
    .filter((math) => !math.closest("table"));
  // Reset all, then measure all, then resize: one layout, not one per formula.
  for (const math of formulas) {
    if (math.dataset.nnadlSize === undefined) math.dataset.nnadlSize = math.style.fontSize;
    math.style.fontSize = math.dataset.nnadlSize;
  }
  const scales = formulas.map((math) => {
    const room = roomFor(math);
    const need = Math.max(math.scrollWidth, math.getBoundingClientRect().width);
    return room > 0 && need > room ? Math.max(0.99 * room / need, MIN_FIT) : 1;
  });
  formulas.forEach((math, i) => {
    if (scales[i] < 1) {
      math.style.fontSize = `${(parseFloat(math.dataset.nnadlSize) || 100) * scales[i]}%`;
    }
  });
}

let fitting = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(fitting);
  fitting = requestAnimationFrame(fitMath);
});

function typesetPage() {
  typesetting = (typesetting || MathJax.startup.promise).then(() => {
    keepChtmlStyles();
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise();
  }).then(() => {
    keepChtmlStyles();
    fitMath();
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
  chtml: {
    // The whole font's CSS at once, in the style element's text (see keepChtmlStyles above).
    adaptiveCSS: false,
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
