// Tick labels along the output plot's edges: x1 below it, x2 to its left, at round values over the
// data box (−6 … 6 by default).

import { formatTick, niceTicks } from "./linechart.js";

/** About this many ticks along each axis. */
const TICKS = 7;

/** Fill `xTicks` and `yTicks` (positioned by CSS along the plot's bottom and left edges). */
export function drawPlotTicks(xTicks, yTicks, half) {
  const { values, step } = niceTicks(-half, half, TICKS);
  const inside = values.filter((v) => Math.abs(v) <= half + step * 1e-6);
  const place = (v) => `${((v + half) / (2 * half)) * 100}%`;
  xTicks.replaceChildren(...inside.map((v) => tick(formatTick(v, step), "left", place(v))));
  yTicks.replaceChildren(...inside.map((v) => tick(formatTick(v, step), "bottom", place(v))));
}

function tick(text, side, position) {
  const span = document.createElement("span");
  span.textContent = text;
  span.style[side] = position;
  return span;
}
