// The Sweep panel's choices as data, no DOM: which settings can be varied (with the value lists
// offered for each), reading a typed list of values, and turning the choices into the sweep JSON
// POST /api/sweeps takes (engine/sweeps/spec.py) over the live run's config.

/**
 * The settings a sweep can vary, by dotted config path. `offered`: the values proposed at first
 * (learning rates on a log scale, a factor of about 3 apart; λ by order of magnitude, as the course
 * notes advise); `kind`: how typed values are read ("number", "integer", "name", "units").
 */
export const SETTINGS = {
  "training.learning_rate": { kind: "number", offered: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1] },
  "training.alpha": { kind: "number", offered: [0, 0.001, 0.01, 0.1, 1] },
  "training.batch_size": { kind: "integer", offered: [1, 10, 30, 100] },
  "network.hidden_layer_sizes": { kind: "units", offered: [2, 4, 8, 16] },
  "network.activation": { kind: "name", table: "activations", offered: ["tanh", "relu", "sigmoid"] },
  "network.kernel_initializer": {
    kind: "name",
    table: "initializers",
    offered: ["random_normal", "glorot_uniform", "he_uniform"],
  },
};

/** What a sweep can rank its cells by (losses: lower is better; accuracies: higher). */
export const METRICS = ["val_loss", "test_loss", "train_loss", "val_accuracy", "test_accuracy", "train_accuracy"];

/** Whether a higher value of `metric` is better. */
export function higherIsBetter(metric) {
  return metric.endsWith("_accuracy");
}

/** The values offered for `path`, as the text of its box ("0.001, 0.01, 0.1"). */
export function offeredText(path) {
  return (SETTINGS[path]?.offered ?? []).join(", ");
}

/**
 * The values typed for `path` ("0.01, 0.1, 1"), checked: `{values}` (what the label shows, in
 * order, duplicates dropped) or `{error, value}` naming the first value that cannot be used.
 * `names`: the engine's option names for a named setting (null: not loaded, accept any).
 */
export function readValues(path, text, names = null) {
  const kind = SETTINGS[path]?.kind ?? "number";
  const words = String(text).split(/[,，;\s]+/).filter(Boolean);
  if (!words.length) return { error: "empty", value: "" };
  const values = [];
  for (const word of words) {
    const value = kind === "name" ? word : Number(word);
    const bad =
      kind === "name"
        ? names !== null && !names.includes(word)
        : !Number.isFinite(value) || value < 0 || ((kind === "integer" || kind === "units") && (!Number.isInteger(value) || value < 1));
    if (bad) return { error: kind === "name" ? "name" : kind === "number" ? "number" : "integer", value: word };
    if (!values.includes(value)) values.push(value);
  }
  return { values };
}

/** How many hidden layers a "units" value fills: the live network's, at least one. */
function depthOf(config) {
  return Math.max(1, config?.network?.hidden_layer_sizes?.length ?? 1);
}

/** The config value a shown value stands for (hidden units n → n in every hidden layer). */
export function gridValue(path, value, config) {
  if (SETTINGS[path]?.kind === "units") return Array(depthOf(config)).fill(value);
  return value;
}

/** The shown value of a config value (the inverse of gridValue). */
export function shownValue(path, value) {
  if (SETTINGS[path]?.kind === "units" && Array.isArray(value)) return value[0] ?? 0;
  return value;
}

/**
 * The sweep JSON for `axes` ([{path, values}], one or two) over `config` (the live run's), with
 * `seeds` per cell, `epochs` of budget, the `metric` to rank by and, if `halveEvery` epochs lies
 * within the budget, successive halving (at each multiple the worse half of the cells stop).
 * Varying λ on a run without a regulariser switches L2 on in the base (λ does nothing otherwise):
 * `switchedOnL2` says so.
 */
export function sweepBody(config, axes, { seeds, epochs, metric, halveEvery = 0 }) {
  const base = structuredClone(config ?? {});
  const grid = {};
  for (const { path, values } of axes) grid[path] = values.map((v) => gridValue(path, v, base));
  let switchedOnL2 = false;
  if ("training.alpha" in grid && (base.training?.regularization ?? "none") === "none") {
    base.training = { ...(base.training ?? {}), regularization: "l2" };
    switchedOnL2 = true;
  }
  const body = { base, grid, seeds, budget: { epochs }, metric, curve_points: 20, thumbnail: 24 };
  if (halveEvery > 0 && halveEvery < epochs) body.halving = { every: halveEvery, keep: 0.5 };
  return { body, switchedOnL2 };
}

/** The panel's choices held by a sweep JSON (a lesson's preset): axes, seeds, epochs, metric. */
export function choicesOf(sweep) {
  const axes = Object.entries(sweep.grid ?? {}).map(([path, values]) => ({
    path,
    values: values.map((v) => shownValue(path, v)),
  }));
  const seeds = Array.isArray(sweep.seeds) ? sweep.seeds.length : (sweep.seeds ?? 1);
  const halveEvery = sweep.halving?.every ?? 0;
  return { axes, seeds, epochs: sweep.budget?.epochs ?? null, metric: sweep.metric ?? "val_loss", halveEvery };
}

/** The metric a sweep ranks by by default: validation loss when the run keeps validation data. */
export function defaultMetric(config) {
  const data = config?.data ?? {};
  if ((data.val_ratio ?? 0) > 0) return "val_loss";
  return (data.train_ratio ?? 1) < 1 ? "test_loss" : "train_loss";
}
