// The controller: holds the run's state (session, config, points, history), turns what the person
// does into API calls and tells the view what to show. It never touches the DOM itself.

import { activity, ApiError, api, decodeGrid } from "./api.js";
import { History } from "./history.js";
import { sampleDataset } from "./samples.js";
import {
  classCount,
  datasetChanges,
  datasetSpec,
  layerActivations,
  layerChanges,
  normaliseTables,
  outputChanges,
  readsLeakySlope,
  relevance,
} from "./rules.js";
import { LiveStream } from "./stream.js";
import { decodePoints, defaultView, encodePoints, fromHash, getPath, partial, toHash } from "./state.js";

const FPS = 30;
const ERASE_RADIUS = 0.5;

export class Controller {
  constructor(view) {
    this.view = view;
    this.tables = {};
    /** The resolved default run config (GET /api/options → defaults). */
    this.defaults = {};
    /** Activation curves sampled at a non-default leaky_slope, by "name@slope": the answer of
     * GET /api/activations/{name}/curve, or the promise of it while it is on its way. */
    this.curves = new Map();
    this.limits = { maxLayers: 8, maxNeurons: 16 };
    this.session = null;
    this.config = {};
    this.ui = defaultView();
    this.playing = false;
    this.points = null;
    this.custom = null;
    this.selectedClass = 0;
    this.history = new History();
    this.latest = null;
    this.framesSeen = 0;
    this.traced = null;
    this.lessons = null;
    this.lesson = null;
    this.presetIndex = 0;
    this.queue = Promise.resolve();
    this.thumbs = new Map();
    this.lastHash = "";
    this.bannerDismissed = null;
    /** [layer, unit] of the hidden unit shown on the output plot while hovered, or null. */
    this.preview = null;
    this.live = new LiveStream({
      frame: (frame) => this.onFrame(frame),
      failed: (opened) => this.run(() => this.streamFailed(opened)),
      ended: (reason) => this.run(() => this.streamEnded(reason)),
      notice: (text) => this.view.setNotice(text),
    });
  }

  // ------------------------------------------------------------------ start-up

  async start() {
    this.bind();
    activity.listeners.add((n) => this.view.setBusy(n));
    const { config, view, hasConfig } = fromHash(window.location.hash);
    Object.assign(this.ui, view);
    try {
      const options = await api.options();
      this.tables = normaliseTables(options);
      this.defaults = options.defaults ?? {};
      const limits = options.limits ?? {};
      this.limits = {
        maxLayers: limits.max_layers ?? 8,
        maxNeurons: limits.max_neurons ?? 16,
      };
      this.view.setDataBox(limits.data_box);
      this.view.setBounds(options.bounds);
    } catch (error) {
      this.view.toast(`Could not load the option lists (${error.message}); showing current values only.`);
    }
    this.view.setOptionTables(this.tables);
    await this.run(() => this.createSession(hasConfig ? config : {}, decodePoints(view.points)));
    this.loadLessons();
    this.drawDatasetThumbs();
    window.addEventListener("pagehide", () => {
      if (this.session) api.forget(this.session);
    });
    window.addEventListener("hashchange", () => {
      if (window.location.hash === this.lastHash) return;
      const next = fromHash(window.location.hash);
      Object.assign(this.ui, next.view);
      this.run(() => this.createSession(next.config, decodePoints(next.view.points)));
    });
  }

  /** Run mutations one after another, so a fast clicker never races the server. */
  run(task) {
    this.queue = this.queue.then(task).catch((error) => this.fail(error));
    return this.queue;
  }

  fail(error) {
    if (error instanceof ApiError && error.status === 404 && this.session) {
      this.run(() => this.recover());
      return;
    }
    this.view.toast(error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`);
    if (this.session) this.refreshControls(true);
    else {
      this.view.setBanner({
        kind: "danger",
        title: "Cannot start a training session.",
        text:
          `The server answered: ${error.message}. ` +
          "Check that the NN Playground server is running, then reload.",
      });
    }
  }

  bind() {
    const v = this.view;
    v.bindPlay(() => this.run(() => this.togglePlay()));
    v.bindStep(() => this.run(() => this.step()));
    v.bindReset(() => this.run(() => this.reset()));
    v.bindRegenerate(() => this.patch({ random_state: Math.floor(Math.random() * 2 ** 31) }));
    v.bindCopyLink(() => this.copyLink());
    v.bindExport(() => this.run(() => this.exportModel()));
    v.bindConfigChange((path, value) => this.changeField(path, value));
    v.bindViewChange((name, value) => this.changeView(name, value));
    v.bindPlotClick((x1, x2, action) => this.plotClick(x1, x2, action));
    v.bindCsv((text) => this.run(() => this.uploadCsv(text)));
    v.bindClearPoints(() => this.run(() => this.clearPoints()));
    v.bindNetwork({
      toggleFeature: (name) => this.toggleFeature(name),
      addLayer: () => this.changeLayers(+1),
      removeLayer: () => this.changeLayers(-1),
      changeNeurons: (l, d) => this.changeNeurons(l, d),
      layerActivation: (l, name) => this.layerActivation(l, name),
      previewNeuron: (l, j) => {
        this.preview = l === null ? null : [l, j];
        this.paintedGrid = null;
        this.view.schedule(() => this.paint());
      },
      editWeight: (l, r, c, value) => this.run(() => this.editWeight(l, r, c, value)),
    });
    v.bindLessonTools(
      () => {
        this.ui.lang = this.ui.lang === "zh" ? "en" : "zh";
        this.showLesson();
        this.writeUrl();
      },
      () => {
        this.lesson = null;
        this.ui.lesson = "";
        this.showLesson();
        this.writeUrl();
      },
    );
  }

  // ------------------------------------------------------------------ sessions and the stream

  async createSession(config, points = []) {
    const old = this.session;
    this.closeStream();
    let created;
    try {
      created = await api.createSession(config);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 422 || !Object.keys(config).length) throw error;
      this.view.toast(`These settings were rejected (${error.message}); starting from the defaults.`);
      created = await api.createSession({});
    }
    if (old) api.deleteSession(old).catch(() => {});
    this.session = created.id;
    this.config = created.config;
    this.playing = false;
    this.view.setPlaying(false);
    this.history.clear();
    this.latest = null;
    this.traced = null;
    this.bannerDismissed = null;
    this.custom = null;
    if (points.length) {
      try {
        await api.putPoints(this.session, points);
        this.custom = points;
      } catch (error) {
        this.view.toast(`The saved points were rejected: ${error.message}`);
      }
    }
    await this.loadPoints();
    this.applyStatus(created.metrics ?? {});
    this.refreshControls();
    this.openStream();
  }

  openStream() {
    if (!this.session) return;
    const params = { resolution: this.ui.resolution, neurons: this.ui.showNeurons, weights: true };
    this.live.open(this.session, params);
  }

  /**
   * The stream failed. If the session is gone, start the run again; if the server is there but
   * refused (busy) or dropped the stream, or cannot be reached, try again after the backoff.
   */
  async streamFailed(opened) {
    try {
      await api.getSession(this.session);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) await this.rebuild();
      else this.live.retry(this.live.reason ?? (opened ? "lost" : "offline"));
      return;
    }
    this.live.retry(opened ? "lost" : "busy");
  }

  /** The server ended the stream: it is restarting (reconnect after the backoff) or the session was deleted. */
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
      await api.getSession(this.session);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) await this.rebuild();
      else this.live.retry("offline");
      return;
    }
    if (!this.live.active) this.openStream();
  }

  /** Start the lost run again from its settings and points. */
  async rebuild() {
    this.view.toast("The server had forgotten this run, so it was started again from its settings.", "info");
    this.session = null;
    await this.createSession(this.config, this.custom ?? []);
  }

  closeStream() {
    this.live.close();
  }

  /** After a change while paused, make sure a fresh frame arrives (reconnecting sends one). */
  expectFrame() {
    const seen = this.framesSeen;
    clearTimeout(this.frameTimer);
    this.frameTimer = setTimeout(() => {
      if (this.framesSeen === seen && !this.playing) this.openStream();
    }, 250);
  }

  onFrame(frame) {
    this.framesSeen += 1;
    this.latest = frame;
    if (typeof frame.playing === "boolean" && frame.playing !== this.playing) {
      this.playing = frame.playing;
      this.view.setPlaying(this.playing);
    }
    this.record(frame);
    this.applyStatus(frame);
    this.view.schedule(() => this.paint());
  }

  record(frame) {
    if (this.history.record(frame)) this.chartsDirty = true;
  }

  async loadHistory() {
    this.history.load(await api.history(this.session));
    this.chartsDirty = true;
    this.view.schedule(() => this.paint());
  }

  /** Paint the newest frame: only what changed since the last paint. */
  paint() {
    const f = this.latest;
    const regression = this.output() === "regression";
    if (f) {
      const hovered = this.preview && f.neurons?.[this.preview[0]];
      if (hovered && f !== this.paintedGrid) {
        this.view.paintNeuronPreview(decodeGrid(hovered), ...this.preview);
        this.paintedGrid = f;
      } else if (f.grid && f !== this.paintedGrid) {
        this.view.paintOutput(decodeGrid(f.grid), this.output(), this.ui.discretize);
        this.paintedGrid = f;
      }
      if (f.neurons && this.ui.showNeurons && f !== this.paintedNeurons) {
        this.view.network.updateNeurons(f.neurons.map(decodeGrid));
        this.paintedNeurons = f;
      }
      if (f.weights && f !== this.paintedWeights) {
        this.view.network.updateWeights(f.weights);
        this.paintedWeights = f;
      }
      this.view.network.updateStats(f.layers);
      this.view.setCounters(f.epoch, f.step);
      this.view.setMetrics(f, regression);
      // The first frame after a change of class count tells how many output units to draw.
      const shown = this.view.network.structure?.outputs;
      if (shown !== undefined && shown !== this.outputUnits()) this.refreshNetwork();
    }
    if (this.chartsDirty) {
      this.view.paintCharts(this.history, regression);
      this.chartsDirty = false;
    }
  }

  repaintAll() {
    this.paintedGrid = null;
    this.paintedNeurons = null;
    this.paintedWeights = null;
    this.chartsDirty = true;
    this.view.schedule(() => this.paint());
  }

  applyStatus(m) {
    const status = m.status;
    if (status === "diverged") {
      if (this.bannerDismissed === "diverged") return;
      const at = m.diverged_at ?? m.step;
      const lr = this.config.training?.learning_rate;
      this.view.setBanner({
        kind: "danger",
        title: `Training diverged${at !== null && at !== undefined ? ` at step ${at}` : ""}.`,
        text:
          "The loss became infinite or not a number, so the weights are no longer useful. Try a " +
          "smaller learning rate (10× lower), gradient clipping, an adaptive optimiser such as adam, " +
          "fewer layers or a smaller initialiser scale, then press reset.",
        fix: lr ? `Use learning rate ${formatNumber(lr / 10)} and reset` : null,
        onFix: () => this.run(() => this.fixDivergence()),
        onClose: () => {
          this.bannerDismissed = "diverged";
        },
      });
    } else if (status === "stopped_early") {
      if (this.bannerDismissed === "stopped_early") return;
      this.view.setBanner({
        kind: "info",
        title: "Stopped early.",
        text: m.message || "The validation loss stopped improving, so training stopped to avoid overfitting.",
        fix: "Reset and train again",
        onFix: () => this.run(() => this.reset()),
        onClose: () => {
          this.bannerDismissed = "stopped_early";
        },
      });
    } else if (status) {
      this.bannerDismissed = null;
      this.view.setBanner(null);
    }
  }

  // ------------------------------------------------------------------ training

  async togglePlay() {
    if (this.playing) {
      await api.pause(this.session);
      this.playing = false;
    } else {
      await api.play(this.session, FPS, this.ui.stepsPerFrame);
      this.playing = true;
    }
    this.view.setPlaying(this.playing);
  }

  async step() {
    const metrics = await api.step(this.session, { steps: 1 });
    this.applyStatus(metrics);
    this.expectFrame();
  }

  async reset() {
    const s = await api.reset(this.session, null);
    this.history.clear();
    this.chartsDirty = true;
    this.bannerDismissed = null;
    this.playing = Boolean(s.playing);
    this.view.setPlaying(this.playing);
    this.applyStatus(s.metrics ?? { status: "idle" });
    this.expectFrame();
  }

  async fixDivergence() {
    const lr = this.config.training.learning_rate / 10;
    await this.applyPatch(partial("training.learning_rate", lr));
    await this.reset();
  }

  /** Train `steps` in chunks so the progress bar moves, then reload the full history. */
  async trainSteps(steps) {
    if (this.playing) await this.togglePlay();
    const chunk = Math.max(1, Math.ceil(steps / 50));
    try {
      for (let done = 0; done < steps; done += chunk) {
        this.view.setProgress(done / steps);
        const m = await api.step(this.session, { steps: Math.min(chunk, steps - done) });
        if (m.status === "diverged") {
          this.applyStatus(m);
          break;
        }
      }
    } finally {
      this.view.setProgress(null);
    }
    await this.loadHistory();
    this.expectFrame();
  }

  // ------------------------------------------------------------------ configuration

  patch(changes) {
    return this.run(() => this.applyPatch(changes));
  }

  async applyPatch(changes) {
    const r = await api.patchSession(this.session, changes);
    this.config = r.config;
    const re = r.reinitialized ?? [];
    if (re.includes("data")) {
      this.custom = null;
      this.traced = null;
      await this.loadPoints();
    }
    if (re.includes("network")) {
      this.history.clear();
      this.chartsDirty = true;
      this.bannerDismissed = null;
    }
    if (r.metrics) this.applyStatus(r.metrics);
    if (r.message) this.view.toast(r.message, "info");
    this.refreshControls();
    this.expectFrame();
  }

  changeField(path, value) {
    if (path === "data.dataset") return this.chooseDataset(value);
    if (path === "network.output") return this.chooseOutput(value);
    return this.patch(partial(path, value));
  }

  changeView(name, value) {
    if (!Number.isFinite(value) && typeof value === "number") return;
    this.ui[name] = value;
    if (name === "resolution" || name === "showNeurons") this.openStream();
    if (name === "stepsPerFrame" && this.playing) {
      this.run(() => api.play(this.session, FPS, value));
    }
    if (name === "showTest") this.paintPoints();
    this.repaintAll();
    this.writeUrl();
  }

  dataset(name = this.config.data?.dataset) {
    return datasetSpec(this.tables, name);
  }

  output() {
    return this.config.network?.output ?? "binary";
  }

  classCount() {
    return classCount(this.tables, this.config, this.custom);
  }

  outputUnits() {
    const out = this.output();
    if (out === "multiclass" || out === "multilabel") return this.latest?.grid?.channels ?? this.classCount();
    return 1;
  }

  chooseDataset(name) {
    return this.patch(datasetChanges(this.tables, this.config, name));
  }

  chooseOutput(kind) {
    return this.patch(outputChanges(this.tables, this.config, kind, this.custom));
  }

  toggleFeature(name) {
    const inputs = this.config.features?.inputs ?? [];
    if (inputs.includes(name) && inputs.length === 1) {
      this.view.toast("The network needs at least one input feature.", "info");
      return;
    }
    const next = inputs.includes(name) ? inputs.filter((n) => n !== name) : [...inputs, name];
    const order = (this.tables.features ?? []).map((f) => f.name);
    if (order.length) next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    this.patch({ features: { inputs: next } });
  }

  layerActivations() {
    return layerActivations(this.config);
  }

  changeLayers(delta) {
    const changes = layerChanges(this.config, delta, this.limits.maxLayers);
    if (changes) this.patch(changes);
  }

  changeNeurons(layer, delta) {
    const sizes = [...(this.config.network?.hidden_layer_sizes ?? [])];
    const n = sizes[layer] + delta;
    if (n < 1 || n > this.limits.maxNeurons) return;
    sizes[layer] = n;
    this.patch({ network: { hidden_layer_sizes: sizes } });
  }

  layerActivation(layer, name) {
    const acts = this.layerActivations();
    acts[layer] = name;
    const same = acts.every((a) => a === acts[0]);
    this.patch({ network: { activation: same ? acts[0] : acts } });
  }

  async editWeight(layer, row, col, value) {
    await api.putWeight(this.session, layer, row, col, value);
    this.expectFrame();
  }

  // ------------------------------------------------------------------ data

  async loadPoints() {
    try {
      this.points = await api.points(this.session);
    } catch (error) {
      this.points = null;
      this.view.toast(`Could not load the data points: ${error.message}`);
    }
    this.paintPoints();
  }

  paintPoints() {
    this.view.paintPoints(this.points, {
      showTest: this.ui.showTest,
      regression: this.output() === "regression",
      traced: this.traced,
    });
  }

  allPoints() {
    const out = [];
    for (const set of Object.values(this.points ?? {})) {
      (set?.X ?? []).forEach(([a, b], i) => out.push([a, b, set.y[i]]));
    }
    return out;
  }

  plotClick(x1, x2, action) {
    if (action === "trace") return this.run(() => this.tracePoint(x1, x2));
    const current = this.custom ?? this.allPoints();
    let next;
    if (action === "erase") {
      const best = nearest(current, x1, x2);
      if (best < 0) return;
      next = current.filter((_, i) => i !== best);
    } else {
      const label = this.output() === "regression" ? this.view.targetValue() : this.selectedClass;
      next = [...current, [round3(x1), round3(x2), label]];
    }
    return this.run(() => this.setPoints(next));
  }

  /** Replace the data with `points`; below two points the set is only kept on the page. */
  async setPoints(points) {
    this.custom = points;
    if (points.length < 2) {
      this.points = splitLocally(points);
      this.paintPoints();
      this.view.toast("Add at least two points to train on your own data.", "info");
      this.writeUrl();
      return;
    }
    const s = await api.putPoints(this.session, points);
    if (s?.config) this.config = s.config;
    this.history.clear();
    this.chartsDirty = true;
    await this.loadPoints();
    this.refreshControls();
    this.expectFrame();
  }

  async uploadCsv(text) {
    const s = await api.putPointsCsv(this.session, text);
    if (s?.config) this.config = s.config;
    await this.loadPoints();
    this.custom = this.allPoints();
    this.history.clear();
    this.refreshControls();
    this.expectFrame();
    this.view.toast(`Loaded ${this.custom.length} points.`, "info");
  }

  async clearPoints() {
    if (this.playing) await this.togglePlay();
    await this.setPoints([]);
  }

  /** Trace the data point under the pointer (with its own label), else the spot with the chosen class. */
  async tracePoint(x1, x2) {
    const all = this.allPoints();
    const hit = nearest(all, x1, x2);
    const [px, py] = hit >= 0 ? all[hit] : [round3(x1), round3(x2)];
    let label = this.output() === "regression" ? this.view.targetValue() : this.selectedClass;
    if (hit >= 0) label = this.output() === "regression" ? all[hit][2] : Math.round(all[hit][2]);
    const trace = await api.trace(this.session, px, py, label);
    this.traced = [px, py];
    this.view.showTrace(trace, [px, py], label);
    this.paintPoints();
  }

  selectClass(k) {
    this.selectedClass = k;
    const regression = this.output() === "regression";
    this.view.setClassPicker(this.classCount(), k, regression, (j) => this.selectClass(j));
  }

  /** Draw a small sample of every dataset into its thumbnail, one dataset at a time. */
  async drawDatasetThumbs() {
    for (const d of this.tables.datasets ?? []) {
      if (this.thumbs.has(d.name)) continue;
      const thumb = await sampleDataset(d);
      if (!thumb) continue;
      this.thumbs.set(d.name, thumb);
      this.view.setDatasetThumb(d.name, thumb.pts, thumb.regression);
    }
  }

  // ------------------------------------------------------------------ lessons

  async loadLessons() {
    try {
      const data = await api.lessons();
      this.lessons = Array.isArray(data) ? data : (data?.lessons ?? []);
    } catch {
      this.lessons = null;
    }
    this.view.setLessons(this.lessons, (id) => this.run(() => this.openLesson(id)));
    if (this.ui.lesson && this.lessons) {
      this.lesson = this.lessons.find((l) => l.id === this.ui.lesson) ?? null;
      this.showLesson();
    }
  }

  async openLesson(id, presetIndex = 0) {
    const lesson = this.lessons?.find((l) => l.id === id);
    if (!lesson) return;
    this.lesson = lesson;
    this.presetIndex = presetIndex;
    this.ui.lesson = id;
    if (typeof lesson.view?.neurons === "boolean") this.ui.showNeurons = lesson.view.neurons;
    const preset = lesson.presets?.[presetIndex];
    await this.createSession(preset?.config ?? {});
    this.showLesson();
    this.writeUrl();
  }

  showLesson() {
    this.view.showLesson(
      this.lesson,
      this.ui.lang,
      (i) => this.run(() => this.openLesson(this.lesson.id, i)),
      () => this.run(() => this.trainSteps(this.lesson.presets?.[this.presetIndex]?.steps ?? 500)),
      this.presetIndex,
    );
  }

  // ------------------------------------------------------------------ sharing

  writeUrl() {
    this.ui.points = this.custom ? encodePoints(this.custom) : "";
    const hash = toHash(this.config, this.ui);
    if (hash !== window.location.hash) window.history.replaceState(null, "", hash);
    this.lastHash = window.location.hash;
  }

  async copyLink() {
    this.writeUrl();
    try {
      await navigator.clipboard.writeText(window.location.href);
      this.view.toast("Link copied: it replays this run (same seed, data and starting weights).", "info");
    } catch {
      this.view.toast(`Copy this link: ${window.location.href}`, "info");
    }
  }

  async exportModel() {
    const blob = await api.exportModel(this.session);
    const step = this.latest?.step ?? 0;
    this.view.download(blob, `nn-playground-${this.config.data?.dataset ?? "model"}-step${step}.json`);
  }

  // ------------------------------------------------------------------ showing the config

  structure() {
    const features = (this.tables.features ?? []).map((f) => f.name);
    const inputs = this.config.features?.inputs ?? [];
    return {
      features: features.length ? features : inputs,
      labels: Object.fromEntries((this.tables.features ?? []).map((f) => [f.name, f.label ?? f.name])),
      inputs,
      layers: this.config.network?.hidden_layer_sizes ?? [],
      activations: this.layerActivations(),
      activationOptions: (this.tables.activations ?? []).map((a) => a.name),
      outputs: this.outputUnits(),
      limits: this.limits,
    };
  }

  refreshNetwork() {
    this.view.setNetwork(this.structure());
    this.paintedWeights = null;
    this.paintedNeurons = null;
  }

  /**
   * Plot the first hidden layer's activation as the engine computes it. GET /api/options carries
   * each curve at the default leaky_slope; an activation that reads the slope, at another slope, is
   * fetched from GET /api/activations/{name}/curve once per (name, slope) and painted when it
   * arrives, if it is still the one to show.
   */
  paintActivation() {
    const act = this.layerActivations()[0] ?? getPath(this.config, "network.activation");
    const info = this.tables.activations?.find((a) => a.name === act);
    const slope = getPath(this.config, "network.leaky_slope");
    const sloped = readsLeakySlope(act) && typeof slope === "number";
    const label = sloped ? `${act} (c = ${slope})` : act;
    const paint = (curve) => this.view.paintActivation(label, info?.formula, curve);
    if (!sloped || !info || slope === getPath(this.defaults, "network.leaky_slope")) {
      paint(info?.curve);
      return;
    }
    const key = `${act}@${slope}`;
    const known = this.curves.get(key);
    if (known && !(known instanceof Promise)) {
      paint(known);
      return;
    }
    const pending = known ?? this.fetchCurve(act, slope, key);
    const current = () =>
      (this.layerActivations()[0] ?? getPath(this.config, "network.activation")) === act &&
      getPath(this.config, "network.leaky_slope") === slope;
    pending.then(
      (curve) => {
        if (current()) paint(curve);
      },
      (error) => {
        if (!current()) return;
        paint(null);
        this.view.toast(`Could not load the ${act} curve at slope ${slope} (${error.message}).`);
      },
    );
  }

  /** GET the engine's samples of `act` at `slope`, cached under `key` (a failure is not cached). */
  fetchCurve(act, slope, key) {
    const pending = api.activationCurve(act, slope).then(
      (curve) => {
        this.curves.set(key, curve);
        return curve;
      },
      (error) => {
        this.curves.delete(key);
        throw error;
      },
    );
    this.curves.set(key, pending);
    return pending;
  }

  refreshControls(force = false) {
    const v = this.view;
    v.setConfig(this.config, this.ui, force);
    const d = this.dataset();
    v.setDatasets(this.tables.datasets?.length ? this.tables.datasets : [d], d.name, (name) =>
      this.changeField("data.dataset", name),
    );
    for (const [name, t] of this.thumbs) v.setDatasetThumb(name, t.pts, t.regression);
    v.setDataControls({
      usesClasses: Boolean(d.uses_n_classes),
      minClasses: d.min_classes ?? 2,
      maxClasses: d.max_classes ?? 10,
      description: this.custom ? "Your own points." : d.description,
    });
    const k = this.classCount();
    if (this.selectedClass >= k) this.selectedClass = 0;
    v.setClassPicker(k, this.selectedClass, this.output() === "regression", (j) => this.selectClass(j));
    this.refreshNetwork();
    this.paintActivation();
    v.setRelevance(relevance(this.tables, this.config));
    this.paintPoints();
    this.repaintAll();
    this.writeUrl();
  }
}

/** Index of the point within ERASE_RADIUS of (x1, x2) closest to it, or -1. */
function nearest(points, x1, x2) {
  let best = -1;
  let bestDistance = ERASE_RADIUS;
  points.forEach(([a, b], i) => {
    const d = Math.hypot(a - x1, b - x2);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

function round3(v) {
  return Math.round(v * 1000) / 1000;
}

function formatNumber(v) {
  return Number(v.toPrecision(3)).toString();
}

function splitLocally(points) {
  return {
    train: { X: points.map((p) => [p[0], p[1]]), y: points.map((p) => p[2]) },
    val: { X: [], y: [] },
    test: { X: [], y: [] },
  };
}
