// Interactive demos for chapter 4: a step from one sigmoid neuron, a bump from two, and an
// approximation of f made of bumps. Plain JavaScript and SVG, nothing loaded from elsewhere.
//
// The math is the same as in nnadl/universality.py, line for line:
//   sigmoid          - nnadl.activations.sigmoid (the overflow-free form)
//   bookFunction     - book_function
//   sigmoidInverse   - sigmoid_inverse
//   bumpEdges        - bump_edges(n) with offset 0 on [0, 1] (outer edges half a bump outside)
//   bumpSum          - bump_sum: sum_j h_j [sigma(w x - w s_j) - sigma(w x - w s_{j+1})]
//   maxError         - max_error on the same grid, linspace(0, 1, 10001)
// and the steepness is STEEPNESS * N = 100 N, the package's default.
//
// A demo is any element <div class="nnadl-demo" data-demo="step|bump|approximation">.
// Material's instant navigation swaps the page content without reloading scripts, so the
// demos are set up from document$ (every page load and every navigation); pages without
// demo containers are left alone.

(function () {
  "use strict";

  const STEEPNESS = 100;
  const N_GRID = 10001;

  // -- the package's math ------------------------------------------------------------

  function sigmoid(z) {
    const e = Math.exp(-Math.abs(z));
    const s = 1 / (1 + e);
    return z >= 0 ? s : e * s;
  }

  function sigmoidInverse(a) {
    return Math.log(a) - Math.log1p(-a);
  }

  function bookFunction(x) {
    return 0.2 + 0.4 * x * x + 0.3 * x * Math.sin(15 * x) + 0.05 * Math.cos(50 * x);
  }

  function stepNeuron(x, s, w) {
    return sigmoid(w * x + -w * s);
  }

  function bumpEdges(n) {
    const d = 1 / n;
    const clipped = [0];
    for (let k = 0; k <= n; k++) {
      const p = d * k;
      if (p > 1e-12 * d && p < 1 - 1e-12 * d) clipped.push(p);
    }
    clipped.push(1);
    const mids = [];
    for (let j = 0; j + 1 < clipped.length; j++) mids.push((clipped[j] + clipped[j + 1]) / 2);
    const edges = clipped.slice();
    edges[0] -= d / 2;
    edges[edges.length - 1] += d / 2;
    return { edges, mids };
  }

  function bumpSum(x, edges, heights, w) {
    let total = 0;
    for (let j = 0; j < heights.length; j++) {
      total += heights[j] * (stepNeuron(x, edges[j], w) - stepNeuron(x, edges[j + 1], w));
    }
    return total;
  }

  function grid(n) {
    const step = 1 / (n - 1);
    const xs = new Array(n);
    for (let i = 0; i < n; i++) xs[i] = i * step;
    xs[n - 1] = 1;
    return xs;
  }

  const FINE = grid(N_GRID);
  const PLOT = grid(601);

  // The largest |sigma(weighted output) - f| on the grid, and where it is.
  function maxError(edges, heights, w) {
    let worst = 0;
    let at = 0;
    for (const x of FINE) {
      const err = Math.abs(sigmoid(bumpSum(x, edges, heights, w)) - bookFunction(x));
      if (err > worst) {
        worst = err;
        at = x;
      }
    }
    return { value: worst, at };
  }

  // -- drawing -----------------------------------------------------------------------

  // An element or (with "svg:") an SVG element: demos.js, loaded after this file, defines it.
  const el = (tag, attrs, parent) => window.nnadlDemos.el(tag, attrs, parent);

  const fmt = (v, digits) => (Math.abs(v) < 0.5 * Math.pow(10, -digits) ? 0 : v).toFixed(digits);

  // A plot of functions on x in [0, 1]; y in [ymin, ymax].
  function makePlot(parent, { ymin, ymax, yticks, title, label }) {
    const W = 360, H = 220, L = 40, R = 10, T = 22, B = 28;
    const svg = el("svg:svg", {
      viewBox: `0 0 ${W} ${H}`, class: "nnadl-plot", role: "img", "aria-label": label,
    }, parent);
    const sx = (x) => L + x * (W - L - R);
    const sy = (y) => T + (ymax - Math.min(Math.max(y, ymin - 1), ymax + 1)) / (ymax - ymin) * (H - T - B);
    el("svg:text", { x: L, y: 14, class: "nnadl-title", text: title }, svg);
    for (const y of yticks) {
      el("svg:line", { x1: sx(0), x2: sx(1), y1: sy(y), y2: sy(y), class: y === 0 ? "nnadl-axis" : "nnadl-grid", "data-y": y }, svg);
      el("svg:text", { x: L - 5, y: sy(y) + 3, class: "nnadl-tick", "text-anchor": "end", text: String(y) }, svg);
    }
    for (const x of [0, 0.25, 0.5, 0.75, 1]) {
      el("svg:line", { x1: sx(x), x2: sx(x), y1: sy(ymin), y2: sy(ymax), class: "nnadl-grid", "data-x": x }, svg);
      el("svg:text", { x: sx(x), y: H - B + 13, class: "nnadl-tick", "text-anchor": "middle", text: String(x) }, svg);
    }
    el("svg:text", { x: W - R, y: H - 3, class: "nnadl-tick", "text-anchor": "end", text: "x" }, svg);
    const clipId = `nnadl-clip-${Math.random().toString(36).slice(2)}`;
    const clip = el("svg:clipPath", { id: clipId }, el("svg:defs", {}, svg));
    el("svg:rect", { x: sx(0), y: sy(ymax), width: sx(1) - sx(0), height: sy(ymin) - sy(ymax) }, clip);
    const layer = el("svg:g", { "clip-path": `url(#${clipId})` }, svg);
    return {
      svg,
      // The x (in plot units) under a pointer at (clientX, clientY), wherever the SVG is scaled to.
      xAt(clientX, clientY) {
        const point = new DOMPoint(clientX, clientY).matrixTransform(svg.getScreenCTM().inverse());
        return (point.x - L) / (W - L - R);
      },
      curve(role, cls) {
        return el("svg:path", { "data-role": role, class: `nnadl-curve ${cls}` }, layer);
      },
      draw(path, fn) {
        path.setAttribute("d", PLOT.map((x, i) => `${i ? "L" : "M"}${sx(x).toFixed(2)} ${sy(fn(x)).toFixed(2)}`).join(""));
      },
      vline(role, cls) {
        const line = el("svg:line", { "data-role": role, class: cls, y1: sy(ymin), y2: sy(ymax) }, layer);
        return (x) => {
          line.setAttribute("x1", sx(x));
          line.setAttribute("x2", sx(x));
          line.style.display = x >= 0 && x <= 1 ? "" : "none";
        };
      },
      marker(role) {
        const dot = el("svg:circle", { "data-role": role, r: 3.5, class: "nnadl-marker" }, layer);
        return (x, y) => {
          dot.setAttribute("cx", sx(x));
          dot.setAttribute("cy", sy(y));
        };
      },
      legend(entries) {
        entries.forEach(([cls, text], i) => {
          const y = T + 10 + 13 * i;
          el("svg:line", { x1: W - R - 110, x2: W - R - 94, y1: y, y2: y, class: `nnadl-curve ${cls}` }, svg);
          el("svg:text", { x: W - R - 90, y: y + 3, class: "nnadl-tick", text }, svg);
        });
      },
    };
  }

  let uid = 0;

  // A labelled range input with its value shown next to it.
  function slider(parent, { label, min, max, step, value, show }) {
    const id = `nnadl-input-${++uid}`;
    const row = el("div", { class: "nnadl-control" }, parent);
    const lab = el("label", { for: id }, row);
    lab.innerHTML = label;
    const input = el("input", { type: "range", id, min, max, step, value }, row);
    const out = el("output", { for: id }, row);
    const update = (v) => {
      out.textContent = show(v);
    };
    update(Number(value));
    input.addEventListener("input", () => update(Number(input.value)));
    return input;
  }

  // -- demo 1: one neuron, sigma(w x + b) ------------------------------------------------

  // The reader sets the step position s (as in the book) with a slider or by pointing at the plot,
  // and the weight w; the bias follows, b = -w s, and is shown. (A slider for b itself would need
  // b from -1000 to 1000 for the steep steps: a pixel of it would move the step out of sight.)
  function stepDemo(root) {
    const controls = el("div", { class: "nnadl-controls" }, root);
    // w on a log scale, 1 to 1000.
    const wInput = slider(controls, {
      label: "weight <i>w</i>", min: 0, max: 3, step: 0.01, value: 1, show: (t) => fmt(Math.pow(10, t), 1),
    });
    const sInput = slider(controls, {
      label: "step position <i>s</i>", min: 0, max: 1, step: 0.001, value: 0.4, show: (v) => fmt(v, 3),
    });
    sInput.dataset.role = "step-position";
    const bRow = el("div", { class: "nnadl-control" }, controls);
    el("span", { class: "nnadl-derived-label" }, bRow).innerHTML = "bias <i>b</i> = −<i>w</i><i>s</i>";
    const bOut = el("output", { "data-role": "b" }, bRow);
    const hint = el("p", { class: "nnadl-hint" }, root);
    hint.textContent = "Click or drag on the plot to put the step where you point.";
    const readout = el("p", { class: "nnadl-readout", "aria-live": "polite" }, root);
    const plot = makePlot(root, {
      ymin: 0, ymax: 1, yticks: [0, 0.5, 1], title: "output σ(wx + b) of the neuron",
      label: "The neuron's output against its input x; click or drag to move the step",
    });
    plot.svg.classList.add("nnadl-pointable");
    const curve = plot.curve("output-curve", "nnadl-main");
    const at = plot.vline("step-position", "nnadl-step-line");
    function update() {
      const w = Math.pow(10, Number(wInput.value));
      const s = Number(sInput.value);
      const b = -w * s;
      bOut.textContent = fmt(b, 1);
      bOut.dataset.value = String(b);
      plot.draw(curve, (x) => sigmoid(w * x + b));
      at(s);
      readout.innerHTML = `step position <i>s</i> = −<i>b</i>/<i>w</i> = <output data-role="s">${fmt(s, 3)}</output>` +
        `; the output rises from 0.02 to 0.98 over a width 8/<i>w</i> = ${fmt(8 / w, 3)}`;
    }
    // Pointing: the step goes to the x under the pointer, and follows it while the button is held.
    function pointAt(event) {
      const x = Math.min(Math.max(plot.xAt(event.clientX, event.clientY), 0), 1);
      sInput.value = String(x);
      sInput.dispatchEvent(new Event("input", { bubbles: true }));
    }
    plot.svg.addEventListener("pointerdown", (event) => {
      plot.svg.setPointerCapture(event.pointerId);
      pointAt(event);
    });
    plot.svg.addEventListener("pointermove", (event) => {
      if (plot.svg.hasPointerCapture(event.pointerId)) pointAt(event);
    });
    wInput.addEventListener("input", update);
    sInput.addEventListener("input", update);
    update();
  }

  // -- demo 2: a bump from two neurons ---------------------------------------------------

  function bumpDemo(root) {
    const controls = el("div", { class: "nnadl-controls" }, root);
    const s1Input = slider(controls, {
      label: "first step <i>s</i><sub>1</sub>", min: 0, max: 1, step: 0.01, value: 0.4, show: (v) => fmt(v, 2),
    });
    const s2Input = slider(controls, {
      label: "second step <i>s</i><sub>2</sub>", min: 0, max: 1, step: 0.01, value: 0.6, show: (v) => fmt(v, 2),
    });
    const hInput = slider(controls, {
      label: "height <i>h</i>", min: -1, max: 1, step: 0.01, value: 0.8, show: (v) => fmt(v, 2),
    });
    const wInput = slider(controls, {
      label: "weight <i>w</i>", min: 0, max: 3, step: 0.01, value: 3, show: (t) => fmt(Math.pow(10, t), 1),
    });
    const readout = el("p", { class: "nnadl-readout", "aria-live": "polite" }, root);
    const plot = makePlot(root, {
      ymin: -1.1, ymax: 1.1, yticks: [-1, -0.5, 0, 0.5, 1], title: "weighted output of the hidden layer",
      label: "The two hidden neurons' weighted outputs and their sum, the bump",
    });
    const first = plot.curve("first-step", "nnadl-part");
    const second = plot.curve("second-step", "nnadl-part nnadl-part-2");
    const sum = plot.curve("output-curve", "nnadl-main");
    plot.legend([["nnadl-part", "h σ(w(x − s₁))"], ["nnadl-part nnadl-part-2", "−h σ(w(x − s₂))"], ["nnadl-main", "sum: the bump"]]);
    function update() {
      const s1 = Number(s1Input.value), s2 = Number(s2Input.value), h = Number(hInput.value);
      const w = Math.pow(10, Number(wInput.value));
      plot.draw(first, (x) => h * stepNeuron(x, s1, w));
      plot.draw(second, (x) => -h * stepNeuron(x, s2, w));
      plot.draw(sum, (x) => h * stepNeuron(x, s1, w) - h * stepNeuron(x, s2, w));
      readout.innerHTML = `hidden neuron 1: <i>w</i> = ${fmt(w, 1)}, <i>b</i> = −<i>w s</i><sub>1</sub> = ${fmt(-w * s1, 1)}, ` +
        `output weight +<i>h</i> = ${fmt(h, 2)}; hidden neuron 2: <i>b</i> = ${fmt(-w * s2, 1)}, output weight −<i>h</i> = ${fmt(-h, 2)}` +
        (s2 < s1 ? ". With s₂ < s₁ the bump is upside down." : "");
    }
    for (const input of [s1Input, s2Input, hInput, wInput]) input.addEventListener("input", update);
    update();
  }

  // -- demo 3: N bumps approximating f ---------------------------------------------------

  function approximationDemo(root) {
    const top = el("div", { class: "nnadl-controls" }, root);
    const nId = `nnadl-input-${++uid}`;
    const nRow = el("div", { class: "nnadl-control" }, top);
    el("label", { for: nId, text: "number of bumps N" }, nRow);
    const nSelect = el("select", { id: nId, "data-role": "n-bumps" }, nRow);
    for (const n of [5, 10]) el("option", { value: n, text: String(n) }, nSelect);
    const buttons = el("div", { class: "nnadl-buttons" }, top);
    const reset = el("button", { type: "button", class: "md-button", text: "heights σ⁻¹(f(mⱼ))" }, buttons);
    const zero = el("button", { type: "button", class: "md-button", text: "all heights 0" }, buttons);
    const readout = el("p", { class: "nnadl-readout", "aria-live": "polite" }, root);
    const sliders = el("div", { class: "nnadl-controls nnadl-heights" }, root);
    const plots = el("div", { class: "nnadl-plots" }, root);
    const inner = makePlot(plots, {
      ymin: -3, ymax: 3, yticks: [-3, -2, -1, 0, 1, 2, 3], title: "weighted output Σ hⱼ bumpⱼ(x) and σ⁻¹(f(x))",
      label: "The hidden layer's weighted output against the inverse sigmoid of f",
    });
    const target = inner.curve("target-inverse", "nnadl-target");
    const weighted = inner.curve("weighted-curve", "nnadl-main");
    inner.legend([["nnadl-target", "σ⁻¹(f(x))"], ["nnadl-main", "Σ hⱼ bumpⱼ(x)"]]);
    const outer = makePlot(plots, {
      ymin: 0, ymax: 1, yticks: [0, 0.25, 0.5, 0.75, 1], title: "network output σ(Σ hⱼ bumpⱼ(x)) and f(x)",
      label: "The network's output against f",
    });
    const goal = outer.curve("target", "nnadl-target");
    const output = outer.curve("output-curve", "nnadl-main");
    const worstAt = outer.marker("worst");
    outer.legend([["nnadl-target", "f(x)"], ["nnadl-main", "network output"]]);

    inner.draw(target, (x) => sigmoidInverse(bookFunction(x)));
    outer.draw(goal, bookFunction);

    let edges, mids, heights, inputs, w;

    function update() {
      const z = (x) => bumpSum(x, edges, heights, w);
      inner.draw(weighted, z);
      outer.draw(output, (x) => sigmoid(z(x)));
      const err = maxError(edges, heights, w);
      worstAt(err.at, sigmoid(z(err.at)));
      readout.innerHTML = `maximum error max<sub><i>x</i></sub> |σ(Σ hⱼ bumpⱼ(x)) − f(x)| = ` +
        `<output data-role="max-error" data-value="${err.value}">${err.value.toFixed(4)}</output> ` +
        `at <i>x</i> = ${err.at.toFixed(4)} (on 10,001 points of [0, 1]; ${2 * heights.length} hidden neurons, ` +
        `<i>w</i> = ${w})`;
    }

    function setHeights(values) {
      inputs.forEach((input, j) => {
        input.value = values[j];
        input.dispatchEvent(new Event("input"));
      });
    }

    function build(n) {
      ({ edges, mids } = bumpEdges(n));
      w = STEEPNESS * n;
      heights = mids.map((m) => sigmoidInverse(bookFunction(m)));
      sliders.replaceChildren();
      inputs = heights.map((h, j) => {
        const input = slider(sliders, {
          label: `<i>h</i><sub>${j + 1}</sub>`, min: -3, max: 3, step: 0.01, value: h, show: (v) => fmt(v, 2),
        });
        input.setAttribute("aria-label", `height h${j + 1} of bump ${j + 1}, at x = ${fmt(mids[j], 2)}, in sigma-inverse space`);
        input.setAttribute("data-role", "height");
        // The slider's value is rounded to its step; the height starts exact (sigma^-1(f(m_j)))
        // and follows the slider once the reader moves it.
        input.addEventListener("input", () => {
          heights[j] = Number(input.value);
          update();
        });
        return input;
      });
      update();
    }

    nSelect.addEventListener("change", () => build(Number(nSelect.value)));
    reset.addEventListener("click", () => build(Number(nSelect.value)));
    zero.addEventListener("click", () => setHeights(heights.map(() => 0)));
    build(5);
  }

  const DEMOS = { step: stepDemo, bump: bumpDemo, approximation: approximationDemo };

  Object.assign((window.nnadlDemos = window.nnadlDemos || {}), DEMOS);  // drawn by demos.js
})();
