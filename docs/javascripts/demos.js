// The interactive demos of the chapter pages. Each <div class="nnadl-demo" data-demo="NAME"> is
// drawn once by the function a demo script registered as window.nnadlDemos[NAME], and again
// after Material's instant navigation brings a page with demos. Loaded after the demo scripts.
(function () {
  const demos = (window.nnadlDemos = window.nnadlDemos || {});
  const SVG_NS = "http://www.w3.org/2000/svg";

  // An element with attributes ("text" sets its text), appended to parent if given; a tag
  // starting "svg:" makes an SVG element. The demos draw with it.
  Object.defineProperty(demos, "el", {
    enumerable: false,
    value(tag, attrs, parent) {
      const node = tag.startsWith("svg:")
        ? document.createElementNS(SVG_NS, tag.slice(4))
        : document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (k === "text") node.textContent = v;
        else node.setAttribute(k, v);
      }
      if (parent) parent.appendChild(node);
      return node;
    },
  });

  function setUp() {
    for (const root of document.querySelectorAll(".nnadl-demo[data-demo]")) {
      const demo = demos[root.dataset.demo];
      if (!demo || root.dataset.ready) continue;
      root.dataset.ready = "true";
      root.replaceChildren();
      demo(root);
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
