// "Compare with a change": one-click variants of the live run. Each variant names one setting and
// the values to try; the live run comes first, then one copy per other value with only that field
// changed (data, seed and every other setting kept), so what differs is what the label says.

import { formatNumber } from "./format.js";
import { optionLabel, t } from "./i18n.js";
import { outputKind } from "./rules.js";

/** At most this many runs side by side. */
export const MAX_RUNS = 4;
/** The server's bound on the learning rate (docs/api.md, limits). */
const MAX_LEARNING_RATE = 100;

const network = (changes) => ({ network: changes });
const training = (changes) => ({ training: changes });

/**
 * The kinds of change, in menu order: `changes(config)` lists the partial configs to try,
 * `value(config)` names a run's value of that setting (in the page's language), `applies(config)`
 * whether the variant makes sense for the run.
 */
export const VARIANTS = [
  {
    id: "activation",
    changes: () => ["sigmoid", "relu", "tanh"].map((activation) => network({ activation })),
    value: (c) => [c.network.activation].flat().map((name) => optionLabel("activations", name)).join(", "),
  },
  {
    id: "loss",
    changes: () => ["mse", "cross_entropy"].map((loss) => network({ loss })),
    value: (c) => optionLabel("losses", c.network.loss),
    applies: (c) => outputKind(c) !== "regression",
  },
  {
    id: "batch",
    changes: () => [1, 10, 100].map((size) => training({ batch_size: size })),
    value: (c) => formatNumber(c.training.batch_size),
  },
  {
    id: "rate",
    changes: (c) =>
      [c.training.learning_rate / 10, c.training.learning_rate * 10]
        .filter((rate) => rate > 0 && rate <= MAX_LEARNING_RATE)
        .map((rate) => training({ learning_rate: Number(rate.toPrecision(12)) })),
    value: (c) => formatNumber(c.training.learning_rate),
  },
  {
    id: "init",
    changes: () => [
      network({ kernel_initializer: "constant", kernel_init_scale: 0.5 }),
      network({ kernel_initializer: "glorot_uniform" }),
    ],
    value: (c) => {
      const name = c.network.kernel_initializer;
      return name === "constant" ? t("compare.value.equal") : optionLabel("initializers", name);
    },
  },
  {
    id: "l2",
    changes: () => [training({ regularization: "none", alpha: 0 }), training({ regularization: "l2", alpha: 0.01 })],
    value: (c) => {
      const { regularization, alpha } = c.training;
      if (regularization === "none" || alpha === 0) return t("compare.value.none");
      return t("compare.value.penalty", { name: optionLabel("regularizers", regularization), value: formatNumber(alpha) });
    },
  },
];

/** What a run of `variant` has, e.g. "activation: ReLU", in the page's language. */
export function variantLabel(variant, config) {
  return t(`compare.label.${variant.id}`, { value: variant.value(config) });
}

/** `config` with the sections of `changes` merged in (a deep copy; `config` is left as it was). */
export function withChange(config, changes) {
  const out = structuredClone(config);
  for (const [section, fields] of Object.entries(changes)) out[section] = { ...out[section], ...fields };
  return out;
}

/** The changes of `variant` that make a run other than the live `config`, each with its config. */
export function variantChoices(variant, config) {
  const seen = new Set([JSON.stringify(config)]);
  const out = [];
  for (const changes of variant.changes(config)) {
    const changed = withChange(config, changes);
    const key = JSON.stringify(changed);
    if (!seen.has(key)) out.push({ changes, config: changed });
    seen.add(key);
  }
  return out;
}

/**
 * The runs comparing the live `config` with `choices` (from variantChoices): [{config, label()}],
 * the live run first, at most MAX_RUNS in all.
 */
export function variantRuns(variant, config, choices) {
  const runs = [{ config: structuredClone(config), live: true }, ...choices.map((c) => ({ config: c.config, live: false }))];
  return runs.slice(0, MAX_RUNS).map(({ config: c, live }) => ({
    config: c,
    label: () => (live ? t("compare.live", { label: variantLabel(variant, c) }) : variantLabel(variant, c)),
  }));
}
