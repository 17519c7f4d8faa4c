// Draws data points over a plot of the data box: one marker and colour per class (circles and crosses
// for two classes, as in the course figure), regression targets by colour. The split shows in the
// marker's style: training points filled, test points hollow, validation points smaller and dashed.

import { classColor, classMarker, cssColor, diverging } from "./colors.js";

/** Half the side of the data box: x1 and x2 run over [-BOX, BOX] (the server's limits.data_box). */
export let BOX = 6;

export function setDataBox(half) {
  if (Number.isFinite(half) && half > 0) BOX = half;
}

/** The marker style of each split on the output plot (the data panel's legend shows the same). */
export const SPLIT_STYLES = { train: "filled", test: "hollow", val: "dashed" };

/** Validation markers are drawn this much smaller than the others. */
const DASHED_SCALE = 0.8;

/**
 * Draw one marker (`marker`: circle, cross, ...) centred at (x, y) pixels in `colour`.
 * `style`: "filled" (training), "hollow" (test) or "dashed" (validation: smaller, dashed outline).
 */
export function drawMarker(ctx, marker, x, y, size, colour, options = {}) {
  const { hollow = false, edge = "rgba(255,255,255,0.95)" } = options;
  const style = options.style ?? (hollow ? "hollow" : "filled");
  const s = style === "dashed" ? size * DASHED_SCALE : size;
  ctx.setLineDash(style === "dashed" ? [Math.max(1.5, s * 0.4), Math.max(1, s * 0.3)] : []);
  if (marker === "cross" || marker === "plus") {
    drawCross(ctx, marker, x, y, s, colour, style);
  } else {
    ctx.beginPath();
    traceShape(ctx, marker, x, y, s);
    ctx.lineWidth = Math.max(1, s * 0.3);
    if (style === "filled") {
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = edge;
    } else {
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fill();
      ctx.strokeStyle = colour;
      if (style === "hollow") ctx.lineWidth = Math.max(1.5, s * 0.35);
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/** The outline of a filled marker shape as the current path. */
function traceShape(ctx, marker, x, y, s) {
  switch (marker) {
    case "triangle":
      ctx.moveTo(x, y - s);
      ctx.lineTo(x + s * 0.95, y + s * 0.7);
      ctx.lineTo(x - s * 0.95, y + s * 0.7);
      ctx.closePath();
      break;
    case "square":
      ctx.rect(x - s * 0.8, y - s * 0.8, s * 1.6, s * 1.6);
      break;
    case "diamond":
      ctx.moveTo(x, y - s);
      ctx.lineTo(x + s, y);
      ctx.lineTo(x, y + s);
      ctx.lineTo(x - s, y);
      ctx.closePath();
      break;
    case "star":
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? s * 1.1 : s * 0.5;
        const a = (Math.PI / 5) * i - Math.PI / 2;
        ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
      }
      ctx.closePath();
      break;
    default:
      ctx.arc(x, y, s * 0.85, 0, 2 * Math.PI);
  }
}

/** A cross or plus: filled = a solid stroke on a white halo; hollow = a coloured outline around a
 * white middle; dashed = one thin dashed stroke. */
function drawCross(ctx, marker, x, y, s, colour, style) {
  const d = marker === "cross" ? s * 0.8 : s;
  const lw = Math.max(1.5, s * 0.45);
  const strokes =
    style === "hollow"
      ? [
          [lw + 2.4, colour],
          [lw, "rgba(255,255,255,0.95)"],
        ]
      : style === "dashed"
        ? [[Math.max(1.2, lw * 0.6), colour]]
        : [
            [lw + 1.6, "rgba(255,255,255,0.9)"],
            [lw, colour],
          ];
  for (const [width, stroke] of strokes) {
    ctx.lineWidth = width;
    ctx.strokeStyle = stroke;
    strokeCross(ctx, marker, x, y, d);
  }
}

function strokeCross(ctx, marker, x, y, d) {
  ctx.beginPath();
  if (marker === "cross") {
    ctx.moveTo(x - d, y - d);
    ctx.lineTo(x + d, y + d);
    ctx.moveTo(x + d, y - d);
    ctx.lineTo(x - d, y + d);
  } else {
    ctx.moveTo(x - d, y);
    ctx.lineTo(x + d, y);
    ctx.moveTo(x, y - d);
    ctx.lineTo(x, y + d);
  }
  ctx.stroke();
}

/**
 * Draw `sets` ({train: {X, y}, test: {X, y}, ...}) into a canvas whose pixel size is `size`.
 * `regression` colours by target value; otherwise each integer label gets its class marker.
 * `styles` maps a set's name to its marker style (SPLIT_STYLES on the plot); unnamed sets are filled.
 */
export function drawPoints(ctx, size, sets, { regression = false, styles = {}, markerSize = 4 } = {}) {
  let span = 1;
  if (regression) {
    span = 0;
    for (const set of Object.values(sets)) for (const v of set?.y ?? []) span = Math.max(span, Math.abs(v));
  }
  for (const [name, set] of Object.entries(sets)) {
    if (!set?.X) continue;
    const style = styles[name] ?? "filled";
    for (let i = 0; i < set.X.length; i++) {
      const [x1, x2] = set.X[i];
      const label = set.y[i];
      const px = ((x1 + BOX) / (2 * BOX)) * size;
      const py = ((BOX - x2) / (2 * BOX)) * size;
      if (regression) {
        const colour = cssColor(diverging(span ? label / span : 0));
        drawMarker(ctx, "circle", px, py, markerSize, colour, {
          style,
          edge: markerSize >= 3 ? "rgba(60,60,60,0.8)" : colour,
        });
      } else {
        const k = Array.isArray(label) ? label.indexOf(Math.max(...label)) : Math.round(label);
        drawMarker(ctx, classMarker(k), px, py, markerSize, cssColor(classColor(k)), { style });
      }
    }
  }
}

/** The overlay on the output heatmap: training and validation points, optionally test points, and
 * the traced point; each split in its own marker style (SPLIT_STYLES). */
export class PointsLayer {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
  }

  update(points, options = {}) {
    const { showTest = false, regression = false, traced = null } = options;
    this.last = [points, options];
    if (!this.width) {
      this.width = this.canvas.getBoundingClientRect().width;
      new ResizeObserver(([entry]) => {
        this.width = entry.contentRect.width;
        this.update(...this.last);
      }).observe(this.canvas);
    }
    const rect = { width: this.width };
    const dpr = window.devicePixelRatio || 1;
    const size = Math.max(1, Math.round((rect.width || 300) * dpr));
    if (this.canvas.width !== size) {
      this.canvas.width = size;
      this.canvas.height = size;
    }
    const ctx = this.ctx;
    ctx.clearRect(0, 0, size, size);
    if (points) {
      const sets = { train: points.train, val: points.val };
      if (showTest) sets.test = points.test;
      drawPoints(ctx, size, sets, {
        regression,
        styles: SPLIT_STYLES,
        markerSize: Math.max(3, size / 90),
      });
    }
    if (traced) {
      const px = ((traced[0] + BOX) / (2 * BOX)) * size;
      const py = ((BOX - traced[1]) / (2 * BOX)) * size;
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = "#111";
      ctx.beginPath();
      ctx.arc(px, py, 9 * dpr, 0, 2 * Math.PI);
      ctx.moveTo(px - 14 * dpr, py);
      ctx.lineTo(px + 14 * dpr, py);
      ctx.moveTo(px, py - 14 * dpr);
      ctx.lineTo(px, py + 14 * dpr);
      ctx.stroke();
    }
  }
}

/** A small canvas showing one marker of class `k` in the style of `split`, for legends. */
export function splitSwatch(split, k = 0, side = 16) {
  const canvas = document.createElement("canvas");
  canvas.width = side;
  canvas.height = side;
  canvas.setAttribute("aria-hidden", "true"); // the words beside it say which split it shows
  const ctx = canvas.getContext("2d");
  drawMarker(ctx, classMarker(k), side / 2, side / 2, side * 0.36, cssColor(classColor(k)), {
    style: SPLIT_STYLES[split],
  });
  return canvas;
}

/** Pixel position of a pointer event inside an element → data coordinates (x1, x2). */
export function eventToData(event, element) {
  const rect = element.getBoundingClientRect();
  const clamp = (v) => Math.max(-BOX, Math.min(BOX, v));
  const x1 = ((event.clientX - rect.left) / rect.width) * 2 * BOX - BOX;
  const x2 = BOX - ((event.clientY - rect.top) / rect.height) * 2 * BOX;
  return [clamp(x1), clamp(x2)];
}
