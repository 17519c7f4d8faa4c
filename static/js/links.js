// The links of the network diagram on one canvas: where each runs (from the right edge of its source
// node to the left edge of its target), stroking them (thin first), and finding the one under the
// pointer by evaluating the curves. No DOM here except in `measureLinks`: the worker strokes too.

import { cssColor, diverging } from "./colors.js";

/**
 * Every link between consecutive `columns` of nodes, in the root's scrolled coordinates, after
 * sizing `canvas` (its CSS box) to the root's content: {links: [{l, row, col, x0, y0, x1, y1}],
 * size: [width, height, dpr]}, the drawing surface it needs in device pixels.
 */
export function measureLinks(root, canvas, columns) {
  const box = root.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  // Measure the content without the canvas itself, which would otherwise keep the old size.
  canvas.style.width = "0px";
  canvas.style.height = "0px";
  const width = Math.max(1, root.scrollWidth);
  const height = Math.max(1, root.scrollHeight);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const origin = [box.left - root.scrollLeft, box.top - root.scrollTop];
  const edge = (node, side) => {
    const r = node.getBoundingClientRect();
    return [(side > 0 ? r.right : r.left) - origin[0], r.top + r.height / 2 - origin[1]];
  };
  const links = [];
  for (let l = 0; l + 1 < columns.length; l++) {
    columns[l + 1].forEach((target, row) => {
      columns[l].forEach((source, col) => {
        const [x0, y0] = edge(source, +1);
        const [x1, y1] = edge(target, -1);
        links.push({ l, row, col, x0, y0, x1, y1 });
      });
    });
  }
  return { links, size: [Math.round(width * dpr), Math.round(height * dpr), dpr] };
}

/**
 * Stroke every link, thin ones first so strong weights lie on top. Each link is its own short path
 * with flat ends: one path per colour would overlap itself thousands of times, which costs the
 * rasteriser several times more. Works on an OffscreenCanvas too (`dpr`: device pixels per CSS px).
 */
export function strokeLinks(canvas, links, weights, dpr = 1) {
  const ctx = canvas.getContext("2d");
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineCap = "butt";
  const styled = links.map((link) => [link, linkStyle(weights?.[link.l]?.W?.[link.row]?.[link.col])]);
  const width = (style) => Number(style.slice(style.indexOf("|") + 1));
  styled.sort((a, b) => width(a[1]) - width(b[1]));
  let current = "";
  for (const [link, style] of styled) {
    if (style !== current) {
      current = style;
      const [stroke, lineWidth] = style.split("|");
      ctx.strokeStyle = stroke;
      ctx.lineWidth = Number(lineWidth);
    }
    const mx = (link.x0 + link.x1) / 2;
    ctx.beginPath();
    ctx.moveTo(link.x0, link.y0);
    ctx.bezierCurveTo(mx, link.y0, mx, link.y1, link.x1, link.y1);
    ctx.stroke();
  }
}

/** The link passing within a few pixels of canvas point (x, y) as {l, r, c, w}, or null. */
export function findLink(links, weights, x, y) {
  let best = null;
  let bestDistance = Infinity;
  for (const link of links) {
    if (x < link.x0 || x > link.x1) continue;
    const d = Math.abs(curveY(link, x) - y);
    const w = weights?.[link.l]?.W?.[link.row]?.[link.col];
    const reach = Math.max(4, Number(linkStyle(w).split("|")[1]) / 2 + 2);
    if (d <= reach && d < bestDistance) {
      bestDistance = d;
      best = link;
    }
  }
  if (!best) return null;
  return { l: best.l, r: best.row, c: best.col, w: weights?.[best.l]?.W?.[best.row]?.[best.col] };
}

/** "colour|width" of a link with weight w: orange negative, blue positive, thicker when larger. */
export function linkStyle(w) {
  if (w === undefined || w === null || !Number.isFinite(w)) return "#ccc|0.5";
  const a = Math.min(1, Math.abs(w));
  const level = Math.round((0.35 + 0.65 * a) * 24) / 24;
  const width = (0.6 + Math.min(7, Math.abs(w) * 3)).toFixed(1);
  return `${cssColor(diverging(Math.sign(w) * level))}|${width}`;
}

/** The height of a link's curve at x: its x(t) rises monotonically, so bisect for t, then take y(t). */
export function curveY(link, x) {
  const mx = (link.x0 + link.x1) / 2;
  const bez = (t, p0, p1, p2, p3) => {
    const u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (bez(mid, link.x0, mx, mx, link.x1) < x) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return bez(t, link.y0, link.y0, link.y1, link.y1);
}
