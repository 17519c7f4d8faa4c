// The Compare view: 2–4 runs played side by side in lockstep on the same data, each a small multiple
// of its decision boundary, with one shared loss chart (a colour per run). It opens from the
// "Compare" menu (the live run and copies with one setting changed), from the store event
// "compare:new" ({runs: [{label, config}]}: a lesson's comparison) or "compare:open" ({sessions:
// [{id, label}]}: existing sessions, e.g. a sweep's cells). Closing it deletes the sessions it made.

import { api } from "../api.js";
import { CompareCard, RUN_COLORS } from "../compare-card.js";
import { Lockstep } from "../compare-runs.js";
import { VARIANTS, variantChoices, variantRuns } from "../compare-variants.js";
import { t } from "../i18n.js";
import { explain } from "../learner.js";
import { LineChart } from "../linechart.js";
import { labelledPoints } from "../rules.js";

const $ = (id) => document.getElementById(id);
/** Steps per tick the speed menu offers, and the one chosen at first. */
const SPEEDS = [1, 5, 20, 100];
const DEFAULT_SPEED = 5;
/** At least this long from one tick's start to the next (ms), so the page stays responsive. */
const TICK_MS = 100;
/** Elements whose own Space key press is left to them. */
const CONTROLS = ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "SUMMARY"];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ComparePanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.dialog = $("compare");
    this.menu = $("compare-menu");
    this.lockstep = new Lockstep();
    this.cards = [];
    this.playing = false;
    this.busy = Promise.resolve(); // the tick or command in progress; the next waits for it
    this.chart = new LineChart($("compare-loss"), { series: [] });
    this.bindControls();
    store.on("language", () => this.translate());
    store.on("compare:open", ({ sessions } = {}) => this.openWith((l) => l.attach(sessions ?? [])));
    store.on("compare:new", ({ runs } = {}) => this.openWith((l) => l.create(runs ?? [])));
    window.addEventListener("pagehide", () => this.lockstep.forget());
    this.translate();
  }

  bindControls() {
    document.addEventListener("click", (e) => {
      if (!this.menu.contains(e.target)) this.menu.open = false;
    });
    this.menu.addEventListener("toggle", () => {
      if (this.menu.open) this.fillMenu();
    });
    $("compare-close").addEventListener("click", () => this.dialog.close());
    // Space plays or pauses the comparison, never the live run behind the view.
    this.dialog.addEventListener("keydown", (e) => {
      if (e.code !== "Space" && e.key !== " ") return;
      e.stopPropagation();
      if (CONTROLS.includes(e.target?.tagName)) return;
      e.preventDefault();
      this.setPlaying(!this.playing);
    });
    this.dialog.addEventListener("close", () => this.close());
    $("compare-play").addEventListener("click", () => this.setPlaying(!this.playing));
    $("compare-step").addEventListener("click", () => this.command(() => this.tick()));
    $("compare-reset").addEventListener("click", () => {
      this.setPlaying(false);
      this.command(() => this.lockstep.resetAll());
    });
    const speed = $("compare-speed");
    speed.addEventListener("change", () => {
      this.speed = Number(speed.value);
    });
    this.speed = DEFAULT_SPEED;
  }

  /** Every word in the page's language: the menu, the speed choices, the labels, the legend. */
  translate() {
    this.fillMenu();
    const speed = $("compare-speed");
    speed.replaceChildren(
      ...SPEEDS.map((n) => new Option(t("compare.speedOption", { count: n }), String(n), false, n === this.speed)),
    );
    this.cards.forEach((card) => card.translate(this.labelOf(card.run)));
    this.showControls();
    this.paintChart();
  }

  /** One row per variant: its setting, a button per other value (live run + that copy), and "all". */
  fillMenu() {
    const config = this.store.get("config") ?? {};
    const rows = VARIANTS.filter((v) => config.network && (!v.applies || v.applies(config))).map((variant) => {
      const li = document.createElement("li");
      li.dataset.variant = variant.id;
      const name = document.createElement("span");
      name.textContent = t(`compare.variant.${variant.id}`);
      li.append(name);
      const choices = variantChoices(variant, config);
      const button = (text, picked) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = text;
        b.addEventListener("click", () => this.compareLive(variant, picked));
        li.append(b);
      };
      for (const choice of choices) button(variant.value(choice.config), [choice]);
      if (choices.length > 1) button(t("compare.all"), choices);
      return li;
    });
    $("compare-variants").replaceChildren(...rows);
  }

  /** A run's label in the page's language: a function, a {en, zh} pair (lessons) or plain text. */
  labelOf(run) {
    const label = run.label;
    if (typeof label === "function") return label();
    if (label && typeof label === "object") return this.store.get("lang") === "zh-CN" ? (label.zh ?? label.en) : label.en;
    return String(label ?? "");
  }

  /** The live run next to copies with one setting of `variant` changed (`choices`), on its data. */
  async compareLive(variant, choices) {
    this.menu.open = false;
    const runs = variantRuns(variant, this.store.get("config"), choices);
    const own = this.store.get("custom") && this.session.id;
    await this.openWith(async (lockstep) => {
      const points = own ? labelledPoints(await api.points(this.session.id)) : null;
      await lockstep.create(runs, points);
    });
  }

  /** Close any comparison open, pause the live run, show the view and start the runs with `start`. */
  openWith(start) {
    return this.command(async () => {
      await this.shutDown();
      this.store.emit("pause");
      if (!this.dialog.open) this.dialog.showModal();
      this.dialog.dataset.state = "starting";
      $("compare-status").textContent = t("compare.starting");
      try {
        await start(this.lockstep);
      } catch (error) {
        $("compare-status").textContent = t("compare.failed", { reason: explain(error) });
        this.dialog.dataset.state = "failed";
        return;
      }
      $("compare-status").textContent = "";
      this.showRuns();
      this.dialog.dataset.state = "ready";
    });
  }

  /** Run `task` after the tick or command in progress; report a failure in the view. */
  command(task) {
    this.busy = this.busy
      .then(task)
      .then(() => this.paint())
      .catch((error) => {
        console.warn(error);
        this.setPlaying(false);
        this.store.emit("toast", { message: explain(error), kind: "error" });
      });
    return this.busy;
  }

  showRuns() {
    const box = $("compare-runs");
    this.cards = this.lockstep.runs.map((run, i) => new CompareCard(run, i));
    box.replaceChildren(...this.cards.map((card) => card.root));
    box.dataset.count = String(this.cards.length);
    for (const card of this.cards) {
      card.translate(this.labelOf(card.run));
      card.paintPoints();
    }
    this.translate();
  }

  setPlaying(playing) {
    this.playing = playing && this.lockstep.runs.length > 0;
    this.showControls();
    if (this.playing) this.loop();
  }

  /** Tick while playing (one loop at a time: pausing and playing again resumes the same loop). */
  async loop() {
    if (this.looping) return;
    this.looping = true;
    try {
      while (this.playing && this.dialog.open) {
        const started = performance.now();
        await this.command(() => this.tick());
        if (!this.lockstep.active) this.setPlaying(false);
        await sleep(Math.max(16, TICK_MS - (performance.now() - started)));
      }
    } finally {
      this.looping = false;
    }
  }

  async tick() {
    if (this.lockstep.runs.length) await this.lockstep.step(this.speed);
  }

  paint() {
    for (const card of this.cards) card.paint();
    $("compare-step-count").textContent = t("compare.stepCount", { step: this.lockstep.currentStep });
    this.paintChart();
  }

  /** The shared loss chart: one line per run over the union of their steps, and its legend. */
  paintChart() {
    const runs = this.lockstep.runs;
    const steps = [...new Set(runs.flatMap((run) => run.curve.step))].sort((a, b) => a - b);
    const ys = runs.map((run) => {
      const at = new Map(run.curve.step.map((step, i) => [step, run.curve.loss[i]]));
      return steps.map((step) => at.get(step) ?? null);
    });
    this.chart.setSeries(runs.map((_, i) => ({ name: "", color: RUN_COLORS[i % RUN_COLORS.length] })));
    if (this.dialog.open) this.chart.update(steps, ys);
    const legend = $("compare-legend");
    legend.replaceChildren(
      ...this.cards.map((card) => {
        const li = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = "compare-swatch";
        swatch.style.background = card.color;
        li.append(swatch, document.createTextNode(this.labelOf(card.run)));
        return li;
      }),
    );
  }

  showControls() {
    const play = $("compare-play");
    play.textContent = t(this.playing ? "compare.pause" : "compare.play");
    play.setAttribute("aria-pressed", String(this.playing));
    const none = this.lockstep.runs.length === 0;
    for (const id of ["compare-play", "compare-step", "compare-reset"]) $(id).disabled = none;
  }

  /** Stop playing and delete the sessions this view made. */
  async shutDown() {
    this.playing = false;
    await this.lockstep.close();
    this.cards = [];
    $("compare-runs").replaceChildren();
    this.showControls();
  }

  /** The dialog closed (its × or Escape): stop, then delete the sessions made for it. */
  close() {
    this.playing = false;
    this.dialog.dataset.state = "closing";
    this.command(() => this.shutDown()).then(() => {
      this.dialog.dataset.state = "closed";
    });
  }
}
