// A small sample of each dataset for its thumbnail: drawn by the server in a tiny temporary session
// (so the page never re-implements the generators), kept for the tab's life in sessionStorage.

import { api } from "./api.js";

const SAMPLES = 120;

/** {pts: {train, val, test}, regression} for dataset `spec`, or null if it cannot be sampled. */
export async function sampleDataset(spec) {
  const cached = read(spec.name);
  if (cached) return cached;
  const regression = spec.kind === "regression";
  const config = {
    random_state: 0,
    data: { dataset: spec.name, n_samples: SAMPLES },
    network: { hidden_layer_sizes: [], output: regression ? "regression" : "binary" },
  };
  if (regression) config.network.loss = "mse";
  if (spec.uses_n_classes) {
    config.data.n_classes = Math.min(3, spec.max_classes ?? 3);
    config.network.output = "multiclass";
  }
  let id = null;
  try {
    id = (await api.createSession(config)).id;
    const thumb = { pts: await api.points(id), regression };
    save(spec.name, thumb);
    return thumb;
  } catch {
    // A dataset that cannot be sampled keeps a blank thumbnail; its name still shows.
    return null;
  } finally {
    if (id) api.deleteSession(id).catch(() => {});
  }
}

function read(name) {
  try {
    return JSON.parse(window.sessionStorage.getItem(`nnp-thumb-${name}`) ?? "null");
  } catch {
    return null;
  }
}

function save(name, thumb) {
  try {
    window.sessionStorage.setItem(`nnp-thumb-${name}`, JSON.stringify(thumb));
  } catch {
    // Storage full or disabled: the sample is simply fetched again next time.
  }
}
