// The output plot's legend: what its colours mean. Two classes or a regression: a colour bar with
// round ticks (the probability of class 1, or the value), two classes also naming the class at each
// end; several classes: one swatch per class with its marker; and one line on what the shade means.

import { classColor, classMarker, cssColor, diverging } from "./colors.js";
import { t } from "./i18n.js";
import { formatTick, niceTicks } from "./linechart.js";
import { drawMarker } from "./points.js";

/** Every sentence the legend shows, in one place. */
const WORDS = {
  className: (k) => t("legend.class", { k }),
  get probability() {
    return t("legend.probability");
  },
  get value() {
    return t("legend.value");
  },
  get confident() {
    return t("legend.confident");
  },
  get discrete() {
    return t("legend.discrete");
  },
  get regression() {
    return t("legend.regression");
  },
  neuron: (name) => t("legend.neuron", { name }),
  bar: (from, to) => t("legend.bar", { from, to }),
};

/** Pixels of the bar's canvas along its length. */
const BAR_STEPS = 200;
/** Size (CSS pixels) of a swatch's marker canvas. */
const SWATCH = 14;

export class PlotLegend {
  /** root: the legend's element; strength: how far the plot's shading goes towards full colour. */
  constructor(root, strength) {
    this.root = root;
    this.strength = strength;
    this.key = "";
  }

  /**
   * kind: "binary" | "multiclass" | "multilabel" | "regression"; classes: how many; discrete: the
   * plot shows the predicted class only; span: the regression scale's half width; preview: the name
   * of the hidden unit shown instead of the output, or null.
   */
  update({ kind, classes = 2, discrete = false, span = 1, preview = null }) {
    const key = JSON.stringify([kind, classes, discrete, span, preview, document.documentElement.lang]);
    if (key === this.key) return;
    this.key = key;
    this.root.replaceChildren();
    if (preview) {
      this.root.append(note(WORDS.neuron(preview)));
      return;
    }
    if (kind === "regression") {
      this.root.append(this.scale(-span, span, WORDS.value, discrete), note(WORDS.regression));
    } else if (kind === "binary") {
      this.root.append(this.scale(0, 1, WORDS.probability, discrete, true));
      this.root.append(note(discrete ? WORDS.discrete : WORDS.confident));
    } else {
      const list = document.createElement("div");
      list.className = "legend-classes";
      for (let k = 0; k < classes; k++) list.append(swatch(k, "legend-class"));
      this.root.append(list, note(discrete ? WORDS.discrete : WORDS.confident));
    }
  }

  /** A colour bar over [lo, hi] with round ticks; `ends`: name class 0 and class 1 at its ends. */
  scale(lo, hi, title, discrete, ends = false) {
    const row = document.createElement("div");
    row.className = "legend-scale";
    const middle = document.createElement("div");
    middle.className = "legend-middle";
    const bar = this.bar(discrete);
    const from = formatTick(lo, hi - lo);
    const to = formatTick(hi, hi - lo);
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", WORDS.bar(from, to));
    const ticks = document.createElement("div");
    ticks.className = "legend-ticks";
    const { values, step } = niceTicks(lo, hi, 5);
    for (const v of values.filter((x) => x >= lo - step * 1e-6 && x <= hi + step * 1e-6)) {
      const label = document.createElement("span");
      label.textContent = formatTick(v, step);
      label.style.left = `${((v - lo) / (hi - lo)) * 100}%`;
      ticks.append(label);
    }
    const caption = document.createElement("div");
    caption.className = "legend-title";
    caption.textContent = title;
    middle.append(bar, ticks, caption);
    if (ends) row.append(swatch(0, "legend-end"), middle, swatch(1, "legend-end"));
    else row.append(middle);
    return row;
  }

  /** The shading of the plot from its lowest value (left) to its highest (right). */
  bar(discrete) {
    const canvas = document.createElement("canvas");
    canvas.className = "legend-bar";
    canvas.setAttribute("aria-hidden", "true"); // the tick labels beside it say what it shows
    canvas.width = BAR_STEPS;
    canvas.height = 1;
    const ctx = canvas.getContext("2d");
    for (let x = 0; x < BAR_STEPS; x++) {
      let u = ((x + 0.5) / BAR_STEPS) * 2 - 1;
      if (discrete) u = Math.sign(u);
      ctx.fillStyle = cssColor(diverging(u * this.strength));
      ctx.fillRect(x, 0, 1, 1);
    }
    return canvas;
  }
}

/** One class: its marker in its colour, and its name. */
function swatch(k, className) {
  const item = document.createElement("span");
  item.className = className;
  const dpr = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = Math.round(SWATCH * dpr);
  canvas.setAttribute("aria-hidden", "true");
  const size = SWATCH * dpr;
  const colour = cssColor(classColor(k));
  drawMarker(canvas.getContext("2d"), classMarker(k), size / 2, size / 2, size * 0.36, colour);
  const name = document.createElement("span");
  name.textContent = WORDS.className(k);
  item.append(canvas, name);
  return item;
}

function note(text) {
  const p = document.createElement("p");
  p.className = "legend-note";
  p.textContent = text;
  return p;
}
