// The network diagram: input features as toggles, hidden neurons with a heatmap thumbnail of what
// each computes, output units, and links coloured and sized by weight (hover shows, click edits).
// Links are drawn on one canvas (thousands of SVG paths restyled 10×/s cost more than the whole
// frame) and found under the pointer by evaluating their curves.

import { classColor, cssColor } from "./colors.js";
import { formatNumber } from "./format.js";
import { optionLabel, t } from "./i18n.js";
import { paintFunction, paintNeuronLayer } from "./heatmap.js";
import { sizeBox, smallButton } from "./layer-controls.js";
import { LinkPainter } from "./link-painter.js";
import { curveY, findLink, measureLinks } from "./links.js";

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

/** The colour scale's centre for the outputs of activation `name` (the middle of its range). */
export function activationCentre(name) {
  return MIDPOINTS[name] ?? 0;
}

export class NetworkView {
  /**
   * root: the element to build into. handlers: {toggleFeature(name), changeNeurons(layer, delta),
   * setNeurons(layer, text, box) (a size typed into the layer's number box),
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
   * activationOptions: [names], outputs: n, limits: {maxLayers, maxNeurons}, pictures: bool}.
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
    this.root.classList.toggle("no-pictures", st.pictures === false); // plain nodes, no empty boxes
    this.canvas = document.createElement("canvas");
    this.canvas.className = "links";
    this.root.append(this.canvas, this.tooltip);
    this.linkPainter?.close();
    this.linkPainter = new LinkPainter(this.canvas);
    const columns = document.createElement("div");
    columns.className = "columns";
    this.root.append(columns);

    // Inputs.
    const inputCol = column(t("net.features"), "inputs");
    this.inputNodes = [];
    for (const name of st.features) {
      const on = st.inputs.includes(name);
      const node = document.createElement("button");
      node.type = "button";
      node.className = `node input${on ? " on" : ""}`;
      node.setAttribute("aria-pressed", String(on));
      node.title = t(on ? "net.featureOn" : "net.featureOff", { name: st.labels?.[name] ?? name });
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
      const col = column(t("net.layer", { layer: l + 1 }), "hidden");
      const tools = document.createElement("div");
      tools.className = "layer-tools";
      tools.append(
        smallButton("+", t("net.addNeuron", { layer: l + 1 }), () => this.handlers.changeNeurons(l, +1),
          size >= st.limits.maxNeurons),
        smallButton("−", t("net.removeNeuron", { layer: l + 1 }),
          () => this.handlers.changeNeurons(l, -1), size <= 1),
      );
      col.head.append(tools, sizeBox(l, size, st.limits.maxNeurons, this.handlers.setNeurons));
      if (st.activationOptions.length) {
        const select = document.createElement("select");
        select.className = "layer-activation";
        select.setAttribute("aria-label", t("net.layerActivation", { layer: l + 1 }));
        for (const name of st.activationOptions) select.append(new Option(optionLabel("activations", name), name));
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
        node.title = t("net.neuronTip", { layer: l + 1, unit: j + 1 });
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
    const outCol = column(t("net.outputColumn"), "outputs");
    this.outputNodes = [];
    for (let j = 0; j < st.outputs; j++) {
      const node = document.createElement("button");
      node.type = "button";
      node.className = "node output";
      node.style.background = cssColor(classColor(st.outputs === 1 ? 1 : j));
      const unit = st.outputs === 1 ? t("net.outputUnit") : t("net.outputUnitFor", { k: j });
      node.title = t("net.outputTip", { unit });
      node.addEventListener("click", (e) => this.editBias(st.layers.length, j, e));
      outCol.body.append(node);
      this.outputNodes.push(node);
    }
    columns.append(outCol.el);

    requestAnimationFrame(() => this.layoutLinks());
  }

  /** Work out where every link runs, then paint them. */
  layoutLinks() {
    if (!this.canvas || !this.structure) return;
    const columns = [this.inputNodes, ...this.hiddenNodes, this.outputNodes];
    const { links, size } = measureLinks(this.root, this.canvas, columns);
    this.links = links;
    this.linkPainter.layout(links, size);
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

  /** Stroke every link, coloured and sized by its weight (in a worker where the browser can). */
  paintLinks() {
    this.linkPainter?.paint(this.weights);
  }

  /** The link under the pointer (within a few pixels) as {l, r, c, w}, or null. */
  linkAt(event) {
    const box = this.canvas.getBoundingClientRect();
    return findLink(this.links, this.weights, event.clientX - box.left, event.clientY - box.top);
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
    // From the keyboard (no pointer position), open the editor under the node.
    const box = event.detail === 0 ? event.currentTarget.getBoundingClientRect() : null;
    const [x, y] = box ? [box.left, box.bottom] : [event.clientX, event.clientY];
    this.handlers.editWeight(layer, row, null, b ?? 0, x, y);
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
    this.tooltip.textContent = t("net.linkTip", { w: hit.w === undefined ? "?" : formatNumber(hit.w) });
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
    return activationCentre(this.structure?.activations?.[l]);
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
      label.textContent = f ? t("net.dead", { percent: Math.round(f * 100) }) : "";
    });
  }
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
