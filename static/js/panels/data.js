// The Data panel: the dataset picker with its thumbnails, the data settings, and the person's own
// points (the class or target of new points, adding and erasing them by clicking the output plot,
// CSV upload, Clear). Adds and erases on the store's "plot-click" events.

import { api } from "../api.js";
import { classColor, classMarker, cssColor } from "../colors.js";
import { FieldGroup } from "../fields.js";
import { drawMarker, drawPoints } from "../points.js";
import {
  allPoints,
  classCount,
  classCountChanges,
  csvClassCount,
  datasetChanges,
  datasetSpec,
  labelChanges,
  nearest,
  outputKind,
} from "../rules.js";
import { sampleDataset } from "../samples.js";

const ERASE_RADIUS = 0.5;
const COUNT_WORDS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"];

/** What this panel tells the learner, by key (templates of the notes rules.js returns). */
const MESSAGES = {
  softmax: ({ classes }) =>
    `${COUNT_WORDS[classes] ?? classes} classes need one output per class, so the output is now softmax.`,
  binaryFits: () =>
    'Two classes also work with a single sigmoid output: choose "binary" as the Problem type to use it.',
  loaded: ({ count }) => `Loaded ${count} points.`,
};
const $ = (id) => document.getElementById(id);

export class DataPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.fields = new FieldGroup(document.querySelector(".panel.data"), store, session, {
      "data.n_classes": (k) => this.setClassCount(k),
    });
    /** Thumbnail samples by dataset name, and the canvas each is drawn into. */
    this.thumbs = new Map();
    this.thumbCanvases = new Map();
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
    $("clear-points").addEventListener("click", () => {
      store.emit("pause");
      session.run(() => this.setPoints([]));
    });
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
    store.on("started", () => this.drawThumbs());
  }

  show() {
    const s = this.store;
    const d = datasetSpec(s.get("tables"), s.get("config").data?.dataset);
    const tables = s.get("tables");
    this.setDatasets(tables.datasets?.length ? tables.datasets : [d], d.name);
    for (const [name, t] of this.thumbs) this.drawThumb(name, t.pts, t.regression);
    $("classes-label").hidden = !d.uses_n_classes;
    $("n-classes").min = String(d.min_classes ?? 2);
    $("n-classes").max = String(d.max_classes ?? 10);
    $("dataset-description").textContent = (s.get("custom") ? "Your own points." : d.description) ?? "";
    const k = classCount(tables, s.get("config"), s.get("custom"));
    if (s.get("selectedClass") >= k) s.set({ selectedClass: 0 });
    this.setClassPicker(k, outputKind(s.get("config")) === "regression");
  }

  // ------------------------------------------------------------------ datasets

  /** One thumbnail button per dataset; `selected` is marked. */
  setDatasets(datasets, selected) {
    const root = $("datasets");
    if (root.childElementCount !== datasets.length) {
      root.replaceChildren();
      this.thumbCanvases.clear();
      for (const d of datasets) root.append(this.datasetButton(d));
    }
    for (const b of root.children) {
      const on = b.dataset.name === selected;
      b.classList.toggle("selected", on);
      b.setAttribute("aria-checked", String(on));
    }
  }

  datasetButton(d) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "dataset";
    b.setAttribute("role", "radio");
    b.dataset.name = d.name;
    b.title = d.description ?? d.name;
    const c = document.createElement("canvas");
    c.width = 64;
    c.height = 64;
    const label = document.createElement("span");
    label.textContent = d.name.replaceAll("_", " ");
    b.append(c, label);
    b.addEventListener("click", () => {
      const s = this.store;
      this.session.patch(datasetChanges(s.get("tables"), s.get("config"), d.name));
    });
    this.thumbCanvases.set(d.name, c);
    return b;
  }

  /** Draw a small sample of every dataset into its thumbnail, one dataset at a time. */
  async drawThumbs() {
    for (const d of this.store.get("tables").datasets ?? []) {
      if (this.thumbs.has(d.name)) continue;
      const thumb = await sampleDataset(d);
      if (!thumb) continue;
      this.thumbs.set(d.name, thumb);
      this.drawThumb(d.name, thumb.pts, thumb.regression);
    }
  }

  drawThumb(name, points, regression) {
    const c = this.thumbCanvases.get(name);
    if (!c) return;
    const ctx = c.getContext("2d");
    ctx.fillStyle = "#fafafa";
    ctx.fillRect(0, 0, c.width, c.height);
    drawPoints(ctx, c.width, points, { regression, markerSize: 1.8 });
  }

  // ------------------------------------------------------------------ the person's own points

  /** k classes to pick from for new points; regression shows a target value box instead. */
  setClassPicker(k, regression) {
    $("target-label").hidden = !regression;
    const root = $("class-picker");
    root.hidden = regression;
    if (root.childElementCount !== k) {
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
    b.setAttribute("aria-label", `class ${j}`);
    b.title = `New points get class ${j}`;
    const c = document.createElement("canvas");
    c.width = 20;
    c.height = 20;
    drawMarker(c.getContext("2d"), classMarker(j), 10, 10, 6, cssColor(classColor(j)));
    const t = document.createElement("span");
    t.textContent = String(j);
    b.append(c, t);
    b.addEventListener("click", () => {
      this.store.set({ selectedClass: j });
      this.show();
    });
    return b;
  }

  /** Add a point at (x1, x2) with the chosen class (or target), or erase the nearest one. */
  edit(x1, x2, action) {
    const s = this.store;
    const current = s.get("custom") ?? allPoints(s.get("points"));
    let next;
    if (action === "erase") {
      const best = nearest(current, x1, x2, ERASE_RADIUS);
      if (best < 0) return;
      next = current.filter((_, i) => i !== best);
    } else {
      const regression = outputKind(s.get("config")) === "regression";
      const label = regression ? s.get("targetValue") : s.get("selectedClass");
      next = [...current, [round3(x1), round3(x2), label]];
    }
    this.session.run(() => this.setPoints(next));
  }

  /** Replace the data with `points`; below two points the set is only kept on the page. */
  async setPoints(points) {
    const s = this.store;
    s.set({ custom: points });
    if (points.length < 2) {
      s.set({ points: splitLocally(points) });
      this.session.toast("Add at least two points to train on your own data.", "info");
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
    const custom = allPoints(this.store.get("points"));
    this.store.set({ custom });
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

function splitLocally(points) {
  return {
    train: { X: points.map((p) => [p[0], p[1]]), y: points.map((p) => p[2]) },
    val: { X: [], y: [] },
    test: { X: [], y: [] },
  };
}
