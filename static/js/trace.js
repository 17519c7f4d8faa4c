// Shows the backprop trace of one point (GET /trace): z, a and delta for every layer, then the output.

import { formatNumber } from "./format.js";
import { t } from "./i18n.js";

const fmt = (v) => (typeof v === "number" ? formatNumber(v) : "?");

export class TraceView {
  constructor(root) {
    this.root = root;
  }

  clear(message) {
    this.root.replaceChildren();
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = message;
    this.root.append(p);
  }

  /** trace: {layers: [{z, a, delta, ...}], output, loss}; point: [x1, x2]; label: the class used. */
  update(trace, point, label) {
    this.last = [trace, point, label];
    this.root.replaceChildren();
    const head = document.createElement("p");
    const where = { x1: fmt(point[0]), x2: fmt(point[1]), loss: fmt(trace.loss), label };
    head.textContent = t(label === null || label === undefined ? "trace.point" : "trace.pointLabel", where);
    this.root.append(head);
    const table = document.createElement("table");
    table.className = "trace";
    const header = table.createTHead().insertRow();
    for (const name of [t("trace.layer"), "z = W·a + b", "a = g(z)", "δ = ∂L/∂z"]) {
      const th = document.createElement("th");
      th.textContent = name;
      header.append(th);
    }
    const body = table.createTBody();
    const layers = trace.layers ?? [];
    layers.forEach((layer, l) => {
      const row = body.insertRow();
      row.insertCell().textContent =
        l === layers.length - 1 ? t("trace.output") : t("trace.hidden", { layer: l + 1 });
      for (const key of ["z", "a", "delta"]) {
        const cell = row.insertCell();
        cell.append(vector(layer[key]));
      }
    });
    this.root.append(table);
    if (trace.output) {
      const out = document.createElement("p");
      out.textContent = t("trace.prediction", { values: [].concat(trace.output).map(fmt).join(", ") });
      this.root.append(out);
    }
  }
}

/** A vector as small cells shaded by sign and size, each with its value as text. */
function vector(values) {
  const wrap = document.createElement("div");
  wrap.className = "vector";
  const list = [].concat(values ?? []).flat();
  const big = Math.max(1e-12, ...list.map((v) => Math.abs(v) || 0));
  for (const v of list) {
    const cell = document.createElement("span");
    cell.textContent = fmt(v);
    const t = Number.isFinite(v) ? v / big : 0;
    cell.style.background = t >= 0 ? `rgba(8,119,189,${0.6 * t})` : `rgba(245,147,34,${-0.6 * t})`;
    wrap.append(cell);
  }
  return wrap;
}
