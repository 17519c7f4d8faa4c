// The controls of one panel that show a config field (`data-path="training.learning_rate"`): each
// select is filled from its option table, each number box gets its bounds, every control shows the
// resolved config and reports a change as one PATCH (a dataset or problem type brings the consistent
// changes with it, see rules.js). Controls that do nothing for the current choices are greyed out.

import { formatNumber, formatPercent } from "./format.js";
import { optionLabel, t } from "./i18n.js";
import { datasetChanges, outputChanges, relevance } from "./rules.js";
import { getPath, partial } from "./state.js";

/** Why a greyed-out control does nothing now, by field (shown as its tooltip): catalogue keys. */
const NOT_APPLICABLE = {
  "data.train_ratio": "data.ownSplits",
  "data.val_ratio": "data.ownSplits",
};

/** A select's tooltip is its chosen option's. */
function showTip(select) {
  select.title = select.selectedOptions[0]?.title ?? "";
}

/** A ratio slider shows a percentage, others their value. */
function sliderText(field, value) {
  return field.id.endsWith("ratio") ? formatPercent(value) : formatNumber(value);
}

export class FieldGroup {
  /** `own`: {path: (value) => ...} for fields whose change the panel carries out itself. */
  constructor(root, store, session, own = {}) {
    this.store = store;
    this.session = session;
    this.own = own;
    this.fields = [...root.querySelectorAll("[data-path]")];
    store.on("tables", (tables) => this.setOptionTables(tables));
    const relevant = () => relevance(store.get("tables"), store.get("config"), store.get("custom"));
    store.on("language", () => {
      this.setOptionTables(store.get("tables"));
      this.show(store.get("config"), true);
      this.setRelevance(relevant());
    });
    store.on("bounds", (bounds) => this.setBounds(bounds));
    store.on("refresh", ({ force }) => {
      this.show(store.get("config"), force);
      this.setRelevance(relevant());
    });
    store.on("custom", () => this.setRelevance(relevant()));
    for (const field of this.fields) this.bind(field);
  }

  /** Fill every select naming a table (data-table); each option's tooltip is its formula or description. */
  setOptionTables(tables) {
    for (const select of this.fields.filter((f) => f.dataset.table)) {
      const table = select.dataset.table;
      const entries = tables?.[table] ?? [];
      const current = select.value;
      select.replaceChildren(
        ...entries.map((e) => {
          const option = new Option(optionLabel(table, e.name), e.name);
          option.title = t(`option.${table}.${e.name}.tip`, {}, e.formula ?? e.description ?? "");
          return option;
        }),
      );
      if (entries.some((e) => e.name === current)) select.value = current;
      showTip(select);
    }
  }

  /** Give each number box the range its field accepts (GET /api/options → bounds), else keep the page's. */
  setBounds(bounds) {
    for (const field of this.fields) {
      const range = field.type === "number" ? bounds?.[field.dataset.path] : undefined;
      if (!range) continue;
      if (range.min !== null && range.min !== undefined) field.min = String(range.min);
      if (range.max !== null && range.max !== undefined) field.max = String(range.max);
    }
  }

  /** Show the config; a number box being typed in keeps its text unless `force` (after a refusal). */
  show(config, force = false) {
    for (const field of this.fields) {
      if (!force && field === document.activeElement && field.type === "number") continue;
      let value = getPath(config, field.dataset.path);
      if (field.type === "checkbox") {
        field.checked = Boolean(value);
        continue;
      }
      if (field.id === "activation" && Array.isArray(value)) {
        value = value.every((v) => v === value[0]) ? value[0] : "";
      }
      if (value === null || value === undefined) value = "";
      if (field.tagName === "SELECT") addMissingOption(field, value);
      field.value = String(value);
      if (field.tagName === "SELECT") showTip(field);
      const shown = document.getElementById(`${field.id}-value`);
      if (shown) shown.textContent = sliderText(field, value);
    }
  }

  /** Grey out controls that do nothing for the current choices; limit the loss list. */
  setRelevance(which) {
    for (const field of this.fields) {
      if (field.dataset.table === "losses") {
        for (const option of field.options) {
          option.disabled = Boolean(which.losses) && !which.losses.includes(option.value);
        }
      }
      const on = which[field.dataset.path];
      if (on === undefined) continue;
      field.disabled = !on;
      const label = field.closest("label");
      label?.classList.toggle("irrelevant", !on);
      if (label && NOT_APPLICABLE[field.dataset.path]) label.title = on ? "" : t(NOT_APPLICABLE[field.dataset.path]);
    }
  }

  bind(field) {
    if (field.tagName === "SELECT") field.addEventListener("change", () => showTip(field));
    field.addEventListener("change", () => {
      const value = readField(field);
      if (value !== undefined) this.change(field.dataset.path, value);
    });
    if (field.type === "range") {
      field.addEventListener("input", () => {
        const shown = document.getElementById(`${field.id}-value`);
        if (shown) shown.textContent = sliderText(field, Number(field.value));
      });
    }
  }

  change(path, value) {
    const s = this.store;
    if (this.own[path]) this.own[path](value);
    else if (path === "data.dataset") {
      this.session.patch(datasetChanges(s.get("tables"), s.get("config"), value));
    } else if (path === "network.output") {
      this.session.patch(outputChanges(s.get("tables"), s.get("config"), value, s.get("custom")));
    } else this.session.patch(partial(path, value));
  }
}

/** A select shows a value it has no option for (an older name), or "per layer" for mixed activations. */
function addMissingOption(select, value) {
  const options = [...select.options];
  if (value !== "" && !options.some((o) => o.value === value)) {
    select.append(new Option(String(value), String(value)));
  }
  if (value === "" && !options.some((o) => o.value === "")) select.append(new Option(t("fields.perLayer"), ""));
}

/** The value a control now holds, or undefined when it holds nothing to send. */
function readField(field) {
  let value;
  if (field.type === "checkbox") value = field.checked;
  else if (field.type === "number" || field.type === "range") {
    if (field.value === "") value = field.dataset.path === "training.clip_norm" ? null : undefined;
    else value = Number(field.value);
  } else value = field.value;
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return undefined;
  if (field.tagName === "SELECT" && value === "") return undefined;
  return value;
}
