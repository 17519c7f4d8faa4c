// The Sweep panel: vary one or two settings of the live run (value lists offered, free entry kept),
// choose the seeds per cell, the budget in epochs and the metric; Run starts POST /api/sweeps with the
// live config as `base`, a progress bar follows its stream, Cancel deletes it. The results become a
// heatmap table; a cell opens as the live run, the top cells open side by side in the Compare view
// (`compare:open`). A lesson's "Run this sweep" arrives as `sweep:run` with its sweep JSON. A live run
// on the learner's own points sends them; the sweep's id is kept for the tab, so a reload shows it.

import { explain } from "../learner.js";
import { optionLabel, t } from "../i18n.js";
import { finished, followSweep, sweeps } from "../sweep-client.js";
import { keepSweep, recallSweep } from "../sweep-memory.js";
import { livePoints, sessionPoints } from "../sweep-points.js";
import {
  choicesOf,
  defaultMetric,
  METRICS,
  offeredText,
  readValues,
  SETTINGS,
  sweepBody,
} from "../sweep-settings.js";
import { cellLabel, renderTable } from "../sweep-table.js";

const $ = (id) => document.getElementById(id);
/** How many cells "Compare top cells" opens at most (the Compare view shows 2 to 4). */
const COMPARE_MOST = 4;

export class SweepPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.root = $("sweep");
    this.paths = [$("sweep-path-1"), $("sweep-path-2")];
    this.boxes = [$("sweep-values-1"), $("sweep-values-2")];
    this.sweep = null; // {id, done, total, status, points}
    this.result = null; // the last GET /api/sweeps/{id}
    this.follower = null;
    this.fillMenus();
    this.paths.forEach((select, i) =>
      select.addEventListener("change", () => {
        this.boxes[i].value = offeredText(select.value);
        this.showChoices();
      }),
    );
    this.paths[0].value = "training.learning_rate";
    this.boxes[0].value = offeredText("training.learning_rate");
    this.showChoices();
    $("sweep-run").addEventListener("click", () => this.runChosen());
    $("sweep-cancel").addEventListener("click", () => this.cancel());
    $("sweep-compare").addEventListener("click", () => this.compareTop());
    $("sweep-results").addEventListener("click", (event) => {
      const cell = event.target.closest?.("button.sweep-cell");
      if (cell) this.openCell(Number(cell.dataset.index));
    });
    store.on("sweep:run", (sweep) => this.runPreset(sweep));
    store.on("language", () => {
      this.fillMenus();
      this.showStatus();
      if (this.result) renderTable($("sweep-results"), this.result);
    });
    store.on("started", () => {
      $("sweep-metric").value = defaultMetric(store.get("config"));
      this.restore();
    });
  }

  /** The setting menus (the second may vary nothing) and the metric menu, in the page's language. */
  fillMenus() {
    const settings = Object.keys(SETTINGS).map((path) => [path, t(`field.${path}`, {}, path)]);
    this.paths.forEach((select, i) => {
      const chosen = select.value;
      const entries = i === 0 ? settings : [["", t("sweep.nothing")], ...settings];
      select.replaceChildren(...entries.map(([value, label]) => new Option(label, value)));
      select.value = chosen;
    });
    const metric = $("sweep-metric");
    const chosen = metric.value;
    metric.replaceChildren(...METRICS.map((m) => new Option(t(`sweep.metric.${m}`), m)));
    metric.value = chosen || "val_loss";
  }

  /** The second values box only when a second setting is chosen; named values listed as a hint. */
  showChoices() {
    const second = this.paths[1].value;
    this.boxes[1].disabled = !second;
    if (!second) this.boxes[1].value = "";
    this.hint("");
  }

  hint(text) {
    $("sweep-hint").textContent = text;
    $("sweep-hint").hidden = !text;
  }

  /** Say why the form cannot run; null (nothing to run). */
  refuse(text) {
    this.hint(text);
    return null;
  }

  /** The axes typed in the form ([{path, values}]), or null after saying what is wrong. */
  readAxes() {
    const chosen = this.paths.map((s) => s.value).filter(Boolean);
    if (new Set(chosen).size !== chosen.length) return this.refuse(t("sweep.bad.same"));
    const axes = [];
    for (const [i, path] of chosen.entries()) {
      const table = SETTINGS[path].table;
      const names = table ? (this.store.get("tables")[table] ?? []).map((o) => o.name) : null;
      const read = readValues(path, this.boxes[i].value, names?.length ? names : null);
      if (read.error) {
        const choices = names?.map((n) => `${n} (${optionLabel(table, n)})`).join(", ") ?? "";
        const params = { setting: t(`field.${path}`), value: read.value, choices };
        return this.refuse(t(`sweep.bad.${read.error}`, params));
      }
      axes.push({ path, values: read.values });
    }
    return axes;
  }

  /** A whole number typed in `id` within [lo, hi], or null after saying so. */
  readCount(id, lo, hi) {
    const value = Number($(id).value);
    if (Number.isInteger(value) && value >= lo && value <= hi) return value;
    const label = $(id).closest("label")?.querySelector("span")?.textContent ?? id;
    return this.refuse(t("sweep.bad.count", { setting: label, lo, hi }));
  }

  async runChosen() {
    const axes = this.readAxes();
    const seeds = axes && this.readCount("sweep-seeds", 1, 20);
    const epochs = seeds && this.readCount("sweep-epochs", 1, 10000);
    const halveEvery = epochs && this.readCount("sweep-halving", 0, 10000);
    if (halveEvery === null || !epochs) return;
    const choices = { seeds, epochs, metric: $("sweep-metric").value, halveEvery };
    const { body, switchedOnL2 } = sweepBody(this.store.get("config"), axes, choices);
    try {
      const points = await livePoints(this.store, this.session.id);
      if (points) body.points = points;
    } catch (error) {
      return this.hint(explain(error));
    }
    this.start(body);
    if (switchedOnL2) this.hint(t("sweep.l2On"));
  }

  /** A lesson's sweep: shown in the form, then run as the lesson gives it (its own base config). */
  runPreset(sweep) {
    const choices = choicesOf(sweep);
    choices.axes.slice(0, 2).forEach(({ path, values }, i) => {
      this.paths[i].value = path;
      this.boxes[i].value = values.join(", ");
    });
    if (choices.axes.length < 2) this.paths[1].value = "";
    this.showChoices();
    $("sweep-seeds").value = String(choices.seeds);
    if (choices.epochs) $("sweep-epochs").value = String(choices.epochs);
    $("sweep-metric").value = choices.metric;
    $("sweep-halving").value = String(choices.halveEvery);
    this.root.scrollIntoView({ block: "start" });
    this.start(structuredClone(sweep));
  }

  async start(body) {
    this.stopFollowing();
    const previous = this.sweep;
    if (previous?.id && !finished(previous.status)) sweeps.cancel(previous.id).catch(() => {});
    this.hint("");
    this.result = null;
    $("sweep-results").replaceChildren();
    this.setSweep({ id: null, done: 0, total: 0, status: "starting" });
    let answer;
    try {
      answer = await sweeps.start(body);
    } catch (error) {
      this.setSweep(null);
      this.hint(explain(error));
      return;
    }
    const points = Boolean(body.points);
    this.setSweep({ id: answer.id, done: 0, total: answer.total, status: answer.status, points });
    keepSweep(answer.id, points);
    this.follow(answer.id);
  }

  follow(id) {
    this.follower = followSweep(id, {
      progress: (p) => this.setSweep({ ...this.sweep, ...p }),
      end: (status) => this.finish(id, status),
    });
  }

  /** After a reload: the tab's sweep again, its results or its progress; one that is gone is forgotten. */
  async restore() {
    const kept = this.sweep ? null : await recallSweep();
    if (!kept || this.sweep) return; // none kept, or one started meanwhile
    const { done, total, status } = kept.answer;
    this.setSweep({ id: kept.id, done, total, status, points: kept.points });
    if (finished(status)) this.finish(kept.id, status);
    else this.follow(kept.id);
  }

  stopFollowing() {
    this.follower?.close();
    this.follower = null;
  }

  async finish(id, status) {
    this.follower = null;
    try {
      this.result = await sweeps.read(id);
    } catch (error) {
      this.hint(explain(error));
      this.setSweep({ ...this.sweep, status });
      return;
    }
    const { done, total } = this.result;
    this.setSweep({ id, done, total, status: this.result.status ?? status, points: this.sweep?.points });
    if (this.result.error) this.hint(t("sweep.failed", { reason: this.result.error }));
    renderTable($("sweep-results"), this.result);
    this.showStatus();
  }

  async cancel() {
    if (!this.sweep?.id || finished(this.sweep.status)) return;
    $("sweep-cancel").disabled = true;
    try {
      await sweeps.cancel(this.sweep.id);
    } catch (error) {
      this.hint(explain(error));
    }
  }

  setSweep(sweep) {
    this.sweep = sweep;
    this.showStatus();
  }

  /** Progress bar, status line and which buttons work, from the sweep being followed. */
  showStatus() {
    const w = this.sweep;
    const running = Boolean(w) && !finished(w.status);
    this.root.dataset.status = w?.status ?? "idle";
    this.root.dataset.sweep = w?.id ?? "";
    const bar = $("sweep-progress");
    bar.max = Math.max(1, w?.total ?? 1);
    bar.value = w?.done ?? 0;
    bar.hidden = !w;
    $("sweep-status").textContent = w
      ? t("sweep.progress", { done: w.done ?? 0, total: w.total ?? 0, status: t(`sweep.status.${w.status}`) })
      : "";
    $("sweep-own").hidden = !w?.points;
    $("sweep-run").disabled = running;
    $("sweep-cancel").disabled = !running || !w.id;
    $("sweep-compare").disabled = running || this.comparable().length < 2;
  }

  /** The cells worth comparing, best first: ranked, with a figure, not cut by halving. */
  comparable() {
    const r = this.result;
    if (!r) return [];
    const cells = new Map((r.cells ?? []).map((c) => [c.index, c]));
    return (r.ranking ?? [])
      .map((i) => cells.get(i))
      .filter((c) => c && typeof c[r.metric]?.mean === "number" && (c.cut_at ?? null) === null)
      .slice(0, COMPARE_MOST);
  }

  /** Make cell `index`'s best run the live run, as an import does. */
  openCell(index) {
    const id = this.result?.id ?? this.sweep?.id;
    if (!id) return;
    this.session.run(async () => {
      const created = await sweeps.openCell(id, index);
      await this.session.adopt(created, this.sweep?.points ? await sessionPoints(created.id) : null);
      const cell = this.result.cells.find((c) => c.index === index);
      this.store.emit("toast", { message: t("sweep.opened", { cell: cellLabel(cell?.params) }), kind: "info" });
    });
  }

  /** Open the top cells as sessions and ask the Compare view to show them side by side. */
  async compareTop() {
    const cells = this.comparable();
    const id = this.result?.id;
    if (!id || cells.length < 2) return;
    $("sweep-compare").disabled = true;
    try {
      const opened = [];
      for (const cell of cells) {
        const created = await sweeps.openCell(id, cell.index);
        opened.push({ id: created.id, label: cellLabel(cell.params) });
      }
      this.store.emit("compare:open", { sessions: opened });
    } catch (error) {
      this.hint(explain(error));
    } finally {
      this.showStatus();
    }
  }
}
