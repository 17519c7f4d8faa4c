// Plots the chosen activation g(z) next to its derivative g'(z), so saturation (g' → 0) is visible.
// The samples come from the engine (GET /api/options → ACTIVATIONS[].curve, or
// GET /api/activations/{name}/curve?leaky_slope= for leaky_relu at another slope): the page holds no
// copy of the maths.

import { t } from "./i18n.js";

const Y_LO = -1.5;
const Y_HI = 2;

export class ActivationPlot {
  constructor(canvas, caption) {
    this.canvas = canvas;
    this.caption = caption;
    this.ctx = canvas.getContext("2d");
    this.key = "";
    this.curve = null;
  }

  /** Draw `name`; `curve` is its {z, g, dg} samples, computed by the engine. */
  update(name, formula = "", curve = null) {
    const key = `${name}:${formula}`;
    if (key === this.key && curve === this.curve && this.canvas.width > 1) return;
    this.key = key;
    this.curve = curve;
    const dpr = window.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round((rect.width || 240) * dpr));
    const h = Math.max(1, Math.round((rect.height || 140) * dpr));
    this.canvas.width = w;
    this.canvas.height = h;
    const ctx = this.ctx;
    ctx.clearRect(0, 0, w, h);
    const what = formula ? ` — ${formula}` : "";
    const z = curve?.z ?? [];
    if (z.length < 2) {
      this.caption.textContent = t("learn.noPlot", { name: `${name}${what}` });
      return;
    }
    this.caption.textContent = `${t("learn.activation", { name })}${what}`;
    const zLo = z[0];
    const zHi = z[z.length - 1];
    const px = (v) => ((v - zLo) / (zHi - zLo)) * w;
    const py = (y) => (1 - (y - Y_LO) / (Y_HI - Y_LO)) * h;
    ctx.strokeStyle = "#bbb";
    ctx.lineWidth = dpr;
    ctx.beginPath();
    ctx.moveTo(0, py(0));
    ctx.lineTo(w, py(0));
    ctx.moveTo(px(0), 0);
    ctx.lineTo(px(0), h);
    ctx.stroke();
    ctx.font = `${10 * dpr}px system-ui, sans-serif`;
    ctx.fillStyle = "#777";
    ctx.fillText("z", w - 10 * dpr, py(0) - 4 * dpr);
    ctx.fillText("1", px(0) + 3 * dpr, py(1));
    const plot = (values, colour, dash) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash(dash.map((d) => d * dpr));
      ctx.beginPath();
      z.forEach((v, i) => {
        const y = Math.max(Y_LO, Math.min(Y_HI, values[i]));
        if (i === 0) ctx.moveTo(px(v), py(y));
        else ctx.lineTo(px(v), py(y));
      });
      ctx.stroke();
    };
    plot(curve.g, "#0877bd", []);
    plot(curve.dg, "#f59322", [5, 3]);
    ctx.setLineDash([]);
  }
}
