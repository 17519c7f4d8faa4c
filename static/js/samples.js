// A small sample of each dataset for its thumbnail: one read-only request for all of them
// (GET /api/datasets/samples, drawn by the engine's own generators), which the browser caches, so
// a page load creates no session for its pictures.

import { api } from "./api.js";

const SAMPLES = 120;
let all = null;

/** {name: {pts: {train: {X, y}}, regression}} for every dataset; {} if the server cannot say. */
function loadAll() {
  all ??= api
    .datasetSamples(SAMPLES)
    .then((answer) => Object.fromEntries((answer.datasets ?? []).map((d) => [d.name, asThumb(d)])))
    .catch(() => {
      all = null; // a dataset that cannot be sampled keeps a blank thumbnail; try again next time
      return {};
    });
  return all;
}

function asThumb({ kind, points }) {
  const train = { X: points.map(([x1, x2]) => [x1, x2]), y: points.map((p) => p[2]) };
  return { pts: { train }, regression: kind === "regression" };
}

/** {pts, regression} for dataset `spec`, or null if it cannot be sampled. */
export async function sampleDataset(spec) {
  return (await loadAll())[spec.name] ?? null;
}
