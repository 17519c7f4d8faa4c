// What the learner reads: the server's precise answers (an error's `code`, a 422 item's `loc`,
// `type` and `ctx`, a run message's `message_code` and `message_params`) turned into plain sentences
// about the playground's controls. The wording lives in two data tables, LABELS and TEMPLATES, with
// {placeholders}, ready to move into per-language catalogues.

import { ApiError } from "./api.js";
import { formatLimit, formatNumber } from "./format.js";

/** A config field's dotted path → the control's label as the page shows it. */
export const LABELS = {
  random_state: "Seed",
  "data.dataset": "Dataset",
  "data.n_samples": "Points",
  "data.noise": "Noise",
  "data.n_classes": "Classes",
  "data.train_ratio": "Training data",
  "data.val_ratio": "Validation data",
  "features.inputs": "Input features",
  "features.standardize": "Standardise inputs",
  "network.hidden_layer_sizes": "Neurons per layer",
  "network.activation": "Activation",
  "network.leaky_slope": "Leaky slope",
  "network.output": "Problem type",
  "network.loss": "Loss",
  "network.kernel_initializer": "Weight initialiser",
  "network.kernel_init_scale": "Initialiser scale",
  "network.bias_initializer": "Bias initialiser",
  "network.bias_init_scale": "Bias initialiser scale",
  "training.learning_rate": "Learning rate",
  "training.batch_size": "Batch size",
  "training.optimizer": "Optimiser",
  "training.momentum": "Momentum",
  "training.nesterov": "Nesterov",
  "training.beta_1": "Beta 1",
  "training.beta_2": "Beta 2",
  "training.rho": "Rho",
  "training.epsilon": "Epsilon",
  "training.schedule": "Schedule",
  "training.decay_rate": "Decay rate",
  "training.decay_steps": "Decay steps",
  "training.power_t": "Power",
  "training.min_learning_rate": "Smallest learning rate",
  "training.regularization": "Regularisation",
  "training.alpha": "Regularisation rate",
  "training.dropout": "Dropout",
  "training.early_stopping": "Early stopping",
  "training.patience": "Patience",
  "training.min_delta": "Smallest improvement",
  "training.clip_norm": "Clip gradient norm",
  points: "The points",
  value: "The weight",
  fps: "Frames per second",
  steps_per_frame: "Steps per frame",
  steps: "Steps",
  epochs: "Epochs",
  resolution: "Resolution",
};

/** Every sentence, by key: `type.*` a 422 item's type, `code.*` an error's code, `run.*` a run message. */
export const TEMPLATES = {
  "type.less_than_equal": "{label} can be at most {le}.",
  "type.less_than": "{label} must be less than {lt}.",
  "type.greater_than_equal": "{label} must be at least {ge}.",
  "type.greater_than": "{label} must be more than {gt}.",
  "type.int_type": "{label} must be a whole number.",
  "type.int_from_float": "{label} must be a whole number.",
  "type.int_parsing": "{label} must be a whole number.",
  "type.float_type": "{label} must be a number.",
  "type.float_parsing": "{label} must be a number.",
  "type.finite_number": "{label} must be a number.",
  "type.bool_type": "{label} must be on or off.",
  "type.literal_error": "{label} must be one of: {expected}.",
  "type.too_short": "{label} needs at least {min_length}.",
  "type.too_long": "{label} can have at most {max_length}.",
  "type.missing": "{label} is missing.",
  "type.value_error": "{label} cannot take that value with the current settings.",
  "type.other": "{label} cannot take that value.",
  "type.unnamed": "The playground could not use that input. Check it, then try again.",
  "code.session_not_found": "The server had forgotten this run. Reload the page to start again.",
  "code.conflict": "Training cannot go on from here. Press Reset to start again.",
  "code.body_too_large": "That is too much data to send at once.",
  "code.unsupported_media_type": "That file is not one the playground can read.",
  "code.too_many_viewers": "This run is open in too many tabs. Close one, then try again.",
  "code.too_many_sessions": "The server is full right now. Try again in a minute.",
  "code.too_many_streams": "The server is full right now. Try again in a minute.",
  "code.shutting_down": "The server is restarting. Try again in a moment.",
  "code.internal_error": "Something went wrong on the server. Reload the page to go on.",
  "code.other": "The server could not do that. Reload the page if it keeps happening.",
  "code.unreachable": "The playground could not reach its server. Check that it is running, then try again.",
  "run.diverged.title": "Training stopped at step {step}: the loss became too large.",
  "run.diverged.title_nostep": "Training stopped: the loss became too large.",
  "run.diverged.text":
    "The weights are no longer useful. Lower the learning rate (ten times lower is a good start), " +
    "then press Reset. Gradient clipping or the adam optimiser can also help.",
  "run.diverged.fix": "Use learning rate {rate} and reset",
  "run.stopped_early.title": "Stopped early.",
  "run.stopped_early.text":
    "At epoch {epoch} the validation loss had not improved for {patience} epochs, so training " +
    "stopped before the network could overfit. Press Reset to train again, or turn off Early stopping.",
  "run.stopped_early.fix": "Reset and train again",
  "run.data_rebuilt": "The data changed, so the network starts again with new weights.",
  "load.options": "Could not load the option lists, so the controls show only the current values.",
  "load.points": "Could not load the data points. {reason}",
  "load.curve": "Could not load the {name} curve. {reason}",
  "start.defaults": "{reason} The playground started from its default settings instead.",
  "start.points": "The saved points could not be used. {reason}",
  "start.failed": "Cannot start a training session.",
  "start.failed_text": "{reason} Check that the NN Playground server is running, then reload.",
};

/** The template `key` with its {placeholders} filled from `params` (numbers written for people). */
export function say(key, params = {}) {
  const template = TEMPLATES[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === "number" ? formatLimit(value) : String(value);
  });
}

/** The label of the control behind a 422 item's `loc` (["body", "training", "batch_size"]), or null. */
export function labelFor(loc) {
  const parts = (Array.isArray(loc) ? loc : []).filter(
    (p) => typeof p === "string" && !["body", "query", "path"].includes(p),
  );
  for (let n = parts.length; n > 0; n--) {
    const label = LABELS[parts.slice(0, n).join(".")];
    if (label) return label;
  }
  return null;
}

/** One 422 item as a sentence about its control (a general one when it names no control). */
export function itemSentence(item) {
  const label = labelFor(item?.loc);
  if (!label) return say("type.unnamed");
  const key = `type.${item?.type}`;
  return say(TEMPLATES[key] ? key : "type.other", { ...(item?.ctx ?? {}), label });
}

/** Any failure as sentences a learner can act on; never the server's developer wording. */
export function explain(error) {
  if (!(error instanceof ApiError)) return say("code.unreachable");
  if (Array.isArray(error.detail)) {
    const sentences = [...new Set(error.detail.map(itemSentence))];
    if (sentences.length) return sentences.join(" ");
  }
  const key = `code.${error.code}`;
  return say(TEMPLATES[key] ? key : "code.other");
}

/** The banner for a run that cannot train on, from its `message_code` and `message_params`. */
export function runBanner(metrics, learningRate) {
  const code = metrics.message_code ?? metrics.status;
  const params = metrics.message_params ?? {};
  if (code === "diverged") {
    const step = params.step ?? metrics.diverged_at ?? null;
    const rate = learningRate ? learningRate / 10 : null;
    return {
      title: step === null ? say("run.diverged.title_nostep") : say("run.diverged.title", { step }),
      text: say("run.diverged.text"),
      fix: rate ? say("run.diverged.fix", { rate: formatNumber(rate) }) : null,
    };
  }
  if (code === "stopped_early") {
    const filled = { epoch: params.epoch ?? metrics.epoch, patience: params.patience };
    return {
      title: say("run.stopped_early.title"),
      text: say("run.stopped_early.text", filled),
      fix: say("run.stopped_early.fix"),
    };
  }
  return null;
}
