// Paints a decoded grid (see api.decodeGrid) as ImageData on a small canvas; CSS scales it up.

import { classColor, divergingTable, pack } from "./colors.js";
import { BOX } from "./points.js";

const WHITE = [250, 250, 250];
/** How far the output heatmap goes towards full colour, so the points on top stay visible. */
export const STRENGTH = 0.62;

/**
 * The output heatmap: probability shading for binary, k blended colours for k classes, the predicted
 * value for regression.
 */
export class HeatMap {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.image = null;
    this.words = null;
  }

  ensureSize(resolution) {
    if (this.canvas.width !== resolution || !this.image) {
      this.canvas.width = resolution;
      this.canvas.height = resolution;
      this.image = this.ctx.createImageData(resolution, resolution);
      this.words = new Uint32Array(this.image.data.buffer);
    }
  }

  /**
   * grid: decoded grid; kind: "binary" | "multiclass" | "multilabel" | "regression";
   * discrete: paint the predicted class (or sign) only; span: for regression, the value painted in
   * the strongest shade (±span; by default the largest |value| of the grid).
   */
  update(grid, { kind = "binary", discrete = false, span = null } = {}) {
    this.ensureSize(grid.resolution);
    this.lastGrid = grid;
    if (grid.channels === 1) this.paintOne(grid, kind, discrete, span);
    else this.paintClasses(grid, discrete);
    this.ctx.putImageData(this.image, 0, 0);
  }

  /** Show one hidden unit (channel j of a layer's grid) over the whole plot, as its thumbnail does. */
  updateNeuron(grid, j, centre = 0) {
    this.ensureSize(grid.resolution);
    const lo = grid.min[j];
    const hi = grid.max[j];
    const table = divergingTable(lo, hi, centre, Math.max(Math.abs(lo - centre), Math.abs(hi - centre)));
    const k = grid.channels;
    const { bytes } = grid;
    const words = this.words;
    for (let i = 0, o = j; i < words.length; i++, o += k) words[i] = table[bytes[o]];
    this.ctx.putImageData(this.image, 0, 0);
  }

  paintOne(grid, kind, discrete, span) {
    const lo = grid.min[0];
    const hi = grid.max[0];
    let table;
    if (kind === "regression") {
      const full = (span > 0 ? span : Math.max(Math.abs(lo), Math.abs(hi))) / STRENGTH;
      table = divergingTable(lo, hi, 0, full, discrete);
    } else {
      table = divergingTable(lo, hi, 0.5, 0.5 / STRENGTH, discrete);
    }
    const { bytes } = grid;
    const words = this.words;
    for (let i = 0; i < words.length; i++) words[i] = table[bytes[i]];
  }

  paintClasses(grid, discrete) {
    const k = grid.channels;
    const values = [];
    for (let j = 0; j < k; j++) {
      const lut = new Float32Array(256);
      for (let v = 0; v < 256; v++) lut[v] = grid.min[j] + (v / 255) * (grid.max[j] - grid.min[j]);
      values.push(lut);
    }
    const colours = Array.from({ length: k }, (_, j) => classColor(j));
    const solid = colours.map((c) => pack(mix(WHITE, c, STRENGTH)));
    const { bytes } = grid;
    const words = this.words;
    const n = words.length;
    for (let i = 0, o = 0; i < n; i++, o += k) {
      let best = 0;
      let bestP = -Infinity;
      let sum = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < k; j++) {
        const p = Math.max(0, values[j][bytes[o + j]]);
        if (p > bestP) {
          bestP = p;
          best = j;
        }
        sum += p;
        r += p * colours[j][0];
        g += p * colours[j][1];
        b += p * colours[j][2];
      }
      if (discrete || sum <= 0) {
        words[i] = solid[best];
        continue;
      }
      // Confidence: 0 when every class is equally likely, 1 when one class has all the mass.
      const confidence = Math.max(0, (bestP / sum - 1 / k) / (1 - 1 / k));
      const a = 0.1 + (STRENGTH - 0.1) * confidence;
      words[i] = pack([
        Math.round(WHITE[0] + (r / sum - WHITE[0]) * a),
        Math.round(WHITE[1] + (g / sum - WHITE[1]) * a),
        Math.round(WHITE[2] + (b / sum - WHITE[2]) * a),
      ]);
    }
  }
}

function mix(from, to, a) {
  return [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * a));
}

/**
 * Paints every neuron of one hidden layer into its own small canvas, each on a diverging scale
 * centred at `centre` (the middle of the activation's range: 0, or 0.5 for sigmoid), orange below and
 * blue above, so a dead ReLU shows as flat white and a saturated unit as flat colour.
 */
export function paintNeuronLayer(grid, canvases, centre = 0) {
  const r = grid.resolution;
  const k = grid.channels;
  const n = r * r;
  for (let j = 0; j < k && j < canvases.length; j++) {
    const canvas = canvases[j];
    if (canvas.width !== r) {
      canvas.width = r;
      canvas.height = r;
      canvas._image = null;
    }
    const ctx = canvas.getContext("2d");
    if (!canvas._image) canvas._image = ctx.createImageData(r, r);
    const words = new Uint32Array(canvas._image.data.buffer);
    const lo = grid.min[j];
    const hi = grid.max[j];
    const table = divergingTable(lo, hi, centre, Math.max(Math.abs(lo - centre), Math.abs(hi - centre)));
    const { bytes } = grid;
    for (let i = 0, o = j; i < n; i++, o += k) words[i] = table[bytes[o]];
    ctx.putImageData(canvas._image, 0, 0);
  }
}

/** Paints a function of (x1, x2) over the data box, e.g. an input feature's thumbnail. */
export function paintFunction(canvas, fn, resolution = 24, box = BOX) {
  canvas.width = resolution;
  canvas.height = resolution;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(resolution, resolution);
  const words = new Uint32Array(image.data.buffer);
  const values = new Float32Array(resolution * resolution);
  let span = 0;
  for (let row = 0; row < resolution; row++) {
    const x2 = box - ((row + 0.5) / resolution) * 2 * box;
    for (let col = 0; col < resolution; col++) {
      const x1 = -box + ((col + 0.5) / resolution) * 2 * box;
      const v = fn(x1, x2);
      values[row * resolution + col] = v;
      span = Math.max(span, Math.abs(v));
    }
  }
  const table = divergingTable(-1, 1, 0, 1);
  for (let i = 0; i < values.length; i++) {
    const t = span > 0 ? values[i] / span : 0;
    words[i] = table[Math.round(((t + 1) / 2) * 255)];
  }
  ctx.putImageData(image, 0, 0);
}
