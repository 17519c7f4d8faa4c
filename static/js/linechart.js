// A small line chart on a canvas: several series over a shared x axis, linear or log y scale.

/** series: [{name, color, dash?}]; update(xs, ys) where ys[i] is the array for series i. */
export class LineChart {
  constructor(canvas, { series = [], log = false, yMin = null, yMax = null, xLabel = "step" } = {}) {
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
    if (hi - lo < 1e-9) {
      hi += 0.5;
      lo -= 0.5;
    }
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
    const ticks = this.log ? logTicks(lo, hi) : [lo, (lo + hi) / 2, hi];
    for (const t of ticks) {
      const y = py(t);
      ctx.beginPath();
      ctx.moveTo(pad.l, y);
      ctx.lineTo(w - pad.r, y);
      ctx.stroke();
      ctx.fillText(formatTick(this.log ? 10 ** t : t), pad.l - 4 * dpr, y);
    }
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.fillText(`${this.xLabel} ${x1}`, pad.l, h - 3 * dpr);

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

function formatTick(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.01) return v.toExponential(0);
  return Number(v.toPrecision(2)).toString();
}
