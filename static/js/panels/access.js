// Keyboard, screen-reader and phone access across the panels: the output plot's keyboard cursor, a
// list of every link to pick one for editing ("edit-link" event; the Network panel opens its editor),
// a label (or aria-hidden inside a labelled control) on every canvas, and the advanced settings
// folded on a narrow screen.

import { t } from "../i18n.js";
import { PlotCursor } from "../plotcursor.js";

const $ = (id) => document.getElementById(id);
const NARROW = "(max-width: 700px)";

const MESSAGES = {
  links: () => t("access.links"),
  unit: (layer, unit) => t("net.unit", { layer, unit }),
  output: (unit, outputs) => (outputs === 1 ? t("access.output") : t("access.outputN", { unit })),
  link: (from, to) => `${from} → ${to}`,
};

/** What each kind of canvas shows; null: drawn inside a control that carries the name (aria-hidden). */
const CANVAS_LABELS = [
  [".network canvas.links", MESSAGES.links],
  ["#heatmap, #points", null],
  ["button canvas", null],
];

export class AccessPanel {
  constructor(store) {
    this.store = store;
    this.cursor = new PlotCursor($("plot"), store);
    this.linksKey = "";
    if (window.matchMedia(NARROW).matches) {
      for (const d of document.querySelectorAll("details.more")) d.open = false;
    }
    labelCanvases(document);
    new MutationObserver(() => labelCanvases(document)).observe(document.querySelector(".layout"), {
      childList: true,
      subtree: true,
    });
    $("link-edit").addEventListener("click", () => this.editPicked());
    store.on("paint", ({ frame }) => this.listLinks(frame?.weights));
  }

  /** One option per link ("layer,row,col"), rebuilt only when the network's shape changed. */
  listLinks(weights) {
    if (!weights) return;
    const shape = weights.map((w) => `${w.W.length}x${w.W[0]?.length ?? 0}`).join(" ");
    const inputs = this.store.get("config").features?.inputs ?? [];
    const key = `${shape}|${inputs.join(",")}|${document.documentElement.lang}`;
    if (key === this.linksKey) return;
    this.linksKey = key;
    const select = $("link-picker");
    const kept = select.value;
    const labels = Object.fromEntries((this.store.get("tables").features ?? []).map((f) => [f.name, f.label]));
    const outputs = weights.at(-1).W.length;
    const name = (layer, unit) =>
      layer === 0
        ? (labels[inputs[unit]] ?? inputs[unit] ?? t("access.input", { unit: unit + 1 }))
        : layer === weights.length
          ? MESSAGES.output(unit + 1, outputs)
          : MESSAGES.unit(layer, unit + 1);
    const options = [];
    weights.forEach((w, l) => {
      w.W.forEach((row, r) => {
        row.forEach((_, c) => {
          options.push(new Option(MESSAGES.link(name(l, c), name(l + 1, r)), `${l},${r},${c}`));
        });
      });
    });
    select.replaceChildren(...options);
    if (options.some((o) => o.value === kept)) select.value = kept;
  }

  /** Ask for the editor of the picked link, placed under the picker. */
  editPicked() {
    const value = $("link-picker").value;
    if (!value) return;
    const [layer, row, col] = value.split(",").map(Number);
    const box = $("link-picker").getBoundingClientRect();
    this.store.emit("edit-link", { layer, row, col, x: box.left, y: box.bottom });
  }
}

/** Give every canvas under `root` its label (role img) or hide it inside its labelled control. */
export function labelCanvases(root) {
  for (const canvas of root.querySelectorAll("canvas:not([role]):not([aria-hidden])")) {
    const rule = CANVAS_LABELS.find(([selector]) => canvas.matches(selector));
    if (!rule) continue;
    if (rule[1] === null) {
      canvas.setAttribute("aria-hidden", "true");
    } else {
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", rule[1]());
    }
  }
}
