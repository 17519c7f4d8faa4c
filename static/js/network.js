// The network diagram: input features as toggles, hidden neurons with a heatmap thumbnail of what
// each computes, output units, and links coloured and sized by weight (hover shows, click edits).
// Links are drawn on one canvas (thousands of SVG paths restyled 10×/s cost more than the whole
// frame) and found under the pointer by evaluating their curves.

import { classColor, cssColor, diverging } from "./colors.js";
import { paintFunction, paintNeuronLayer } from "./heatmap.js";

/** Links are redrawn at most this often (ms) while frames stream: enough to watch, cheap to draw. */
const LINK_INTERVAL_MS = 100;
/** Activations whose output range is not centred on zero, with the value their thumbnails show white. */
const MIDPOINTS = { sigmoid: 0.5, step: 0.5 };

/** Thumbnails of the input features the page knows how to draw; others show their name only. */
const FEATURE_PICTURES = {
  x1: (a) => a,
  x2: (_, b) => b,
  "x1^2": (a) => a * a,
  "x2^2": (_, b) => b * b,
  "x1*x2": (a, b) => a * b,
  "sin(x1)": (a) => Math.sin(a),
  "sin(x2)": (_, b) => Math.sin(b),
};

export class NetworkView {
  /**
   * root: the element to build into. handlers: {toggleFeature(name), changeNeurons(layer, delta),
   * layerActivation(layer, name), editWeight(layer, row, col, value, x, y),
   * previewNeuron(layer, unit) (null, null when the pointer leaves)}.
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.key = "";
    this.weights = null;
    this.neuronCanvases = [];
    this.links = [];
    this.tooltip = document.createElement("div");
    this.tooltip.className = "link-tooltip";
    this.tooltip.hidden = true;
    this.root.classList.add("network");
    // The node columns lie above the links' canvas, so pointer events are read on the root.
    const onLink = (e) => !e.target.closest(".node, button, select, .column-head");
    this.root.addEventListener("mousemove", (e) => (onLink(e) ? this.hover(e) : this.hideTooltip()));
    this.root.addEventListener("mouseleave", () => this.hideTooltip());
    this.root.addEventListener("click", (e) => {
      if (onLink(e)) this.click(e);
    });
    new ResizeObserver(() => this.layoutLinks()).observe(root);
  }

  /**
   * structure: {features: [all names], inputs: [active names], layers: [sizes], activations: [names],
   * activationOptions: [names], outputs: n, limits: {maxLayers, maxNeurons}}.
   */
  update(structure) {
    const key = JSON.stringify(structure);
    if (key === this.key) return;
    this.key = key;
    this.structure = structure;
    this.build();
  }

  build() {
    const st = this.structure;
    this.root.replaceChildren();
    this.root.classList.toggle("dense", Math.max(0, ...st.layers) > 8);
    this.root.classList.toggle("many", st.layers.length > 4);
    this.canvas = document.createElement("canvas");
    this.canvas.className = "links";
    this.root.append(this.canvas, this.tooltip);
    const columns = document.createElement("div");
    columns.className = "columns";
    this.root.append(columns);

    // Inputs.
    const inputCol = column("Features", "inputs");
    this.inputNodes = [];
    for (const name of st.features) {
      const on = st.inputs.includes(name);
      const node = document.createElement("button");
      node.type = "button";
      node.className = `node input${on ? " on" : ""}`;
      node.setAttribute("aria-pressed", String(on));
      node.title = `${on ? "Remove" : "Use"} input feature ${name}`;
      const canvas = document.createElement("canvas");
      if (FEATURE_PICTURES[name]) paintFunction(canvas, FEATURE_PICTURES[name]);
      const label = document.createElement("span");
      label.className = "node-label";
      label.textContent = st.labels?.[name] ?? name;
      node.append(canvas, label);
      node.addEventListener("click", () => this.handlers.toggleFeature(name));
      inputCol.body.append(node);
      if (on) this.inputNodes.push(node);
    }
    columns.append(inputCol.el);

    // Hidden layers.
    this.hiddenNodes = [];
    this.neuronCanvases = [];
    this.deadLabels = [];
    st.layers.forEach((size, l) => {
      const col = column(`Layer ${l + 1}`, "hidden");
      const tools = document.createElement("div");
      tools.className = "layer-tools";
      tools.append(
        smallButton("+", `Add a neuron to layer ${l + 1}`, () => this.handlers.changeNeurons(l, +1),
          size >= st.limits.maxNeurons),
        smallButton("−", `Remove a neuron from layer ${l + 1}`,
          () => this.handlers.changeNeurons(l, -1), size <= 1),
      );
      const count = document.createElement("span");
      count.className = "neuron-count";
      count.textContent = `${size} neuron${size === 1 ? "" : "s"}`;
      col.head.append(tools, count);
      if (st.activationOptions.length) {
        const select = document.createElement("select");
        select.className = "layer-activation";
        select.setAttribute("aria-label", `Activation of layer ${l + 1}`);
        for (const name of st.activationOptions) select.append(new Option(name, name));
        select.value = st.activations[l] ?? st.activationOptions[0];
        select.addEventListener("change", () => this.handlers.layerActivation(l, select.value));
        col.head.append(select);
      }
      const dead = document.createElement("span");
      dead.className = "dead";
      col.head.append(dead);
      this.deadLabels.push(dead);
      const nodes = [];
      const canvases = [];
      for (let j = 0; j < size; j++) {
        const node = document.createElement("button");
        node.type = "button";
        node.className = "node neuron";
        node.title = `Layer ${l + 1}, neuron ${j + 1}: its output over the data box (click: edit its bias)`;
        node.addEventListener("click", (e) => this.editBias(l, j, e));
        node.addEventListener("mouseenter", () => this.handlers.previewNeuron?.(l, j));
        node.addEventListener("mouseleave", () => this.handlers.previewNeuron?.(null, null));
        const canvas = document.createElement("canvas");
        canvas.width = 1;
        canvas.height = 1;
        node.append(canvas);
        col.body.append(node);
        nodes.push(node);
        canvases.push(canvas);
      }
      this.hiddenNodes.push(nodes);
      this.neuronCanvases.push(canvases);
      columns.append(col.el);
    });

    // Outputs.
    const outCol = column("Output", "outputs");
    this.outputNodes = [];
    for (let j = 0; j < st.outputs; j++) {
      const node = document.createElement("button");
      node.type = "button";
      node.className = "node output";
      node.style.background = cssColor(classColor(st.outputs === 1 ? 1 : j));
      const unit = st.outputs === 1 ? "output unit" : `output unit for class ${j}`;
      node.title = `${unit} (click: edit its bias)`;
      node.addEventListener("click", (e) => this.editBias(st.layers.length, j, e));
      outCol.body.append(node);
      this.outputNodes.push(node);
    }
    columns.append(outCol.el);

    requestAnimationFrame(() => this.layoutLinks());
  }

  /** Work out where every link runs: from the right edge of its source node to the left of its target. */
  layoutLinks() {
    if (!this.canvas || !this.structure) return;
    const box = this.root.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    // Measure the content without the canvas itself, which would otherwise keep the old size.
    this.canvas.style.width = "0px";
    this.canvas.style.height = "0px";
    const width = Math.max(1, this.root.scrollWidth);
    const height = Math.max(1, this.root.scrollHeight);
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const origin = [box.left - this.root.scrollLeft, box.top - this.root.scrollTop];
    const edge = (node, side) => {
      const r = node.getBoundingClientRect();
      return [(side > 0 ? r.right : r.left) - origin[0], r.top + r.height / 2 - origin[1]];
    };
    const columns = [this.inputNodes, ...this.hiddenNodes, this.outputNodes];
    this.links = [];
    for (let l = 0; l + 1 < columns.length; l++) {
      columns[l + 1].forEach((target, row) => {
        columns[l].forEach((source, col) => {
          const [x0, y0] = edge(source, +1);
          const [x1, y1] = edge(target, -1);
          this.links.push({ l, row, col, x0, y0, x1, y1 });
        });
      });
    }
    this.paintLinks();
  }

  /** weights: [{W: [[...]], b: [...]}] per weight layer, as in the frame. */
  updateWeights(weights, now = performance.now()) {
    this.weights = weights;
    if (now - (this.linksPaintedAt ?? -Infinity) < LINK_INTERVAL_MS) {
      this.linksPending = true;
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flushLinks(), LINK_INTERVAL_MS);
      return;
    }
    this.repaintLinks(now);
  }

  repaintLinks(now) {
    this.linksPaintedAt = now;
    this.linksPending = false;
    this.paintLinks();
  }

  /** Paint links held back by the rate limit (called when the stream goes quiet). */
  flushLinks() {
    if (this.linksPending) this.repaintLinks(performance.now());
  }

  /** Stroke every link, grouped by (quantised) colour and width so each group is one path. */
  paintLinks() {
    if (!this.canvas) return;
    const ctx = this.canvas.getContext("2d");
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.lineCap = "round";
    const groups = new Map();
    for (const link of this.links) {
      const w = this.weights?.[link.l]?.W?.[link.row]?.[link.col];
      const key = linkStyle(w);
      let path = groups.get(key);
      if (!path) {
        path = new Path2D();
        groups.set(key, path);
      }
      const mx = (link.x0 + link.x1) / 2;
      path.moveTo(link.x0, link.y0);
      path.bezierCurveTo(mx, link.y0, mx, link.y1, link.x1, link.y1);
    }
    // Thin links first, so strong weights are drawn on top.
    const order = [...groups.keys()].sort((a, b) => Number(a.split("|")[1]) - Number(b.split("|")[1]));
    for (const key of order) {
      const [stroke, width] = key.split("|");
      ctx.strokeStyle = stroke;
      ctx.lineWidth = Number(width);
      ctx.stroke(groups.get(key));
    }
  }

  /** The link under the pointer (within a few pixels), or null. */
  linkAt(event) {
    const box = this.canvas.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    let best = null;
    let bestDistance = Infinity;
    for (const link of this.links) {
      if (x < link.x0 || x > link.x1) continue;
      const d = Math.abs(curveY(link, x) - y);
      const w = this.weights?.[link.l]?.W?.[link.row]?.[link.col];
      const reach = Math.max(4, Number(linkStyle(w).split("|")[1]) / 2 + 2);
      if (d <= reach && d < bestDistance) {
        bestDistance = d;
        best = link;
      }
    }
    if (!best) return null;
    return { l: best.l, r: best.row, c: best.col, w: this.weights?.[best.l]?.W?.[best.row]?.[best.col] };
  }

  /** Where on the page link (layer, row, col) passes, a third of the way along: for tests and tours. */
  linkPoint(layer, row, col) {
    const link = this.links.find((k) => k.l === layer && k.row === row && k.col === col);
    if (!link) return null;
    const box = this.canvas.getBoundingClientRect();
    const x = link.x0 + (link.x1 - link.x0) / 3;
    return { x: box.left + x, y: box.top + curveY(link, x) };
  }

  /** Open the editor on the bias of unit `row` of weight layer `layer` (col null means the bias). */
  editBias(layer, row, event) {
    const b = this.weights?.[layer]?.b?.[row];
    this.handlers.editWeight(layer, row, null, b ?? 0, event.clientX, event.clientY);
  }

  hideTooltip() {
    this.tooltip.hidden = true;
    this.root.style.cursor = "";
  }

  hover(event) {
    const hit = this.canvas && this.linkAt(event);
    if (!hit) {
      this.hideTooltip();
      return;
    }
    this.root.style.cursor = "pointer";
    const box = this.root.getBoundingClientRect();
    this.tooltip.hidden = false;
    this.tooltip.textContent = `w = ${hit.w === undefined ? "?" : hit.w.toFixed(4)} (click to edit)`;
    this.tooltip.style.left = `${event.clientX - box.left + 12}px`;
    this.tooltip.style.top = `${event.clientY - box.top + 12}px`;
  }

  click(event) {
    const hit = this.canvas && this.linkAt(event);
    if (!hit) return;
    this.handlers.editWeight(hit.l, hit.r, hit.c, hit.w ?? 0, event.clientX, event.clientY);
  }

  /** The colour scale's centre for layer l's outputs (the middle of its activation's range). */
  centre(l) {
    return MIDPOINTS[this.structure?.activations?.[l]] ?? 0;
  }

  /** neurons: decoded grids, one per hidden layer. */
  updateNeurons(neurons) {
    neurons.forEach((grid, l) => {
      if (this.neuronCanvases[l]) paintNeuronLayer(grid, this.neuronCanvases[l], this.centre(l));
    });
  }

  /** layers: the frame's per-weight-layer stats; shows the share of dead units per hidden layer. */
  updateStats(layers) {
    this.deadLabels.forEach((label, l) => {
      const f = layers?.[l]?.dead_fraction;
      label.textContent = f ? `${Math.round(f * 100)}% dead` : "";
    });
  }
}

/** "colour|width" of a link with weight w: orange negative, blue positive, thicker when larger. */
function linkStyle(w) {
  if (w === undefined || w === null || !Number.isFinite(w)) return "#ccc|0.5";
  const a = Math.min(1, Math.abs(w));
  const level = Math.round((0.35 + 0.65 * a) * 24) / 24;
  const width = (0.6 + Math.min(7, Math.abs(w) * 3)).toFixed(1);
  return `${cssColor(diverging(Math.sign(w) * level))}|${width}`;
}

/** The height of a link's curve at x: its x(t) rises monotonically, so bisect for t, then take y(t). */
function curveY(link, x) {
  const mx = (link.x0 + link.x1) / 2;
  const bez = (t, p0, p1, p2, p3) => {
    const u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (bez(mid, link.x0, mx, mx, link.x1) < x) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return bez(t, link.y0, link.y0, link.y1, link.y1);
}

function column(title, kind) {
  const el = document.createElement("div");
  el.className = `column ${kind}`;
  const head = document.createElement("div");
  head.className = "column-head";
  const h = document.createElement("div");
  h.className = "column-title";
  h.textContent = title;
  head.append(h);
  const body = document.createElement("div");
  body.className = "column-body";
  el.append(head, body);
  return { el, head, body };
}

function smallButton(text, label, onClick, disabled = false) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "small";
  b.textContent = text;
  b.title = label;
  b.setAttribute("aria-label", label);
  b.disabled = disabled;
  b.addEventListener("click", onClick);
  return b;
}
