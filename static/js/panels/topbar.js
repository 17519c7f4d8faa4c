// The top bar: reset, play/pause and step, the speed, the epoch and step counters, the main
// hyper-parameters, export and import (a file picker, or an export dropped anywhere on the
// page), and the progress bar. Owns playback: "reset", "pause" and "train" (a number of steps) events
// from other panels are carried out here, in turn with every other change.

import { ApiError, activity, api } from "../api.js";
import { FieldGroup } from "../fields.js";
import { DEFAULT_SPEED, pace, playingAfterPlay, SPEEDS } from "../pace.js";
import { PresetSelect, RATE_PRESETS } from "../presets.js";
import { formatNumber } from "../format.js";
import { t } from "../i18n.js";

/** What an export says it is (engine/serialize.py FORMAT). */
const EXPORT_FORMAT = "nn-playground-run";
const MEGABYTE = 1_048_576;

/** What this panel tells the learner, by key. */
const MESSAGES = {
  notExport: () => t("top.notExport"),
  tooLarge: ({ limit }) => t("top.tooLarge", { size: formatNumber(limit / MEGABYTE) }),
  refused: () => t("top.refused"),
  imported: ({ step }) => t("top.imported", { step }),
};
const $ = (id) => document.getElementById(id);
/** Elements where the space bar types or presses rather than playing. */
const TYPING = ["INPUT", "SELECT", "TEXTAREA", "BUTTON", "SUMMARY"];

export class TopBar {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.progress = $("progress");
    this.busyTimer = null;
    this.fields = new FieldGroup(document.querySelector(".topbar .hyper"), store, session);
    this.presets = {
      learning_rate: new PresetSelect($("learning-rate-presets"), $("learning-rate"), RATE_PRESETS),
      alpha: new PresetSelect($("alpha-presets"), $("alpha"), RATE_PRESETS),
    };
    const run = (task) => () => session.run(task);
    $("play").addEventListener("click", run(() => this.togglePlay()));
    $("step").addEventListener("click", run(() => this.step()));
    $("reset").addEventListener("click", run(() => this.reset()));
    $("export").addEventListener("click", run(() => this.exportModel()));
    $("import").addEventListener("click", () => $("import-file").click());
    $("import-file").addEventListener("change", () => {
      const file = $("import-file").files?.[0];
      $("import-file").value = "";
      if (file) session.run(() => this.importFile(file));
    });
    document.addEventListener("dragover", (e) => {
      if (isFileDrag(e)) e.preventDefault();
    });
    document.addEventListener("drop", (e) => {
      if (!isFileDrag(e)) return;
      e.preventDefault();
      const file = e.dataTransfer.files?.[0];
      if (file) session.run(() => this.importFile(file));
    });
    document.addEventListener("keydown", (e) => {
      if (e.code !== "Space" && e.key !== " ") return;
      if (TYPING.includes(e.target?.tagName) || e.target?.isContentEditable) return;
      e.preventDefault();
      session.run(() => this.togglePlay());
    });
    store.on("reset", run(() => this.reset()));
    store.on("pause", run(() => this.pause()));
    store.on("train", (steps) => session.run(() => this.trainSteps(steps)));
    store.on("playing", (playing) => this.showPlaying(playing));
    store.on("language", () => this.showPlaying(store.get("playing")));
    store.on("refresh", () => {
      const training = store.get("config").training ?? {};
      for (const [name, presets] of Object.entries(this.presets)) presets.show(training[name]);
    });
    this.bindSpeed($("speed"));
    store.on("paint", ({ frame }) => {
      if (frame) this.setCounters(frame.epoch, frame.step);
    });
    activity.listeners.add((n) => this.setBusy(n));
  }

  // ------------------------------------------------------------------ playback

  /** True (and says why) if the points shown cannot be trained on yet (see the Data panel). */
  refuseWithoutData() {
    const reason = this.store.get("dataPending");
    if (reason) this.session.toast(reason, "info");
    return Boolean(reason);
  }

  async togglePlay() {
    const id = this.session.id;
    if (this.store.get("playing")) {
      await api.pause(id);
      this.store.set({ playing: false });
      return;
    }
    if (this.refuseWithoutData()) return;
    const seen = this.store.get("framesSeen");
    const answer = await this.sendPace(this.pace());
    // A run that stops at once may have sent its last frame before this answer arrived.
    const frame = this.store.get("framesSeen") > seen ? this.store.get("latest") : null;
    this.store.set({ playing: playingAfterPlay(answer, frame) });
  }

  // ------------------------------------------------------------------ speed

  /** The Speed menu: its choice is the store's "speed"; while playing, a new pace applies at once. */
  bindSpeed(select) {
    select.replaceChildren(
      ...Object.keys(SPEEDS).map((name) => {
        const option = new Option(t(`speed.${name}`), name);
        option.title = t(`speed.${name}.tip`);
        return option;
      }),
    );
    select.addEventListener("change", () => this.store.set({ speed: select.value }));
    this.store.on("language", () => {
      for (const option of select.options) {
        option.text = t(`speed.${option.value}`);
        option.title = t(`speed.${option.value}.tip`);
      }
    });
    const show = (speed) => {
      select.value = SPEEDS[speed] ? speed : DEFAULT_SPEED;
    };
    show(this.store.get("speed"));
    this.store.on("speed", show);
    // The pace counts epochs, so it follows the number of training points and the batch size too.
    this.store.onAny(["speed", "points", "config", "limits"], () => {
      if (!this.store.get("playing")) return;
      this.session.run(async () => {
        const next = this.pace();
        const sent = this.sentPace;
        const same = sent?.fps === next.fps && sent?.stepsPerFrame === next.stepsPerFrame;
        if (this.store.get("playing") && !same) await this.sendPace(next);
      });
    });
  }

  /** Frames per second and steps per frame of the chosen speed for the current data and batch size. */
  pace() {
    const s = this.store;
    const config = s.get("config");
    const data = config.data ?? {};
    const generated = Math.round((data.n_samples ?? 0) * (data.train_ratio ?? 1));
    const train = s.get("points")?.train?.X?.length ?? generated;
    return pace(s.get("speed"), train, config.training?.batch_size, s.get("limits"));
  }

  /** Play (or re-pace the playing run) at `p`; answers the session as the server has it then. */
  async sendPace(p) {
    const answer = await api.play(this.session.id, p.fps, p.stepsPerFrame);
    this.sentPace = p;
    return answer;
  }

  async pause() {
    if (this.store.get("playing")) await this.togglePlay();
  }

  async step() {
    if (this.refuseWithoutData()) return;
    const metrics = await api.step(this.session.id, { steps: 1 });
    this.store.emit("status", metrics);
    this.session.expectFrame();
  }

  async reset() {
    const s = await api.reset(this.session.id, null);
    this.session.clearHistory();
    this.store.emit("fresh-run");
    this.store.set({ playing: Boolean(s.playing) });
    this.store.emit("status", s.metrics ?? { status: "idle" });
    this.session.expectFrame();
  }

  /** Train `steps` in chunks so the progress bar moves, then reload the full history. */
  async trainSteps(steps) {
    await this.pause();
    if (this.refuseWithoutData()) return;
    const chunk = Math.max(1, Math.ceil(steps / 50));
    try {
      for (let done = 0; done < steps; done += chunk) {
        this.setProgress(done / steps);
        const m = await api.step(this.session.id, { steps: Math.min(chunk, steps - done) });
        if (m.status === "diverged") {
          this.store.emit("status", m);
          break;
        }
      }
    } finally {
      this.setProgress(null);
    }
    await this.session.loadHistory();
    this.session.expectFrame();
  }

  showPlaying(playing) {
    const play = $("play");
    play.dataset.playing = String(playing);
    play.textContent = playing ? "❚❚" : "▶";
    play.setAttribute("aria-label", playing ? t("top.pause") : t("top.play"));
  }

  setCounters(epoch, step) {
    $("epoch").textContent = String(epoch ?? 0).padStart(3, "0");
    $("step-count").textContent = String(step ?? 0).padStart(4, "0");
  }

  // ------------------------------------------------------------------ export and import

  async exportModel() {
    const blob = await api.exportModel(this.session.id);
    const step = this.store.get("latest")?.step ?? 0;
    const dataset = this.store.get("config").data?.dataset ?? "model";
    download(blob, `nn-playground-${dataset}-step${step}.json`);
  }

  /** Load an exported run from `file`; a file that is not one (or too large) is explained. */
  async importFile(file) {
    const limit = this.store.get("limits").maxBodyBytes ?? MEGABYTE;
    if (file.size > limit) return this.session.toast(MESSAGES.tooLarge({ limit }));
    const text = await file.text();
    const document = parseExport(text);
    if (!document) return this.session.toast(MESSAGES.notExport());
    await this.pause();
    let created;
    try {
      created = await this.session.importRun(text, document);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 413) return this.session.toast(MESSAGES.tooLarge({ limit }));
      if (error.status === 422) return this.session.toast(MESSAGES.refused());
      throw error;
    }
    this.session.toast(MESSAGES.imported({ step: created.metrics?.step ?? 0 }), "info");
  }

  // ------------------------------------------------------------------ progress

  /** Show a determinate progress bar at `fraction` (0..1) of a long operation; null ends it. */
  setProgress(fraction) {
    const bar = this.progress;
    this.determinate = fraction !== null;
    clearTimeout(this.busyTimer);
    this.busyTimer = null;
    bar.classList.remove("indeterminate");
    bar.hidden = fraction === null;
    bar.firstElementChild.style.width = fraction === null ? "" : `${Math.round(fraction * 100)}%`;
    if (fraction !== null) bar.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
  }

  /** pending: requests in flight; a sliding bar appears when one takes longer than 200 ms. */
  setBusy(pending) {
    if (this.determinate) return;
    const bar = this.progress;
    if (pending > 0) {
      if (!bar.hidden || this.busyTimer) return;
      this.busyTimer = setTimeout(() => {
        this.busyTimer = null;
        bar.hidden = false;
        bar.classList.add("indeterminate");
        bar.removeAttribute("aria-valuenow");
      }, 200);
    } else {
      clearTimeout(this.busyTimer);
      this.busyTimer = null;
      bar.hidden = true;
    }
  }
}

/** Trigger a download of `blob` called `filename`. */
function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A drag that carries files, and is not aimed at a file box of its own (the CSV upload). */
function isFileDrag(e) {
  if (e.target?.type === "file") return false;
  return [...(e.dataTransfer?.types ?? [])].includes("Files");
}

/** `text` parsed as an export, or null when it is not JSON or not an NN Playground export. */
function parseExport(text) {
  try {
    const document = JSON.parse(text);
    return document?.format === EXPORT_FORMAT ? document : null;
  } catch {
    return null;
  }
}
