// Plots the chosen activation g(z) next to its derivative g'(z), so saturation (g' → 0) is visible.

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const GELU_K = Math.sqrt(2 / Math.PI);

/** g and g' for the activations the page can draw; c is the leaky/linear slope. */
const CURVES = {
  linear: { f: (z) => z, d: () => 1 },
  identity: { f: (z) => z, d: () => 1 },
  step: { f: (z) => (z >= 0 ? 1 : 0), d: () => 0 },
  binary_step: { f: (z) => (z >= 0 ? 1 : 0), d: () => 0 },
  sigmoid: { f: sigmoid, d: (z) => sigmoid(z) * (1 - sigmoid(z)) },
  logistic: { f: sigmoid, d: (z) => sigmoid(z) * (1 - sigmoid(z)) },
  tanh: { f: Math.tanh, d: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0) },
  leaky_relu: { f: (z, c) => (z > 0 ? z : c * z), d: (z, c) => (z > 0 ? 1 : c) },
  elu: { f: (z) => (z > 0 ? z : Math.expm1(z)), d: (z) => (z > 0 ? 1 : Math.exp(z)) },
  softplus: { f: (z) => Math.log1p(Math.exp(z)), d: sigmoid },
  swish: { f: (z) => z * sigmoid(z), d: (z) => sigmoid(z) * (1 + z * (1 - sigmoid(z))) },
  gelu: {
    f: (z) => 0.5 * z * (1 + Math.tanh(GELU_K * (z + 0.044715 * z ** 3))),
    d: (z) => {
      const t = Math.tanh(GELU_K * (z + 0.044715 * z ** 3));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_K * (1 + 3 * 0.044715 * z * z);
    },
  },
};

export class ActivationPlot {
  constructor(canvas, caption) {
    this.canvas = canvas;
    this.caption = caption;
    this.ctx = canvas.getContext("2d");
    this.key = "";
  }

  update(name, slope = 0.01, formula = "") {
    const key = `${name}:${slope}:${formula}`;
    if (key === this.key && this.canvas.width > 1) return;
    this.key = key;
    const dpr = window.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round((rect.width || 240) * dpr));
    const h = Math.max(1, Math.round((rect.height || 140) * dpr));
    this.canvas.width = w;
    this.canvas.height = h;
    const ctx = this.ctx;
    ctx.clearRect(0, 0, w, h);
    const curve = CURVES[name];
    const what = formula ? ` — ${formula}` : "";
    if (!curve) {
      this.caption.textContent = `${name}${what} (no plot for this activation)`;
      return;
    }
    this.caption.textContent = `Activation ${name}: g(z) blue, g′(z) orange dashed${what}`;
    const zMax = 4;
    const yLo = -1.5;
    const yHi = 2;
    const px = (z) => ((z + zMax) / (2 * zMax)) * w;
    const py = (y) => (1 - (y - yLo) / (yHi - yLo)) * h;
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
    const plot = (fn, colour, dash) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash(dash.map((d) => d * dpr));
      ctx.beginPath();
      for (let i = 0; i <= 200; i++) {
        const z = -zMax + (i / 200) * 2 * zMax;
        const y = Math.max(yLo, Math.min(yHi, fn(z, slope)));
        if (i === 0) ctx.moveTo(px(z), py(y));
        else ctx.lineTo(px(z), py(y));
      }
      ctx.stroke();
    };
    plot(curve.f, "#0877bd", []);
    plot(curve.d, "#f59322", [5, 3]);
    ctx.setLineDash([]);
  }
}
