// A sweep cell's two small pictures: its decision-boundary thumbnail (the uint8 grid a sweep run
// keeps, painted on the output plot's colour scale) and a sparkline of its loss curve.

import { decodeBase64 } from "./api.js";
import { classColor, divergingTable, pack } from "./colors.js";
import { STRENGTH } from "./heatmap.js";

const WHITE = [250, 250, 250];

/** The 256-entry byte → colour table of a thumbnail of `kind` ("probability" | "value" | "class"). */
function colourTable({ kind, lo = 0, hi = 1 }) {
  if (kind === "class") {
    return Uint32Array.from({ length: 256 }, (_, k) =>
      pack(WHITE.map((w, i) => Math.round(w + (classColor(k)[i] - w) * STRENGTH))),
    );
  }
  if (kind === "value") return divergingTable(lo, hi, 0, Math.max(Math.abs(lo), Math.abs(hi)) / STRENGTH);
  return divergingTable(0, 1, 0.5, 0.5 / STRENGTH);
}

/** Paint `thumbnail` ({resolution, kind, lo, hi, data: base64, row 0 at x2 = +6}) on `canvas`. */
export function paintThumbnail(canvas, thumbnail) {
  const r = thumbnail?.resolution;
  if (!r || typeof thumbnail.data !== "string") return false;
  const bytes = decodeBase64(thumbnail.data);
  if (bytes.length !== r * r) return false;
  canvas.width = r;
  canvas.height = r;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(r, r);
  const words = new Uint32Array(image.data.buffer);
  const table = colourTable(thumbnail);
  for (let i = 0; i < words.length; i++) words[i] = table[bytes[i]];
  ctx.putImageData(image, 0, 0);
  return true;
}

/** Draw `values` (a loss curve; non-numbers skipped) as a line filling `canvas`. */
export function paintSparkline(canvas, values, colour = "#0877bd") {
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const points = values.map((v, i) => [i, v]).filter(([, v]) => typeof v === "number" && Number.isFinite(v));
  if (points.length < 2) return false;
  const ys = points.map(([, v]) => v);
  const lo = Math.min(...ys);
  const span = Math.max(...ys) - lo || 1;
  const last = values.length - 1 || 1;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  points.forEach(([i, v], k) => {
    const x = 1 + (i / last) * (width - 2);
    const y = height - 2 - ((v - lo) / span) * (height - 4);
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
  return true;
}
