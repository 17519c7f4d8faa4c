// The run on the server: creates (and re-creates) the session, keeps its frame stream open, runs
// every change as one API call after another, and puts what the server answers into the store.
// Store events it emits: "frame", "history", "status" (metrics with a status), "fresh-run" (new
// weights: the banners start over), "refresh" ({force}: show the config again), "repaint", "toast",
// "notice", "banner".

import { ApiError, api } from "./api.js";
import { explain, say } from "./learner.js";
import { labelledPoints, normaliseTables, trainable } from "./rules.js";
import { keepRun, openSaved } from "./saved-runs.js";
import { LiveStream } from "./stream.js";

/** A change made while paused is shown by a fresh frame; reconnect if none comes within this (ms). */
const FRAME_WAIT_MS = 250;

export class Session {
  constructor(store) {
    this.store = store;
    this.queue = Promise.resolve();
    this.live = new LiveStream({
      frame: (frame) => this.onFrame(frame),
      failed: (opened) => this.run(() => this.streamFailed(opened)),
      ended: (reason) => this.run(() => this.streamEnded(reason)),
      notice: (text) => store.emit("notice", text),
    });
    store.onAny(["resolution", "showNeurons"], () => this.openStream());
  }

  /** The session id, or null before the first one exists. */
  get id() {
    return this.store.get("session");
  }

  /** Load the option tables, then open `saved` ({shareId} or {runId}, see saved-runs.js) or else
   * create the first session from `config` and `points` (`onDataset`: added to its generated dataset). */
  async start(config, points, onDataset = false, saved = {}) {
    await this.loadOptions();
    await this.run(async () => {
      const opened = (saved.shareId || saved.runId) && (await openSaved(this, saved).catch(() => false));
      if (!opened) await this.createSession(config, points, onDataset);
    });
    this.store.on("open-saved", (which) => this.run(() => openSaved(this, which)));
    window.addEventListener("pagehide", () => {
      if (this.id && !this.store.get("kept")) api.forget(this.id);
    });
  }

  async loadOptions() {
    try {
      const options = await api.options();
      const limits = options.limits ?? {};
      this.store.set({
        defaults: options.defaults ?? {},
        limits: {
          maxLayers: limits.max_layers ?? 8,
          maxNeurons: limits.max_neurons ?? 16,
          maxFps: limits.max_fps ?? 60,
          maxStepsPerFrame: limits.max_steps_per_frame ?? 100,
          maxBodyBytes: limits.max_body_bytes ?? 1_048_576,
        },
        dataBox: limits.data_box,
        bounds: options.bounds,
        tables: normaliseTables(options),
      });
    } catch (error) {
      console.warn("options", error);
      this.toast(say("load.options"));
    }
  }

  /** Run mutations one after another, so a fast clicker never races the server. */
  run(task) {
    this.queue = this.queue.then(task).catch((error) => this.fail(error));
    return this.queue;
  }

  /** `changes` (a partial config) as one PATCH, in turn. */
  patch(changes) {
    return this.run(() => this.applyPatch(changes));
  }

  fail(error) {
    if (error instanceof ApiError && error.status === 404 && this.id) {
      this.run(() => this.recover());
      return;
    }
    console.warn(error);
    this.toast(explain(error));
    if (this.id) this.refresh(true);
    else {
      this.store.emit("banner", {
        kind: "danger",
        title: say("start.failed"),
        text: say("start.failed_text", { reason: explain(error) }),
      });
    }
  }

  toast(message, kind = "error") {
    this.store.emit("toast", { message, kind });
  }

  /** Every panel shows the config again (`force`: also over a number being typed), then repaints. */
  refresh(force = false) {
    this.store.emit("refresh", { force });
    this.store.emit("repaint");
  }

  clearHistory() {
    this.store.get("history").clear();
    this.store.emit("history");
  }

  // ------------------------------------------------------------------ sessions

  /** A new session from `config`; `points` replace its data, or with `onDataset` join its generated points. */
  async createSession(config, points = [], onDataset = false) {
    const old = this.id;
    this.live.close();
    let created;
    try {
      created = await api.createSession(config);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 422 || !Object.keys(config).length) throw error;
      this.toast(say("start.defaults", { reason: explain(error) }));
      created = await api.createSession({});
    }
    if (old && !this.store.get("kept")) api.deleteSession(old).catch(() => {});
    const s = this.store;
    s.set({ session: created.id, config: created.config, playing: false, latest: null, traced: null });
    s.set({ custom: null, added: null, kept: false });
    keepRun(null);
    this.clearHistory();
    s.emit("fresh-run");
    let own = { custom: null, added: null };
    if (points.length) {
      try {
        const all = onDataset ? [...labelledPoints(await api.points(this.id)), ...points] : points;
        // Too few to train on: they stay on the page (the Data panel says so) until more are added.
        if (trainable(all)) await api.putPoints(this.id, all);
        own = { custom: all, added: onDataset ? points : null };
      } catch (error) {
        this.toast(say("start.points", { reason: explain(error) }));
      }
    }
    await this.loadPoints();
    s.set(own);
    s.emit("status", created.metrics ?? {});
    this.refresh();
    this.openStream();
  }

  /**
   * Continue the run an export holds (`text`: its JSON; `document`: the same, parsed) in a new
   * session, shown as if it had been built here: config, points, weights, step and history.
   */
  async importRun(text, document) {
    const created = await api.importSession(text);
    await this.adopt(created, ownPoints(document));
    return created;
  }

  /**
   * Make `created` (an answer of POST /api/sessions from elsewhere: an import, a share's fork, a
   * sweep's cell) the live run, shown as if it had been built here: points, history, step
   * (`custom`: the person's own points; `kept`: the session outlives this page, see saved-runs.js).
   */
  async adopt(created, custom = null, kept = false) {
    const old = this.id;
    this.live.close();
    if (old && old !== created.id && !this.store.get("kept")) api.deleteSession(old).catch(() => {});
    const s = this.store;
    s.set({ session: created.id, config: created.config, playing: false, latest: null, traced: null });
    s.set({ custom, added: null, kept });
    keepRun(kept ? created.id : null);
    s.emit("fresh-run");
    await this.loadPoints();
    await this.loadHistory();
    s.emit("status", created.metrics ?? {});
    this.refresh();
    this.openStream();
  }

  async applyPatch(changes) {
    const r = await api.patchSession(this.id, changes);
    this.store.set({ config: r.config });
    const re = r.reinitialized ?? [];
    if (re.includes("data")) {
      this.store.set({ custom: null, added: null, traced: null });
      await this.loadPoints();
    }
    if (re.includes("network")) {
      this.clearHistory();
      this.store.emit("fresh-run");
    }
    if (r.metrics) this.store.emit("status", r.metrics);
    if (r.message_code === "data_rebuilt") this.toast(say("run.data_rebuilt"), "info");
    this.refresh();
    this.expectFrame();
  }

  async loadPoints() {
    let points = null;
    try {
      points = await api.points(this.id);
    } catch (error) {
      this.toast(say("load.points", { reason: explain(error) }));
    }
    this.store.set({ points });
  }

  async loadHistory() {
    this.store.get("history").load(await api.history(this.id));
    this.store.emit("history");
    this.store.emit("repaint");
  }

  // ------------------------------------------------------------------ the stream

  openStream() {
    if (!this.id) return;
    const s = this.store;
    const params = { resolution: s.get("resolution"), neurons: s.get("showNeurons"), weights: true };
    this.live.open(this.id, params);
  }

  onFrame(frame) {
    const s = this.store;
    s.set({ latest: frame, framesSeen: s.get("framesSeen") + 1 });
    if (typeof frame.playing === "boolean") s.set({ playing: frame.playing });
    if (s.get("history").record(frame)) s.emit("history");
    s.emit("status", frame);
    s.emit("frame", frame);
  }

  /** After a change while paused, make sure a fresh frame arrives (reconnecting sends one). */
  expectFrame() {
    const seen = this.store.get("framesSeen");
    clearTimeout(this.frameTimer);
    this.frameTimer = setTimeout(() => {
      if (this.store.get("framesSeen") === seen && !this.store.get("playing")) this.openStream();
    }, FRAME_WAIT_MS);
  }

  /**
   * The stream failed. If the session is gone, start the run again; if the server is there but
   * refused (busy) or dropped the stream, or cannot be reached, try again after the backoff.
   */
  async streamFailed(opened) {
    try {
      await api.getSession(this.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) await this.rebuild();
      else this.live.retry(this.live.reason ?? (opened ? "lost" : "offline"));
      return;
    }
    this.live.retry(opened ? "lost" : "busy");
  }

  /** The server ended the stream: it is restarting (reconnect after the backoff), or the session is gone. */
  async streamEnded(reason) {
    if (reason === "shutdown") this.live.retry("restarting");
    else await this.recover();
  }

  /**
   * The server may no longer know the session (idle too long, deleted, or restarted): reconnect
   * if it still exists, else start the same run again from the config and points.
   */
  async recover() {
    try {
      await api.getSession(this.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) await this.rebuild();
      else this.live.retry("offline");
      return;
    }
    if (!this.live.active) this.openStream();
  }

  /** Start the lost run again from its settings and points. */
  async rebuild() {
    this.toast(say("session.restarted"), "info");
    this.store.set({ session: null });
    const [custom, added] = [this.store.get("custom"), this.store.get("added")];
    await this.createSession(this.store.get("config"), added ?? custom ?? [], Boolean(added));
  }
}

/** The person's own points an export holds (its data pool) as [x1, x2, label], or null. */
function ownPoints(document) {
  const pool = document?.data?.pool;
  if (!pool?.X?.length) return null;
  return pool.X.map(([x1, x2], i) => [x1, x2, pool.y[i]]);
}
