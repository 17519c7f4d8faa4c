// A small line chart on a canvas: several series over a shared x axis, linear or log y scale, with
// round ticks (1, 2 or 5 × 10^k) that stay distinct even when every value is the same.

import { formatSignificant } from "./format.js";
import { t } from "./i18n.js";

/** About this many y ticks on a linear axis. */
const TICK_COUNT = 4;
/** Half the span given to a flat series whose value is 0 (or tiny). */
const FLAT_EPSILON = 1e-3;

/** series: [{name, color, dash?}]; update(xs, ys) where ys[i] is the array for series i. */
export class LineChart {
  constructor(canvas, { series = [], log = false, yMin = null, yMax = null, xLabel = null } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.series = series;
    this.log = log;
    this.yMin = yMin;
    this.yMax = yMax;
    this.xLabel = xLabel;
  }

  setSeries(series) {
    this.series = series;
  }

  /** The canvas's CSS size, measured once and then kept up to date by a ResizeObserver. */
  cssSize() {
    if (!this.size) {
      const rect = this.canvas.getBoundingClientRect();
      this.size = { width: rect.width, height: rect.height };
      new ResizeObserver(([entry]) => {
        this.size = { width: entry.contentRect.width, height: entry.contentRect.height };
        if (this.last) this.update(...this.last);
      }).observe(this.canvas);
    }
    return this.size;
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const rect = this.cssSize();
    const w = Math.max(1, Math.round((rect.width || 300) * dpr));
    const h = Math.max(1, Math.round((rect.height || 120) * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    return { w, h, dpr };
  }

  update(xs, ys) {
    this.last = [xs, ys];
    const { w, h, dpr } = this.resize();
    const ctx = this.ctx;
    ctx.clearRect(0, 0, w, h);
    const pad = { l: 42 * dpr, r: 8 * dpr, t: 16 * dpr, b: 16 * dpr };
    const tf = this.log ? (v) => (v > 0 ? Math.log10(v) : NaN) : (v) => v;
    let lo = Infinity;
    let hi = -Infinity;
    for (const arr of ys) {
      for (const v of arr ?? []) {
        const t = v === null || v === undefined ? NaN : tf(v);
        if (Number.isFinite(t)) {
          lo = Math.min(lo, t);
          hi = Math.max(hi, t);
        }
      }
    }
    if (this.yMin !== null) lo = tf(this.yMin);
    if (this.yMax !== null) hi = tf(this.yMax);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo < 1e-9) [lo, hi] = this.log ? [lo - 0.5, hi + 0.5] : flatRange(lo);
    let ticks;
    if (this.log) {
      ticks = logTicks(lo, hi).map((t) => ({ value: t, label: formatTick(10 ** t) }));
    } else {
      const nice = niceTicks(lo, hi, TICK_COUNT);
      ticks = nice.values.map((v) => ({ value: v, label: formatTick(v, nice.step) }));
      lo = Math.min(lo, nice.values[0]);
      hi = Math.max(hi, nice.values[nice.values.length - 1]);
    }
    /** The y ticks drawn, as {value, label} (read by the browser tests). */
    this.yTicks = ticks.map((t) => ({ value: this.log ? 10 ** t.value : t.value, label: t.label }));
    const x0 = xs.length ? xs[0] : 0;
    const x1 = xs.length ? xs[xs.length - 1] : 1;
    const xSpan = x1 - x0 || 1;
    const px = (x) => pad.l + ((x - x0) / xSpan) * (w - pad.l - pad.r);
    const py = (t) => pad.t + (1 - (t - lo) / (hi - lo)) * (h - pad.t - pad.b);

    ctx.font = `${10 * dpr}px system-ui, sans-serif`;
    ctx.fillStyle = "#666";
    ctx.strokeStyle = "#ddd";
    ctx.lineWidth = 1;
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    for (const t of ticks) {
      const y = py(t.value);
      ctx.beginPath();
      ctx.moveTo(pad.l, y);
      ctx.lineTo(w - pad.r, y);
      ctx.stroke();
      ctx.fillText(t.label, pad.l - 4 * dpr, y);
    }
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.fillText(`${this.xLabel ?? t("chart.step")} ${x1}`, pad.l, h - 3 * dpr);

    ctx.lineWidth = 1.6 * dpr;
    this.series.forEach((s, i) => {
      const arr = ys[i] ?? [];
      ctx.strokeStyle = s.color;
      ctx.setLineDash(s.dash ? s.dash.map((d) => d * dpr) : []);
      ctx.beginPath();
      let pen = false;
      for (let j = 0; j < xs.length; j++) {
        const v = arr[j];
        const t = v === null || v === undefined ? NaN : tf(v);
        if (!Number.isFinite(t)) {
          pen = false;
          continue;
        }
        const y = py(Math.max(lo, Math.min(hi, t)));
        if (pen) ctx.lineTo(px(xs[j]), y);
        else ctx.moveTo(px(xs[j]), y);
        pen = true;
      }
      ctx.stroke();
    });
    ctx.setLineDash([]);

    // Legend along the top, each name in its series' colour.
    ctx.textBaseline = "top";
    let lx = pad.l;
    for (const s of this.series) {
      ctx.fillStyle = s.color;
      ctx.fillText(s.name, lx, 2 * dpr);
      lx += ctx.measureText(s.name).width + 10 * dpr;
    }
  }
}

function logTicks(lo, hi) {
  const out = [];
  const step = Math.max(1, Math.ceil((hi - lo) / 4));
  for (let t = Math.ceil(lo); t <= Math.floor(hi); t += step) out.push(t);
  if (out.length < 2) return [lo, hi];
  return out;
}

/**
 * Round ticks covering [lo, hi]: about `count` values one step apart, the step 1, 2 or 5 × 10^k, the
 * first at or below lo and the last at or above hi. Returns {values, step}.
 */
export function niceTicks(lo, hi, count = TICK_COUNT) {
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.999) ?? 10 * power;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const values = [];
  for (let i = first; i <= last; i++) values.push(roundTo(i * step, step));
  return { values, step };
}

/** A flat series (every value equal) gets value ± max(10 % of it, FLAT_EPSILON). */
function flatRange(value) {
  const half = Math.max(Math.abs(value) * 0.1, FLAT_EPSILON);
  return [value - half, value + half];
}

/** v without the float noise of i × step (0.30000000000000004 → 0.3). */
function roundTo(v, step) {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(20, decimals)));
}

/**
 * A tick label as format.js writes numbers (three significant digits, × 10ⁿ when very large or
 * small), with as many more digits as the step needs for neighbours to differ. The minus is "−".
 */
export function formatTick(v, step = Math.abs(v)) {
  if (v === 0) return "0";
  const needed = step > 0 ? Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step)) + 1 : 3;
  return formatSignificant(v, Math.min(15, Math.max(3, needed))).replace(/-/g, "\u2212");
}
