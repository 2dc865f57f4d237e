// Chapter 3's opening demo: one sigmoid neuron with one input, x = 1, taught by gradient descent
// to output y = 0, with the quadratic or the cross-entropy cost. Plain JavaScript and SVG,
// nothing loaded from elsewhere.
//
// The arithmetic is nnadl's, step for step, so the numbers shown are the numbers that
// `Network([1, 1], cost)` trained with `SGD((x, y), epochs, 1, eta)` computes
// (tests/test_demo_learning_slowdown.py checks this in a browser):
//   sigmoid, sigmoidPrime - nnadl.activations.sigmoid, sigmoid_prime (the overflow-free forms)
//   delta                 - QuadraticCost.delta: (a - y) sigma'(z); CrossEntropyCost.delta: a - y
//   cost                  - QuadraticCost.fn: (a - y)^2 / 2;
//                           CrossEntropyCost.fn: -[y ln a + (1 - y) ln(1 - a)], logs clipped below
//                           at the smallest positive float, as nnadl's _log
//   one epoch             - one step on the one example (BP3, BP4): w -= eta delta x, b -= eta delta
//
// A demo is any element <div class="nnadl-demo" data-demo="learning-slowdown">. Material's
// instant navigation swaps the page content without reloading scripts, so the demo is set up
// from document$ (every page load and every navigation).

(function () {
  "use strict";

  const X = 1;
  const Y = 0;
  const TINY = 2.2250738585072014e-308; // np.finfo(float).tiny, where nnadl's _log clips
  const ETAS = [0.005, 0.015, 0.05, 0.15, 0.5, 1.5, 5];
  const PRESETS = [
    { text: "start w = 0.6, b = 0.9", w: 0.6, b: 0.9 },
    { text: "start w = 2, b = 2 (saturated)", w: 2, b: 2 },
  ];

  // -- nnadl's math ------------------------------------------------------------------

  function sigmoid(z) {
    return Math.exp(Math.min(z, 0)) / (Math.exp(-Math.abs(z)) + 1);
  }

  function sigmoidPrime(z) {
    const e = Math.exp(-Math.abs(z));
    const d = e + 1;
    return e / (d * d);
  }

  const log = (a) => Math.log(Math.max(a, TINY));

  const COSTS = {
    quadratic: {
      label: "quadratic cost",
      fn: (a, y) => 0.5 * (a - y) * (a - y),
      delta: (z, a, y) => (a - y) * sigmoidPrime(z),
    },
    "cross-entropy": {
      label: "cross-entropy cost",
      fn: (a, y) => -(y * log(a) + (1 - y) * log(1 - a)),
      delta: (z, a, y) => a - y,
    },
  };

  // The state before training and after every epoch: w, b, the output a and the cost C.
  function train(costName, w, b, eta, epochs) {
    const cost = COSTS[costName];
    const states = [];
    const record = () => {
      const a = sigmoid(w * X + b);
      states.push({ w, b, a, c: cost.fn(a, Y) });
    };
    record();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const z = w * X + b;
      const delta = cost.delta(z, sigmoid(z), Y);
      w -= eta * (delta * X);
      b -= eta * delta;
      record();
    }
    return states;
  }

  // -- drawing -----------------------------------------------------------------------

  // An element or (with "svg:") an SVG element: demos.js, loaded after this file, defines it.
  const el = (tag, attrs, parent) => window.nnadlDemos.el(tag, attrs, parent);

  // A plot of values against the epoch, 0 to n; y from 0 to ymax (rescaled on every draw).
  function makePlot(parent, { title, label, role }) {
    const W = 360, H = 220, L = 44, R = 10, T = 22, B = 28;
    const svg = el("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "nnadl-plot", role: "img", "aria-label": label }, parent);
    el("svg:text", { x: L, y: 14, class: "nnadl-title", text: title }, svg);
    const axes = el("svg:g", {}, svg);
    const path = el("svg:path", { "data-role": role, class: "nnadl-curve nnadl-main" }, svg);
    const dot = el("svg:circle", { "data-role": `${role}-now`, r: 3.5, class: "nnadl-marker" }, svg);
    let sx, sy;
    return {
      draw(values, n, ymax) {
        sx = (e) => L + (n ? e / n : 0) * (W - L - R);
        sy = (v) => T + (1 - Math.min(Math.max(v / ymax, -0.05), 1.05)) * (H - T - B);
        axes.replaceChildren();
        for (const f of [0, 0.5, 1]) {
          const v = f * ymax;
          el("svg:line", { x1: sx(0), x2: W - R, y1: sy(v), y2: sy(v), class: f ? "nnadl-grid" : "nnadl-axis" }, axes);
          el("svg:text", { x: L - 5, y: sy(v) + 3, class: "nnadl-tick", "text-anchor": "end", text: String(Number(v.toPrecision(3))) }, axes);
        }
        for (const f of [0, 0.25, 0.5, 0.75, 1]) {
          const e = Math.round(f * n);
          el("svg:line", { x1: sx(e), x2: sx(e), y1: sy(0), y2: sy(ymax), class: "nnadl-grid" }, axes);
          el("svg:text", { x: sx(e), y: H - B + 13, class: "nnadl-tick", "text-anchor": "middle", text: String(e) }, axes);
        }
        el("svg:text", { x: W - R, y: H - 3, class: "nnadl-tick", "text-anchor": "end", text: "epoch" }, axes);
        this.upTo(values, values.length - 1);
      },
      upTo(values, k) {
        // Thin the path to at most ~600 points; always include epoch k itself.
        const stride = Math.max(1, Math.ceil(values.length / 600));
        const pts = [];
        for (let e = 0; e <= k; e += stride) pts.push(e);
        if (pts[pts.length - 1] !== k) pts.push(k);
        path.setAttribute("d", pts.map((e, i) => `${i ? "L" : "M"}${sx(e).toFixed(2)} ${sy(values[e]).toFixed(2)}`).join(""));
        dot.setAttribute("cx", sx(k));
        dot.setAttribute("cy", sy(values[k]));
      },
    };
  }

  let uid = 0;

  function control(parent, labelHtml, input) {
    const id = `nnadl-ls-input-${++uid}`;
    const row = el("div", { class: "nnadl-control" }, parent);
    const lab = el("label", { for: id }, row);
    lab.innerHTML = labelHtml;
    input.id = id;
    row.appendChild(input);
    const out = el("output", { for: id }, row);
    return out;
  }

  const fmt = (v, digits) => (Math.abs(v) < 0.5 * Math.pow(10, -digits) ? 0 : v).toFixed(digits);
  // Full precision for the tests, in data-value; rounded for the reader.
  const shown = (role, v, digits) => `<output data-role="${role}" data-value="${v}">${fmt(v, digits)}</output>`;

  function learningSlowdownDemo(root) {
    const controls = el("div", { class: "nnadl-controls" }, root);

    const costSelect = el("select", { "data-role": "cost" });
    for (const [name, c] of Object.entries(COSTS)) el("option", { value: name, text: c.label }, costSelect);
    control(controls, "cost", costSelect).remove();

    const wInput = el("input", { type: "range", min: -4, max: 4, step: 0.01, value: 2, "data-role": "w0" });
    const wOut = control(controls, "start weight <i>w</i>", wInput);
    const bInput = el("input", { type: "range", min: -4, max: 4, step: 0.01, value: 2, "data-role": "b0" });
    const bOut = control(controls, "start bias <i>b</i>", bInput);

    const etaSelect = el("select", { "data-role": "eta" });
    for (const eta of ETAS) el("option", { value: eta, text: String(eta) }, etaSelect);
    etaSelect.value = "0.15";
    control(controls, "learning rate <i>η</i>", etaSelect).remove();

    const epochsInput = el("input", { type: "range", min: 0, max: 1000, step: 10, value: 300, "data-role": "epochs" });
    const epochsOut = control(controls, "epochs", epochsInput);

    const buttons = el("div", { class: "nnadl-buttons" }, root);
    const run = el("button", { type: "button", class: "md-button md-button--primary", "data-role": "run", text: "Run" }, buttons);
    for (const p of PRESETS) {
      const button = el("button", { type: "button", class: "md-button", text: p.text }, buttons);
      button.addEventListener("click", () => {
        wInput.value = p.w;
        bInput.value = p.b;
        update();
      });
    }

    const start = el("p", { class: "nnadl-readout", "aria-live": "polite" }, root);
    const now = el("p", { class: "nnadl-readout", "data-role": "now", "aria-live": "polite" }, root);
    const result = el("p", { class: "nnadl-readout", "aria-live": "polite" }, root);
    const plots = el("div", { class: "nnadl-plots" }, root);
    const costPlot = makePlot(plots, { title: "cost C against the epoch", label: "The cost of the neuron's output against the epoch", role: "cost-curve" });
    const outPlot = makePlot(plots, { title: "output a = σ(w + b) against the epoch", label: "The neuron's output against the epoch", role: "output-curve" });

    let states = [];
    let costs = [];
    let outputs = [];
    let frame = null;

    function showEpoch(k) {
      const s = states[k];
      now.dataset.epoch = String(k);
      now.innerHTML = `epoch <output data-role="epoch">${k}</output>: <i>w</i> = ${fmt(s.w, 3)}, ` +
        `<i>b</i> = ${fmt(s.b, 3)}, output <i>a</i> = ${fmt(s.a, 3)}, cost <i>C</i> = ${fmt(s.c, 4)}`;
      costPlot.upTo(costs, k);
      outPlot.upTo(outputs, k);
    }

    function stop() {
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
    }

    function update() {
      stop();
      const costName = costSelect.value;
      const w0 = Number(wInput.value), b0 = Number(bInput.value);
      const eta = Number(etaSelect.value), epochs = Number(epochsInput.value);
      wOut.textContent = fmt(w0, 2);
      bOut.textContent = fmt(b0, 2);
      epochsOut.textContent = String(epochs);
      states = train(costName, w0, b0, eta, epochs);
      costs = states.map((s) => s.c);
      outputs = states.map((s) => s.a);
      const z0 = w0 * X + b0;
      const first = states[0];
      const last = states[epochs];
      start.innerHTML = `before training: output <i>a</i> = ${fmt(first.a, 3)}, cost <i>C</i> = ${fmt(first.c, 4)}, ` +
        `∂<i>C</i>/∂<i>b</i> = δ = ${shown("initial-gradient", COSTS[costName].delta(z0, first.a, Y), 4)}` +
        (costName === "quadratic" ? " = (<i>a</i> − <i>y</i>) σ′(<i>z</i>)" : " = <i>a</i> − <i>y</i>");
      result.innerHTML = `after ${epochs} epochs of <i>η</i> = ${eta}: <i>w</i> = ${shown("w", last.w, 4)}, ` +
        `<i>b</i> = ${shown("b", last.b, 4)}, output <i>a</i> = ${shown("output", last.a, 4)}, ` +
        `cost <i>C</i> = ${shown("cost-value", last.c, 4)}`;
      const top = Math.max(...costs.filter(Number.isFinite), 1e-12) * 1.05;
      costPlot.draw(costs, epochs, top);
      outPlot.draw(outputs, epochs, 1);
      showEpoch(epochs);
    }

    // Replay the training epoch by epoch, about two seconds whatever the number of epochs.
    function animate() {
      stop();
      const n = states.length - 1;
      const t0 = performance.now();
      const tick = (t) => {
        // A frame's timestamp can precede t0 (it is when the frame began): clamp to epoch 0.
        const k = Math.max(0, Math.min(n, Math.floor(((t - t0) / 2000) * n)));
        showEpoch(k);
        frame = k < n ? requestAnimationFrame(tick) : null;
      };
      showEpoch(0);
      frame = n > 0 ? requestAnimationFrame(tick) : null;
    }

    for (const input of [costSelect, wInput, bInput, etaSelect, epochsInput]) {
      input.addEventListener(input.tagName === "SELECT" ? "change" : "input", update);
    }
    run.addEventListener("click", animate);
    update();
  }

  (window.nnadlDemos = window.nnadlDemos || {})["learning-slowdown"] = learningSlowdownDemo;  // drawn by demos.js
})();
