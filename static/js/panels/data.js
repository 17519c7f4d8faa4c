// The Data panel: the dataset picker with its thumbnails, the data settings, and the person's own
// points (the class or target of new points, adding and erasing them by clicking the output plot,
// CSV upload, Clear). Adds and erases on the store's "plot-click" events. A placed point trains
// unless "Add as test point" is ticked; points too few to train on stay on the page and set
// `dataPending`, so nothing trains on data that is no longer shown.

import { api } from "../api.js";
import { DatasetPicker } from "../dataset-picker.js";
import { classColor, classMarker, cssColor } from "../colors.js";
import { FieldGroup } from "../fields.js";
import { t } from "../i18n.js";
import { addPoint, blankFrame, erasePoint, splitLocally } from "../own-points.js";
import { drawMarker, splitSwatch } from "../points.js";
import {
  classCount,
  classCountChanges,
  csvClassCount,
  datasetChanges,
  datasetSpec,
  labelChanges,
  labelledPoints,
  outputKind,
  trainable,
} from "../rules.js";

const $ = (id) => document.getElementById(id);

/** What this panel tells the learner, by key (some are templates of the notes rules.js returns). */
const MESSAGES = {
  softmax: ({ classes }) => t("data.softmax", { classes: t(`number.${classes}`, {}, String(classes)) }),
  binaryFits: () => t("data.binaryFits"),
  loaded: ({ count }) => t("data.loaded", { count }),
  get needPoints() {
    return t("data.needPoints");
  },
  get ownPoints() {
    return t("data.ownPoints");
  },
  addedPoints: (n) => t("data.addedPoints", { count: n }),
  get legend() {
    return ["train", "test", "val"].map((split) => [split, t(`data.legend.${split}`)]);
  },
};

export class DataPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.fields = new FieldGroup(document.querySelector(".panel.data"), store, session, {
      "data.n_classes": (k) => this.setClassCount(k),
    });
    this.picker = new DatasetPicker($("datasets"), (name) =>
      session.patch(datasetChanges(store.get("tables"), store.get("config"), name)),
    );
    $("regenerate").addEventListener("click", () =>
      session.patch({ random_state: Math.floor(Math.random() * 2 ** 31) }),
    );
    $("csv").addEventListener("change", async () => {
      const file = $("csv").files?.[0];
      if (!file) return;
      const text = await file.text();
      session.run(() => this.uploadCsv(text));
      $("csv").value = "";
    });
    $("clear-points").addEventListener("click", () => this.clear());
    this.bindOwnPoints();
    const target = () => store.set({ targetValue: Number($("target-value").value) || 0 });
    $("target-value").addEventListener("input", target);
    target();
    for (const radio of document.querySelectorAll("input[name=click-mode]")) {
      radio.addEventListener("change", () => store.set({ clickMode: radio.value }));
    }
    store.on("plot-click", ({ x1, x2, action }) => {
      if (action === "add" || action === "erase") this.edit(x1, x2, action);
    });
    store.on("refresh", () => this.show());
    store.on("language", () => {
      this.showSplitLegend();
      this.show();
    });
    store.on("started", () => this.picker.drawThumbs(store.get("tables").datasets ?? []));
  }

  show() {
    const s = this.store;
    const d = datasetSpec(s.get("tables"), s.get("config").data?.dataset);
    const tables = s.get("tables");
    this.picker.show(tables.datasets?.length ? tables.datasets : [d], d.name);
    $("classes-label").hidden = !d.uses_n_classes;
    $("n-classes").min = String(d.min_classes ?? 2);
    $("n-classes").max = String(d.max_classes ?? 10);
    const added = s.get("added");
    let description = t(`option.datasets.${d.name}.tip`, {}, d.description ?? "");
    if (added) description = `${description} ${MESSAGES.addedPoints(added.length)}`;
    else if (s.get("custom")) description = MESSAGES.ownPoints;
    $("dataset-description").textContent = description;
    const k = classCount(tables, s.get("config"), s.get("custom"));
    if (s.get("selectedClass") >= k) s.set({ selectedClass: 0 });
    this.setClassPicker(k, outputKind(s.get("config")) === "regression");
  }

  // ------------------------------------------------------------------ the person's own points

  /** k classes to pick from for new points; regression shows a target value box instead. */
  setClassPicker(k, regression) {
    $("target-label").hidden = !regression;
    const root = $("class-picker");
    root.hidden = regression;
    if (root.childElementCount !== k || root.lang !== document.documentElement.lang) {
      root.lang = document.documentElement.lang;
      root.replaceChildren();
      for (let j = 0; j < k; j++) root.append(this.classButton(j));
    }
    const selected = this.store.get("selectedClass");
    [...root.children].forEach((b, j) => b.setAttribute("aria-checked", String(j === selected)));
  }

  classButton(j) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "class-button";
    b.setAttribute("role", "radio");
    b.setAttribute("aria-label", t("data.class", { k: j }));
    b.title = t("data.classTip", { k: j });
    const c = document.createElement("canvas");
    c.width = 20;
    c.height = 20;
    drawMarker(c.getContext("2d"), classMarker(j), 10, 10, 6, cssColor(classColor(j)));
    const number = document.createElement("span");
    number.textContent = String(j);
    b.append(c, number);
    b.addEventListener("click", () => {
      this.store.set({ selectedClass: j });
      this.show();
    });
    return b;
  }

  /** The split legend, the test-point toggle, and what follows a change of the person's points. */
  bindOwnPoints() {
    const s = this.store;
    this.showSplitLegend();
    $("new-point-test").addEventListener("change", () => {
      if ($("new-point-test").checked) s.set({ showTest: true });
    });
    s.on("custom", (custom) => this.ownPointsChanged(custom));
    s.on("frame", () => {
      if (s.get("dataPending")) this.blankMetrics();
    });
  }

  /** The split legend: how the plot draws training, test and validation points. */
  showSplitLegend() {
    $("split-legend").replaceChildren(
      ...MESSAGES.legend.map(([split, text]) => {
        const item = document.createElement("span");
        const label = document.createElement("span");
        label.textContent = text;
        item.append(splitSwatch(split), label);
        return item;
      }),
    );
  }

  /** Remove every point: nothing trains until the person has placed enough new ones. */
  clear() {
    const s = this.store;
    s.emit("pause");
    this.session.run(() => {
      s.set({ added: null });
      return this.setPoints([]);
    });
    s.emit("reset");
  }

  /** Own points changed: note whether they can be trained on; show test points when some arrive. */
  ownPointsChanged(custom) {
    const s = this.store;
    const tests = (custom ?? []).filter((p) => p[3] === "test").length;
    if (tests > (this.testsShown ?? 0) && !s.get("added")) s.set({ showTest: true });
    this.testsShown = tests;
    const pending = custom && !trainable(custom) ? MESSAGES.needPoints : null;
    s.set({ dataPending: pending });
    this.show();
    if (pending) {
      s.set({ points: splitLocally(custom) });
      this.blankMetrics();
    }
  }

  /** Show no loss, accuracy or progress while the run has no data it could train on. */
  blankMetrics() {
    const s = this.store;
    const latest = s.get("latest");
    s.get("history").clear();
    s.emit("history");
    if (!latest) return;
    s.set({ latest: blankFrame(latest) });
    s.emit("paint-soon");
  }

  /** Add a point at (x1, x2) with the chosen class (or target) and split, or erase the nearest one.
   * On a generated dataset the added points are kept apart (`added`), so the link stays short. */
  edit(x1, x2, action) {
    const s = this.store;
    const custom = s.get("custom");
    const current = custom ?? labelledPoints(s.get("points"));
    const added = custom ? s.get("added") : [];
    let change;
    if (action === "erase") {
      change = erasePoint(current, added, x1, x2);
      if (!change) return;
    } else {
      const regression = outputKind(s.get("config")) === "regression";
      const label = regression ? s.get("targetValue") : s.get("selectedClass");
      const point = [round3(x1), round3(x2), label];
      if ($("new-point-test").checked) point.push("test");
      change = addPoint(current, added, point);
    }
    this.session.run(() => {
      s.set({ added: change.added?.length ? change.added : null });
      return this.setPoints(change.next);
    });
  }

  /** Replace the data with `points`; points too few to train on are only kept on the page. */
  async setPoints(points) {
    const s = this.store;
    s.set({ custom: points });
    if (!trainable(points)) {
      if (points.length) this.session.toast(MESSAGES.needPoints, "info");
      return;
    }
    const answer = await api.putPoints(this.session.id, points);
    if (answer?.config) s.set({ config: answer.config });
    this.session.clearHistory();
    await this.session.loadPoints();
    this.session.refresh();
    this.session.expectFrame();
  }

  /** A new class count, with the output it needs, as one change; says what else changed. */
  setClassCount(k) {
    const s = this.store;
    const { changes, note } = classCountChanges(s.get("tables"), s.get("config"), k);
    this.session.run(async () => {
      await this.session.applyPatch(changes);
      if (note) this.session.toast(MESSAGES[note.key](note), "info");
    });
  }

  /** Upload CSV points; labels that need another output switch it first (and back if refused). */
  async uploadCsv(text) {
    const s = this.store;
    const before = s.get("config").network ?? {};
    const { changes, note } = labelChanges(s.get("tables"), s.get("config"), csvClassCount(text));
    if (changes) await this.session.applyPatch(changes);
    let answer;
    try {
      answer = await api.putPointsCsv(this.session.id, text);
    } catch (error) {
      if (changes) await this.session.applyPatch({ network: { output: before.output, loss: before.loss } });
      throw error;
    }
    if (answer?.config) this.store.set({ config: answer.config });
    await this.session.loadPoints();
    const custom = labelledPoints(this.store.get("points"));
    this.store.set({ custom, added: null });
    this.session.clearHistory();
    this.session.refresh();
    this.session.expectFrame();
    const said = [MESSAGES.loaded({ count: custom.length }), note ? MESSAGES[note.key](note) : ""];
    this.session.toast(said.join(" ").trim(), "info");
  }
}

function round3(v) {
  return Math.round(v * 1000) / 1000;
}
