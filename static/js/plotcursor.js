// A keyboard cursor on the output plot: the arrow keys move a visible crosshair over the data box
// (Shift: in small steps), Enter or Space acts there as a click would in the chosen click mode (the
// same "plot-click" event), and a hidden live line tells screen readers where the cursor is.

import { t } from "./i18n.js";
import { BOX } from "./points.js";

/** Arrow-key steps as a share of the data box's side: normal, and with Shift held. */
const STEP = 1 / 20;
const FINE_STEP = 1 / 100;
const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

const MESSAGES = {
  get help() {
    return t("cursor.help");
  },
  at: (x1, x2) => t("cursor.at", { x1: x1.toFixed(2), x2: x2.toFixed(2) }),
  get pointerFine() {
    return t("cursor.pointerFine");
  },
  get pointerCoarse() {
    return t("cursor.pointerCoarse");
  },
};

export class PlotCursor {
  /** plot: the focusable plot element; store: the page's store (reads clickMode, emits plot-click). */
  constructor(plot, store) {
    this.plot = plot;
    this.store = store;
    this.at = [0, 0]; // data coordinates (x1, x2)
    this.mark = element("div", "plot-cursor");
    this.mark.setAttribute("aria-hidden", "true");
    this.mark.hidden = true;
    const help = element("p", "visually-hidden", MESSAGES.help);
    help.id = "plot-help";
    this.status = element("p", "visually-hidden");
    this.status.setAttribute("aria-live", "polite");
    plot.append(this.mark);
    plot.after(help, this.status);
    const coarse = window.matchMedia("(pointer: coarse)").matches;
    plot.title = coarse ? MESSAGES.pointerCoarse : MESSAGES.pointerFine;
    store.on("language", () => {
      help.textContent = MESSAGES.help;
      plot.title = coarse ? MESSAGES.pointerCoarse : MESSAGES.pointerFine;
    });
    plot.addEventListener("keydown", (e) => this.key(e));
    plot.addEventListener("focus", () => this.show());
    plot.addEventListener("blur", () => {
      this.mark.hidden = true;
    });
  }

  key(e) {
    const move = MOVES[e.key];
    if (move) {
      const step = 2 * BOX * (e.shiftKey ? FINE_STEP : STEP);
      this.at = this.at.map((v, i) => clamp(v + move[i] * step, -BOX, BOX));
      this.show();
    } else if (e.key === "Enter" || e.key === " ") {
      const [x1, x2] = this.at;
      this.store.emit("plot-click", { x1, x2, action: this.store.get("clickMode") });
    } else {
      return;
    }
    e.preventDefault(); // no page scroll
    e.stopPropagation(); // Space here is not the page's play shortcut
  }

  show() {
    const [x1, x2] = this.at;
    this.mark.hidden = false;
    this.mark.style.left = `${((x1 + BOX) / (2 * BOX)) * 100}%`;
    this.mark.style.top = `${((BOX - x2) / (2 * BOX)) * 100}%`;
    this.status.textContent = MESSAGES.at(x1, x2);
  }
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

function element(tag, className, text = "") {
  const e = document.createElement(tag);
  e.className = className;
  e.textContent = text;
  return e;
}
