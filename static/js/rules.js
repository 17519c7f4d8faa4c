// What the option tables imply for the controls: which dataset suits which problem type, how many
// classes there are, which settings apply. Pure functions of (tables, config); no DOM, no server.

/** Option tables from GET /api/options as {name: [entries]}, whatever shape the server chose. */
export function normaliseTables(options) {
  const tables = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === "limits" || key === "defaults") continue;
    let entries = [];
    if (Array.isArray(value)) {
      entries = value.map((v) => (typeof v === "string" ? { name: v } : { ...v, name: v.name ?? v.id }));
    } else if (value && typeof value === "object") {
      entries = Object.entries(value).map(([name, info]) =>
        info && typeof info === "object" ? { ...info, name } : { name, description: String(info) },
      );
    }
    tables[key.toLowerCase()] = entries.filter((e) => typeof e.name === "string");
  }
  return tables;
}

export function datasetSpec(tables, name) {
  return tables.datasets?.find((d) => d.name === name) ?? { name, kind: "classification" };
}

/** The activation of every hidden layer, whether the config holds one name or a list. */
export function layerActivations(config) {
  const a = config.network?.activation;
  const sizes = config.network?.hidden_layer_sizes ?? [];
  return Array.isArray(a) ? sizes.map((_, l) => a[l] ?? a[a.length - 1]) : sizes.map(() => a);
}

/** Whether activation `name` reads network.leaky_slope (its curve then depends on the slope). */
export function readsLeakySlope(name) {
  return name === "leaky_relu";
}

/** Classes the data has: user points decide when present, else the dataset. 0 for regression. */
export function classCount(tables, config, custom) {
  if (config.network?.output === "regression") return 0;
  if (custom?.length) return Math.max(2, ...custom.map((p) => Math.round(p[2]) + 1));
  const d = datasetSpec(tables, config.data?.dataset);
  if (d.uses_n_classes) return config.data?.n_classes ?? 2;
  return d.max_classes || 2;
}

/** Choosing a dataset can force the problem type: regression data needs a regression output, and back. */
export function datasetChanges(tables, config, name) {
  const d = datasetSpec(tables, name);
  const changes = { data: { dataset: name } };
  const out = config.network?.output ?? "binary";
  if (d.kind === "regression") {
    if (out !== "regression") changes.network = { output: "regression", loss: "mse" };
  } else if (out === "regression") {
    changes.network = { output: d.uses_n_classes ? "multiclass" : "binary", loss: "cross_entropy" };
    if (d.uses_n_classes) changes.data.n_classes = Math.min(3, d.max_classes ?? 3);
  } else if (out === "binary" && d.uses_n_classes) {
    changes.data.n_classes = 2;
  }
  return changes;
}

/**
 * Choosing a problem type: binary needs two classes; multi-class opens on a 3-class dataset;
 * regression on regression data. User-drawn points keep their labels, so only the output changes.
 */
export function outputChanges(tables, config, kind, custom) {
  const d = datasetSpec(tables, config.data?.dataset);
  const sets = tables.datasets ?? [];
  const changes = { network: { output: kind } };
  if (kind === "regression") {
    changes.network.loss = "mse";
    const r = sets.find((s) => s.kind === "regression");
    if (d.kind !== "regression" && r) changes.data = { dataset: r.name };
  } else {
    if (d.kind === "regression") changes.network.loss = "cross_entropy";
    if (kind === "binary") {
      const classification = sets.find((s) => s.kind !== "regression");
      if (d.kind === "regression" && classification) changes.data = { dataset: classification.name };
      else if (d.uses_n_classes) changes.data = { n_classes: 2 };
    } else if (!d.uses_n_classes || d.kind === "regression") {
      const many = sets.find((s) => s.uses_n_classes);
      if (many) changes.data = { dataset: many.name, n_classes: Math.min(3, many.max_classes ?? 3) };
    } else if ((config.data?.n_classes ?? 2) < 3) {
      changes.data = { n_classes: Math.min(3, d.max_classes ?? 3) };
    }
  }
  if (custom) delete changes.data;
  return changes;
}

/** The loss to keep when the output becomes `output`: the current one if that output allows it. */
function lossFor(tables, config, output) {
  const allowed = tables.outputs?.find((o) => o.name === output)?.losses;
  const current = config.network?.loss ?? "cross_entropy";
  return !allowed || allowed.includes(current) ? current : allowed[0];
}

/**
 * The output that fits `k` classes: three or more need one output per class, so a binary output
 * becomes multiclass (softmax); two classes under multiclass may go back to binary (an offer, no
 * change). Returns {network, note}: the network changes (or null) and what to tell the person
 * ({key: "softmax" | "binaryFits", classes: k}, or null).
 */
function outputForClasses(tables, config, k) {
  const out = outputKind(config);
  if (out === "binary" && k > 2) {
    const network = { output: "multiclass", loss: lossFor(tables, config, "multiclass") };
    return { network, note: { key: "softmax", classes: k } };
  }
  if (out === "multiclass" && k === 2) return { network: null, note: { key: "binaryFits", classes: k } };
  return { network: null, note: null };
}

/** Setting the dataset's class count to `k`, with the output it needs, as one change. */
export function classCountChanges(tables, config, k) {
  const { network, note } = outputForClasses(tables, config, k);
  const changes = { data: { n_classes: k } };
  if (network) changes.network = network;
  return { changes, note };
}

/** Points whose labels make `k` classes (user points, a CSV): the output they need, or null. */
export function labelChanges(tables, config, k) {
  if (outputKind(config) === "regression" || !k) return { changes: null, note: null };
  const { network, note } = outputForClasses(tables, config, k);
  return { changes: network ? { network } : null, note };
}

/**
 * The class count of `x1,x2,label` CSV text as the server counts it (largest label + 1, at least
 * 2), or null when a label is not a whole number or there is no data row (the server then explains).
 */
export function csvClassCount(text) {
  let top = -1;
  for (const line of String(text).split(/\r?\n/)) {
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length !== 3 || fields.every((f) => f === "")) continue;
    const label = Number(fields[2]);
    if (fields[2] === "" || !Number.isFinite(label)) {
      if (top < 0 && fields.every((f) => !Number.isFinite(Number(f)) || f === "")) continue; // header
      return null;
    }
    if (!Number.isInteger(label) || label < 0) return null;
    top = Math.max(top, label);
  }
  return top < 0 ? null : Math.max(2, top + 1);
}

/** Add (delta > 0) or remove the last hidden layer; a per-layer activation list follows along. */
export function layerChanges(config, delta, maxLayers) {
  const sizes = [...(config.network?.hidden_layer_sizes ?? [])];
  const acts = layerActivations(config);
  if (delta > 0) {
    if (sizes.length >= maxLayers) return null;
    sizes.push(sizes.length ? sizes[sizes.length - 1] : 2);
    acts.push(acts.length ? acts[acts.length - 1] : config.network?.activation);
  } else {
    if (!sizes.length) return null;
    sizes.pop();
    acts.pop();
  }
  const network = { hidden_layer_sizes: sizes };
  const a = config.network?.activation;
  if (Array.isArray(a)) network.activation = acts.length ? acts : a[0];
  return { network };
}

/** Which optional controls apply to the current choices, and which losses the output allows. */
export function relevance(tables, config, custom = null) {
  const t = config.training ?? {};
  const n = config.network ?? {};
  const opt = tables.optimizers?.find((o) => o.name === t.optimizer);
  const init = tables.initializers?.find((o) => o.name === n.kernel_initializer);
  const binit = tables.initializers?.find((o) => o.name === n.bias_initializer);
  const out = tables.outputs?.find((o) => o.name === n.output);
  const acts = layerActivations(config);
  return {
    "training.momentum": opt ? (opt.settings ?? []).includes("momentum") : true,
    "training.nesterov": opt ? (opt.settings ?? []).includes("nesterov") : true,
    "network.kernel_init_scale": init ? Boolean(init.uses_scale) : true,
    "network.bias_init_scale": binit ? Boolean(binit.uses_scale) : true,
    "training.decay_rate": t.schedule !== "constant",
    "training.decay_steps": t.schedule !== "constant",
    "training.patience": Boolean(t.early_stopping),
    "training.alpha": t.regularization !== "none",
    "network.leaky_slope": acts.some(readsLeakySlope) || readsLeakySlope(n.activation),
    // The person's own points keep the split each was given; the ratios split generated data only.
    "data.train_ratio": !custom,
    "data.val_ratio": !custom,
    losses: out?.losses ?? null,
  };
}

/** The problem type ("binary", "multiclass", "multilabel", "regression"). */
export function outputKind(config) {
  return config.network?.output ?? "binary";
}

/** Every point of the split sets ({train, val, test}: {X, y}) as [x1, x2, label]. */
export function allPoints(sets) {
  const out = [];
  for (const set of Object.values(sets ?? {})) {
    (set?.X ?? []).forEach(([a, b], i) => out.push([a, b, set.y[i]]));
  }
  return out;
}

/** Every point of the split sets as a row the API takes back: [x1, x2, label] for a training point,
 * [x1, x2, label, "val" | "test"] for the others, so each keeps its split. */
export function labelledPoints(sets) {
  const out = [];
  for (const [name, set] of Object.entries(sets ?? {})) {
    (set?.X ?? []).forEach(([a, b], i) => out.push(name === "train" ? [a, b, set.y[i]] : [a, b, set.y[i], name]));
  }
  return out;
}

/** True if `points` ([x1, x2, label, split?] rows) can be trained on: two or more, one a training point. */
export function trainable(points) {
  return points.length >= 2 && points.some((p) => (p[3] ?? "train") === "train");
}

/** Index of the point within `radius` of (x1, x2) closest to it, or -1. */
export function nearest(points, x1, x2, radius) {
  let best = -1;
  let bestDistance = radius;
  points.forEach(([a, b], i) => {
    const d = Math.hypot(a - x1, b - x2);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}
