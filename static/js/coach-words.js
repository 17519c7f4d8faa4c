// The coach's words for one diagnosis from the server (docs/api.md, "Diagnoses"): its sentences
// come from the catalogue (`coach.<code>.title`, `.why`, `.fix`), filled from its evidence and its
// fix, written for people. Two data tables say where a diagnosis points (a lesson, a view to mark);
// nothing else here knows one code from another. Pure functions, no DOM.

import { formatNumber, formatPercent } from "./format.js";
import { has, optionLabel, t } from "./i18n.js";

/** The lesson (engine/lessons.py ids) that shows each diagnosis's effect. */
export const LESSON_FOR = {
  diverged: "learning-rate",
  exploding: "learning-rate",
  oscillating: "learning-rate",
  slow_progress: "learning-rate",
  vanishing_gradients: "vanishing-gradients",
  exploding_gradients: "init-scale",
  dead_units: "vanishing-gradients",
  saturated_output: "cost-slowdown",
  symmetric_units: "symmetry",
  overfitting: "overfitting",
  too_simple: "hidden-layer",
};

/** The view each diagnosis's evidence points at: "gradients" (the gradient-flow chart), "dead"
 * (the units of `evidence.layer` in the network diagram), "loss" (the loss chart). */
export const MARK_FOR = {
  vanishing_gradients: "gradients",
  exploding_gradients: "gradients",
  dead_units: "dead",
  overfitting: "loss",
};

/** Evidence that is a share of something (0..1), written as a percentage. */
const SHARES = new Set(["up_share", "dead_fraction", "saturated_share", "accuracy"]);
/** Evidence that counts things, written as a whole number. */
const COUNTS = new Set(["steps", "layers", "identical", "units", "hidden_layers"]);
/** Option fields a fix may set → the option table whose labels name their values. */
const OPTION_TABLES = {
  activation: "activations",
  kernel_initializer: "initializers",
  bias_initializer: "initializers",
  loss: "losses",
  regularization: "regularizers",
  optimizer: "optimizers",
};

/** One evidence value for people (a layer index counts from 1, as the network diagram does). */
function evidenceText(key, value) {
  if (key === "layer" && Number.isInteger(value)) return String(value + 1);
  if (key === "split") return t(`coach.split.${value}`, {}, String(value));
  if (Array.isArray(value)) return value.map((j) => formatNumber(j + 1)).join(", ");
  if (typeof value !== "number") return String(value);
  if (SHARES.has(key)) return formatPercent(value);
  if (COUNTS.has(key)) return formatNumber(Math.round(value));
  return formatNumber(value);
}

/** One value a fix sets, for people: an option's label, a list of layer sizes, a number. */
function fixText(key, value) {
  if (typeof value === "string") return OPTION_TABLES[key] ? optionLabel(OPTION_TABLES[key], value) : value;
  if (Array.isArray(value)) return value.map((v) => fixText(key, v)).join(" – ");
  return typeof value === "number" ? formatNumber(value) : String(value);
}

/** Every leaf of a (nested) partial config as `fix_<field>` → its text. */
function patchParams(patch, params = {}) {
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value && typeof value === "object" && !Array.isArray(value)) patchParams(value, params);
    else params[`fix_${key}`] = fixText(key, value);
  }
  return params;
}

/** The placeholders of a diagnosis's sentences: its evidence, the values its fix sets, `step`. */
export function diagnosisParams(diagnosis) {
  const params = { step: diagnosis.since_step };
  for (const [key, value] of Object.entries(diagnosis.evidence ?? {})) params[key] = evidenceText(key, value);
  return patchParams(diagnosis.fix?.patch, params);
}

/**
 * What the coach says about `diagnosis`: {title, why, fix (the button's words, or null), notes
 * (what else the fix does: go back to the last healthy weights, start again), lesson, mark}.
 * A code the catalogue does not know yet gets the general sentences.
 */
export function describe(diagnosis) {
  const params = diagnosisParams(diagnosis);
  const base = has(`coach.${diagnosis.code}.title`) ? `coach.${diagnosis.code}` : "coach.other";
  const fix = diagnosis.fix;
  const notes = [];
  if (fix?.rollback) notes.push(t("coach.note.rollback"));
  if (fix?.reset) notes.push(t("coach.note.reset"));
  return {
    title: t(`${base}.title`, params),
    why: t(`${base}.why`, params),
    fix: fix ? t(`${base}.fix`, params) : null,
    notes: notes.join(" "),
    lesson: LESSON_FOR[diagnosis.code] ?? null,
    mark: MARK_FOR[diagnosis.code] ?? null,
    markLabel: has(`coach.${diagnosis.code}.mark`) ? t(`coach.${diagnosis.code}.mark`, params) : null,
  };
}
