// One table of UI state: every field of the run configuration plus the page's own view settings,
// each with a short URL key, so the whole state saves to and loads from the location hash.

/** Field kinds: how a value is written into and read back from the URL. */
const KINDS = {
  int: { write: String, read: (s) => (/^-?\d+$/.test(s) ? Number(s) : undefined) },
  float: {
    write: String,
    read: (s) => (s !== "" && Number.isFinite(Number(s)) ? Number(s) : undefined),
  },
  nullfloat: {
    write: (v) => (v === null ? "none" : String(v)),
    read: (s) => (s === "none" ? null : KINDS.float.read(s)),
  },
  str: { write: String, read: (s) => s },
  bool: { write: (v) => (v ? "1" : "0"), read: (s) => s === "1" || s === "true" },
  list: { write: (v) => v.join(","), read: (s) => (s === "" ? [] : s.split(",")) },
  intlist: {
    write: (v) => v.join(","),
    read: (s) => {
      if (s === "") return [];
      const parts = s.split(",").map(Number);
      return parts.every(Number.isInteger) ? parts : undefined;
    },
  },
  // One activation name for every layer, or a list of names, one per hidden layer.
  strlist: {
    write: (v) => (Array.isArray(v) ? v.join(",") : String(v)),
    read: (s) => (s.includes(",") ? s.split(",") : s),
  },
};

/** The run configuration (docs/api.md §1): URL key → dotted path in the config JSON. */
export const CONFIG_FIELDS = [
  ["seed", "random_state", "int"],
  ["dataset", "data.dataset", "str"],
  ["n", "data.n_samples", "int"],
  ["noise", "data.noise", "float"],
  ["classes", "data.n_classes", "int"],
  ["train", "data.train_ratio", "float"],
  ["val", "data.val_ratio", "float"],
  ["inputs", "features.inputs", "list"],
  ["std", "features.standardize", "bool"],
  ["layers", "network.hidden_layer_sizes", "intlist"],
  ["act", "network.activation", "strlist"],
  ["slope", "network.leaky_slope", "float"],
  ["output", "network.output", "str"],
  ["loss", "network.loss", "str"],
  ["kinit", "network.kernel_initializer", "str"],
  ["kscale", "network.kernel_init_scale", "float"],
  ["binit", "network.bias_initializer", "str"],
  ["bscale", "network.bias_init_scale", "float"],
  ["lr", "training.learning_rate", "float"],
  ["batch", "training.batch_size", "int"],
  ["opt", "training.optimizer", "str"],
  ["mom", "training.momentum", "float"],
  ["nesterov", "training.nesterov", "bool"],
  ["b1", "training.beta_1", "float"],
  ["b2", "training.beta_2", "float"],
  ["rho", "training.rho", "float"],
  ["eps", "training.epsilon", "float"],
  ["sched", "training.schedule", "str"],
  ["decay", "training.decay_rate", "float"],
  ["dsteps", "training.decay_steps", "int"],
  ["powt", "training.power_t", "float"],
  ["minlr", "training.min_learning_rate", "float"],
  ["reg", "training.regularization", "str"],
  ["alpha", "training.alpha", "float"],
  ["dropout", "training.dropout", "float"],
  ["es", "training.early_stopping", "bool"],
  ["patience", "training.patience", "int"],
  ["mindelta", "training.min_delta", "float"],
  ["clip", "training.clip_norm", "nullfloat"],
].map(([key, path, kind]) => ({ key, path, kind }));

/** The page's own settings, with their defaults. */
export const VIEW_FIELDS = [
  ["res", "resolution", "int", 50],
  ["speed", "speed", "str", "normal"],
  ["disc", "discretize", "bool", false],
  ["test", "showTest", "bool", false],
  ["neurons", "showNeurons", "bool", true],
  ["lang", "lang", "str", ""], // "": not chosen yet (i18n.js decides)
  ["lesson", "lesson", "str", ""],
  ["pts", "points", "str", ""],
].map(([key, name, kind, initial]) => ({ key, name, kind, initial }));

export function defaultView() {
  return Object.fromEntries(VIEW_FIELDS.map((f) => [f.name, f.initial]));
}

/** Read a dotted path ("training.learning_rate") from a nested object. */
export function getPath(obj, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** Write a dotted path into a nested object, creating the parents. */
export function setPath(obj, path, value) {
  const keys = path.split(".");
  let node = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
    node = node[k];
  }
  node[keys[keys.length - 1]] = value;
  return obj;
}

/** A partial config holding only `path = value`, in the API's nesting. */
export function partial(path, value) {
  return setPath({}, path, value);
}

function leaves(obj, prefix = "") {
  const out = [];
  for (const [k, v] of Object.entries(obj ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) out.push(...leaves(v, path));
    else out.push([path, v]);
  }
  return out;
}

/**
 * The hash for a config and view state. Config fields the table does not know yet (the server may add
 * some) travel too, as `~dotted.path=JSON`, so a shared link never loses part of the run.
 */
export function toHash(config, view) {
  const params = new URLSearchParams();
  const known = new Set(CONFIG_FIELDS.map((f) => f.path));
  for (const f of CONFIG_FIELDS) {
    const v = getPath(config, f.path);
    if (v !== undefined) params.set(f.key, KINDS[f.kind].write(v));
  }
  for (const [path, v] of leaves(config)) {
    if (!known.has(path)) params.set(`~${path}`, JSON.stringify(v));
  }
  for (const f of VIEW_FIELDS) {
    const v = view[f.name];
    if (v !== f.initial && v !== undefined) params.set(f.key, KINDS[f.kind].write(v));
  }
  return `#${params.toString()}`;
}

/** Parse a hash back into `{config, view}`; unreadable values are skipped, not guessed. */
export function fromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const config = {};
  const view = defaultView();
  let any = false;
  for (const f of CONFIG_FIELDS) {
    if (!params.has(f.key)) continue;
    const v = KINDS[f.kind].read(params.get(f.key));
    if (v !== undefined) {
      setPath(config, f.path, v);
      any = true;
    }
  }
  for (const [key, raw] of params) {
    if (!key.startsWith("~")) continue;
    try {
      setPath(config, key.slice(1), JSON.parse(raw));
      any = true;
    } catch {
      // A hand-edited value that is not JSON is ignored; the server fills the default.
    }
  }
  for (const f of VIEW_FIELDS) {
    if (!params.has(f.key)) continue;
    const v = KINDS[f.kind].read(params.get(f.key));
    if (v !== undefined) view[f.name] = v;
  }
  return { config, view, hasConfig: any };
}

/** A split's one-letter mark in the URL (training points have none). */
const SPLIT_MARKS = { val: "v", test: "t" };
/** Marks a URL point list as points added to the configured generated dataset (not replacing it). */
const ON_DATASET = "g";

/**
 * The person's points as a compact URL string: `x1_x2_label[_v|_t]` joined by `~`. With `onDataset`
 * they are added to the generated dataset the config describes, so the URL holds only them.
 */
export function encodePoints(points, onDataset = false) {
  const rows = points.map(([a, b, c, split]) => {
    const mark = SPLIT_MARKS[split];
    return `${round(a)}_${round(b)}_${round(c)}${mark ? `_${mark}` : ""}`;
  });
  return (onDataset ? [ON_DATASET, ...rows] : rows).join("~");
}

/** The points back from `encodePoints`' text; unreadable rows are skipped. */
export function decodePoints(text) {
  return readPoints(text).points;
}

/** `{points, onDataset}` back from `encodePoints`' text (see there). */
export function readPoints(text) {
  if (!text) return { points: [], onDataset: false };
  const rows = text.split("~");
  const onDataset = rows[0] === ON_DATASET;
  const splits = Object.fromEntries(Object.entries(SPLIT_MARKS).map(([name, mark]) => [mark, name]));
  const points = [];
  for (const row of onDataset ? rows.slice(1) : rows) {
    const parts = row.split("_");
    const numbers = parts.slice(0, 3).map(Number);
    if (parts.length < 3 || parts.length > 4 || !numbers.every(Number.isFinite)) continue;
    if (parts.length === 4 && !splits[parts[3]]) continue;
    points.push(parts.length === 4 ? [...numbers, splits[parts[3]]] : numbers);
  }
  return { points, onDataset };
}

function round(v) {
  return Math.round(v * 1000) / 1000;
}
