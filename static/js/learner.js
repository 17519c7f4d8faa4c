// What the learner reads: the server's precise answers (an error's `code`, a 422 item's `loc`,
// `type` and `ctx`, a run message's `message_code` and `message_params`) turned into plain sentences
// about the playground's controls. The wording lives in the catalogues (static/i18n/*.json): a
// control's label under `field.<dotted path>`, each sentence under its `type.*`, `code.*` or `run.*` key.

import { ApiError } from "./api.js";
import { formatNumber } from "./format.js";
import { has, t } from "./i18n.js";

/** The template `key` (a `type.*`, `code.*`, `run.*`, ... entry of the catalogue) with its
 * {placeholders} filled from `params`, in the page's language (numbers written for people). */
export function say(key, params = {}) {
  return t(key, params);
}

/** The label of the control behind a 422 item's `loc` (["body", "training", "batch_size"]), or null. */
export function labelFor(loc) {
  const parts = (Array.isArray(loc) ? loc : []).filter(
    (p) => typeof p === "string" && !["body", "query", "path"].includes(p),
  );
  for (let n = parts.length; n > 0; n--) {
    const key = `field.${parts.slice(0, n).join(".")}`;
    if (has(key)) return t(key);
  }
  return null;
}

/** One 422 item as a sentence about its control (a general one when it names no control). */
export function itemSentence(item) {
  const label = labelFor(item?.loc);
  if (!label) return say("type.unnamed");
  const key = `type.${item?.type}`;
  return say(has(key) ? key : "type.other", { ...(item?.ctx ?? {}), label });
}

/** Any failure as sentences a learner can act on; never the server's developer wording. */
export function explain(error) {
  if (!(error instanceof ApiError)) return say("code.unreachable");
  if (Array.isArray(error.detail)) {
    const sentences = [...new Set(error.detail.map(itemSentence))];
    if (sentences.length) return sentences.join(" ");
  }
  const key = `code.${error.code}`;
  return say(has(key) ? key : "code.other");
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
