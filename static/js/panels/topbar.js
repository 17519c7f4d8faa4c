// The top bar: reset, play/pause and step, the epoch and step counters, the main hyper-parameters,
// copy link and export, and the progress bar. Owns playback: "reset", "pause" and "train" (a number
// of steps) events from other panels are carried out here, in turn with every other change.

import { activity, api } from "../api.js";
import { FieldGroup } from "../fields.js";

const FPS = 30;
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
    const run = (task) => () => session.run(task);
    $("play").addEventListener("click", run(() => this.togglePlay()));
    $("step").addEventListener("click", run(() => this.step()));
    $("reset").addEventListener("click", run(() => this.reset()));
    $("copy-link").addEventListener("click", () => this.copyLink());
    $("export").addEventListener("click", run(() => this.exportModel()));
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
    store.on("stepsPerFrame", (value) => {
      if (store.get("playing")) session.run(() => api.play(session.id, FPS, value));
    });
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
    const playing = !this.store.get("playing");
    if (playing && this.refuseWithoutData()) return;
    if (playing) await api.play(id, FPS, this.store.get("stepsPerFrame"));
    else await api.pause(id);
    this.store.set({ playing });
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
    play.setAttribute("aria-label", playing ? "Pause" : "Play");
  }

  setCounters(epoch, step) {
    $("epoch").textContent = String(epoch ?? 0).padStart(3, "0");
    $("step-count").textContent = String(step ?? 0).padStart(4, "0");
  }

  // ------------------------------------------------------------------ sharing

  async copyLink() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      this.session.toast("Link copied: it replays this run (same seed, data and starting weights).", "info");
    } catch {
      this.session.toast(`Copy this link: ${window.location.href}`, "info");
    }
  }

  async exportModel() {
    const blob = await api.exportModel(this.session.id);
    const step = this.store.get("latest")?.step ?? 0;
    const dataset = this.store.get("config").data?.dataset ?? "model";
    download(blob, `nn-playground-${dataset}-step${step}.json`);
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
