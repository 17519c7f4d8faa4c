// Preset values offered beside a number box, as TensorFlow Playground lists its rates: choosing one
// puts it in the box and sends it as if typed; the box keeps free entry, and the list reads "custom"
// while the box holds a value that is not a preset.

import { t } from "./i18n.js";

/** Learning and regularisation rates a class usually tries (TensorFlow Playground's lists). */
export const RATE_PRESETS = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

const TEXT = {
  get custom() {
    return t("presets.custom");
  },
  get customTip() {
    return t("presets.customTip");
  },
};

export class PresetSelect {
  /** select: the list to fill; input: the number box it feeds (its "change" sends the value). */
  constructor(select, input, values) {
    this.select = select;
    this.input = input;
    const custom = new Option(TEXT.custom, "");
    custom.title = TEXT.customTip;
    select.replaceChildren(custom, ...values.map((v) => new Option(String(v), String(v))));
    select.addEventListener("change", () => this.choose());
    document.documentElement.addEventListener("language", () => this.translate());
  }

  /** The "custom" entry in the page's language. */
  translate() {
    this.select.options[0].text = TEXT.custom;
    this.select.options[0].title = TEXT.customTip;
  }

  choose() {
    if (this.select.value === "") {
      this.input.focus();
      this.input.select();
      return;
    }
    this.input.value = this.select.value;
    this.input.dispatchEvent(new Event("change"));
  }

  /** Show the preset equal to `value` (or "custom"); follow the box's greyed-out state. */
  show(value) {
    const match = [...this.select.options].find((o) => o.value !== "" && Number(o.value) === value);
    this.select.value = match ? match.value : "";
    this.select.disabled = this.input.disabled;
  }
}
