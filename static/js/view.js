// The view: owns every DOM lookup and renderer, offers setX(...) to show state and bindX(handler)
// to report what the person did. It never calls the server and holds no run state.

import { ActivationPlot } from "./activation.js";
import { classColor, classMarker, cssColor } from "./colors.js";
import { HeatMap } from "./heatmap.js";
import { LineChart } from "./linechart.js";
import { NetworkView } from "./network.js";
import { drawMarker, drawPoints, eventToData, PointsLayer, setDataBox } from "./points.js";
import { getPath } from "./state.js";
import { TraceView } from "./trace.js";

const $ = (id) => document.getElementById(id);

/** A select's tooltip is its chosen option's. */
function showTip(select) {
  select.title = select.selectedOptions[0]?.title ?? "";
}

/** A ratio slider shows a percentage, others their value. */
function sliderText(field, value) {
  return field.id.endsWith("ratio") ? `${Math.round(value * 100)}%` : String(value);
}

/** An exponential moving average in log space, so per-batch noise does not hide the trend. */
function smooth(values, weight = 0.15) {
  let level = null;
  return values.map((v) => {
    if (v === null || v === undefined || !(v > 0)) return v;
    const log = Math.log(v);
    level = level === null ? log : level + weight * (log - level);
    return Math.exp(level);
  });
}

const LESSON_WORDS = {
  en: { do: "Do", watch: "Watch", why: "Why", other: "中文", train: "Train" },
  zh: { do: "操作", watch: "观察", why: "原因", other: "English", train: "训练" },
};

export class View {
  constructor() {
    this.el = {};
    for (const id of [
      "progress", "reset", "play", "step", "epoch", "step-count", "copy-link", "export", "banner",
      "banner-title", "banner-text", "banner-fix", "banner-close", "toast", "lesson", "lesson-title",
      "lesson-lang", "lesson-close", "lesson-do", "lesson-watch", "lesson-why", "lesson-presets",
      "lessons-menu", "lesson-list", "datasets", "dataset-description", "classes-label", "n-classes",
      "regenerate", "class-picker", "target-label", "target-value", "csv", "clear-points", "add-layer",
      "remove-layer", "layer-count", "show-neurons", "network", "test-loss", "train-loss",
      "test-accuracy", "accuracy-line", "plot", "heatmap", "points", "show-test", "discretize",
      "resolution", "steps-per-frame", "loss-chart", "accuracy-chart", "gradient-chart",
      "activation-plot", "activation-caption", "notice", "trace", "weight-editor", "weight-name",
      "weight-value", "weight-save", "weight-cancel", "activation", "current-lr",
    ]) {
      this.el[id] = $(id);
    }
    this.fields = [...document.querySelectorAll("[data-path]")];
    this.heatmap = new HeatMap(this.el.heatmap);
    this.pointsLayer = new PointsLayer(this.el.points);
    this.lossChart = new LineChart(this.el["loss-chart"], {
      series: [
        { name: "train loss", color: "#333" },
        { name: "val loss", color: "#999", dash: [4, 3] },
        { name: "test loss", color: "#d62728" },
      ],
    });
    this.accuracyChart = new LineChart(this.el["accuracy-chart"], {
      series: [
        { name: "train accuracy", color: "#333" },
        { name: "test accuracy", color: "#d62728" },
      ],
      yMin: 0,
      yMax: 1,
    });
    this.gradientChart = new LineChart(this.el["gradient-chart"], { log: true });
    this.activationPlot = new ActivationPlot(this.el["activation-plot"], this.el["activation-caption"]);
    this.trace = new TraceView(this.el.trace);
    this.trace.clear("No point traced yet.");
    this.networkHandlers = {};
    this.network = new NetworkView(this.el.network, {
      toggleFeature: (name) => this.networkHandlers.toggleFeature?.(name),
      changeNeurons: (l, d) => this.networkHandlers.changeNeurons?.(l, d),
      layerActivation: (l, name) => this.networkHandlers.layerActivation?.(l, name),
      previewNeuron: (l, j) => this.networkHandlers.previewNeuron?.(l, j),
      editWeight: (l, r, c, w, x, y) => this.openWeightEditor(l, r, c, w, x, y),
    });
    this.datasetThumbs = new Map();
    // The lessons menu closes when the person clicks elsewhere or presses Escape.
    document.addEventListener("click", (e) => {
      if (!this.el["lessons-menu"].contains(e.target)) this.el["lessons-menu"].open = false;
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.el["lessons-menu"].open = false;
    });
    this.renderQueued = false;
    this.busyTimer = null;
  }

  // ------------------------------------------------------------------ option lists and controls

  /**
   * Fill every select that names a table (data-table) with that table's entries; each option's
   * tooltip is its formula or description from the server, and the select shows the chosen one's.
   */
  setOptionTables(tables) {
    for (const select of document.querySelectorAll("select[data-table]")) {
      const entries = tables[select.dataset.table] ?? [];
      const current = select.value;
      select.replaceChildren(
        ...entries.map((e) => {
          const option = new Option(e.name, e.name);
          option.title = e.formula ?? e.description ?? "";
          return option;
        }),
      );
      if (entries.some((e) => e.name === current)) select.value = current;
      if (!select.dataset.tips) {
        select.dataset.tips = "on";
        select.addEventListener("change", () => showTip(select));
      }
      showTip(select);
    }
  }

  /**
   * Give each number box the range its config field accepts (GET /api/options → bounds:
   * {"training.learning_rate": {min, max, ...}}); without them the page's own min/max stay.
   */
  setBounds(bounds) {
    for (const field of this.fields) {
      const range = field.type === "number" ? bounds?.[field.dataset.path] : undefined;
      if (!range) continue;
      if (range.min !== null && range.min !== undefined) field.min = String(range.min);
      if (range.max !== null && range.max !== undefined) field.max = String(range.max);
    }
  }

  /** The data box is [-half, half]² (GET /api/options limits.data_box). */
  setDataBox(half) {
    setDataBox(half);
  }

  /**
   * Show the resolved config (and the page's own settings) in every control. A number box being
   * typed in keeps its text unless `force` (after the server refused a value, to show the old one).
   */
  setConfig(config, view, force = false) {
    for (const field of this.fields) {
      if (!force && field === document.activeElement && field.type === "number") continue;
      let value = getPath(config, field.dataset.path);
      if (field.type === "checkbox") {
        field.checked = Boolean(value);
        continue;
      }
      if (field.id === "activation" && Array.isArray(value)) {
        value = value.every((v) => v === value[0]) ? value[0] : "";
      }
      if (value === null || value === undefined) value = "";
      if (field.tagName === "SELECT" && value !== "" && ![...field.options].some((o) => o.value === value)) {
        field.append(new Option(String(value), String(value)));
      }
      if (field.tagName === "SELECT" && value === "") {
        if (![...field.options].some((o) => o.value === "")) field.append(new Option("per layer", ""));
      }
      field.value = String(value);
      if (field.tagName === "SELECT") showTip(field);
      const shown = document.getElementById(`${field.id}-value`);
      if (shown) shown.textContent = sliderText(field, value);
    }
    this.el["show-test"].checked = view.showTest;
    this.el.discretize.checked = view.discretize;
    this.el.resolution.value = String(view.resolution);
    this.el["steps-per-frame"].value = String(view.stepsPerFrame);
    this.el["show-neurons"].checked = view.showNeurons;
  }

  /** handler(path, value) for every control bound to a config field. */
  bindConfigChange(handler) {
    for (const field of this.fields) {
      field.addEventListener("change", () => {
        let value;
        if (field.type === "checkbox") value = field.checked;
        else if (field.type === "number" || field.type === "range") {
          if (field.value === "") value = field.dataset.path === "training.clip_norm" ? null : undefined;
          else value = Number(field.value);
        } else value = field.value;
        if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return;
        if (field.tagName === "SELECT" && value === "") return;
        handler(field.dataset.path, value);
      });
      if (field.type === "range") {
        field.addEventListener("input", () => {
          const shown = document.getElementById(`${field.id}-value`);
          if (shown) shown.textContent = sliderText(field, Number(field.value));
        });
      }
    }
  }

  /** handler(name, value) for the page's own settings. */
  bindViewChange(handler) {
    const on = (id, name, read) => {
      this.el[id].addEventListener("change", () => handler(name, read(this.el[id])));
    };
    on("show-test", "showTest", (e) => e.checked);
    on("discretize", "discretize", (e) => e.checked);
    on("show-neurons", "showNeurons", (e) => e.checked);
    on("resolution", "resolution", (e) => Number(e.value));
    on("steps-per-frame", "stepsPerFrame", (e) => Number(e.value));
  }

  setDataControls({ usesClasses, minClasses, maxClasses, description }) {
    this.el["classes-label"].hidden = !usesClasses;
    this.el["n-classes"].min = String(minClasses);
    this.el["n-classes"].max = String(maxClasses);
    this.el["dataset-description"].textContent = description ?? "";
  }

  // ------------------------------------------------------------------ top bar

  bindPlay(handler) {
    this.el.play.addEventListener("click", handler);
    document.addEventListener("keydown", (e) => {
      if (e.code !== "Space" && e.key !== " ") return;
      const tag = e.target?.tagName;
      if (["INPUT", "SELECT", "TEXTAREA", "BUTTON", "SUMMARY"].includes(tag)) return;
      if (e.target?.isContentEditable) return;
      e.preventDefault();
      handler();
    });
  }

  bindStep(handler) {
    this.el.step.addEventListener("click", handler);
  }

  bindReset(handler) {
    this.el.reset.addEventListener("click", handler);
  }

  bindRegenerate(handler) {
    this.el.regenerate.addEventListener("click", handler);
  }

  bindCopyLink(handler) {
    this.el["copy-link"].addEventListener("click", handler);
  }

  bindExport(handler) {
    this.el.export.addEventListener("click", handler);
  }

  setPlaying(playing) {
    this.el.play.dataset.playing = String(playing);
    this.el.play.textContent = playing ? "❚❚" : "▶";
    this.el.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  }

  setCounters(epoch, step) {
    this.el.epoch.textContent = String(epoch ?? 0).padStart(3, "0");
    this.el["step-count"].textContent = String(step ?? 0).padStart(4, "0");
  }

  setMetrics(m, regression) {
    const f = (v, show = (x) => Number(x).toFixed(3)) => (v === null || v === undefined ? "–" : show(v));
    this.el["test-loss"].textContent = f(m.test_loss);
    this.el["train-loss"].textContent = f(m.train_loss);
    this.el["accuracy-line"].hidden = regression;
    const lr = m.learning_rate;
    this.el["current-lr"].textContent = f(lr, (v) => Number(v.toPrecision(3)).toString());
    this.el["test-accuracy"].textContent = f(m.test_accuracy, (v) => `${(v * 100).toFixed(1)}%`);
  }

  // ------------------------------------------------------------------ banner, toast, progress

  /** info: {title, text, fix, onFix} or null to hide. */
  setBanner(info) {
    const b = this.el.banner;
    if (!info) {
      b.hidden = true;
      return;
    }
    b.hidden = false;
    b.className = `banner ${info.kind ?? "danger"}`;
    this.el["banner-title"].textContent = info.title;
    this.el["banner-text"].textContent = info.text;
    const fix = this.el["banner-fix"];
    fix.hidden = !info.fix;
    fix.textContent = info.fix ?? "";
    fix.onclick = info.onFix ?? null;
    this.el["banner-close"].onclick = () => {
      b.hidden = true;
      info.onClose?.();
    };
  }

  /** A calm status line about the connection (e.g. "retrying in 4 s"), or null to hide it. */
  setNotice(text) {
    const n = this.el.notice;
    n.hidden = !text;
    n.textContent = text ?? "";
  }

  toast(message, kind = "error") {
    const t = this.el.toast;
    t.textContent = message;
    t.className = `toast ${kind}`;
    t.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      t.hidden = true;
    }, 6000);
  }

  /** Show a determinate progress bar at `fraction` (0..1) of a long operation; null ends it. */
  setProgress(fraction) {
    const bar = this.el.progress;
    const fill = bar.firstElementChild;
    this.determinate = fraction !== null;
    clearTimeout(this.busyTimer);
    this.busyTimer = null;
    bar.classList.remove("indeterminate");
    bar.hidden = fraction === null;
    fill.style.width = fraction === null ? "" : `${Math.round(fraction * 100)}%`;
    if (fraction !== null) bar.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
  }

  /** pending: requests in flight; a sliding bar appears when one takes longer than 200 ms. */
  setBusy(pending) {
    if (this.determinate) return;
    const bar = this.el.progress;
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

  // ------------------------------------------------------------------ data panel

  /** datasets: [{name, kind, description}] → one thumbnail button each. */
  setDatasets(datasets, selected, handler) {
    const root = this.el.datasets;
    if (root.childElementCount !== datasets.length) {
      root.replaceChildren();
      this.datasetThumbs.clear();
      for (const d of datasets) {
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
        b.addEventListener("click", () => handler(d.name));
        root.append(b);
        this.datasetThumbs.set(d.name, c);
      }
    }
    for (const b of root.children) {
      const on = b.dataset.name === selected;
      b.classList.toggle("selected", on);
      b.setAttribute("aria-checked", String(on));
    }
  }

  /** Draw a small sample of a dataset into its thumbnail. */
  setDatasetThumb(name, points, regression) {
    const c = this.datasetThumbs.get(name);
    if (!c) return;
    const ctx = c.getContext("2d");
    ctx.fillStyle = "#fafafa";
    ctx.fillRect(0, 0, c.width, c.height);
    drawPoints(ctx, c.width, points, { regression, markerSize: 1.8 });
  }

  /** k classes to pick from for new points; regression shows a target value box instead. */
  setClassPicker(k, selected, regression, handler) {
    this.el["target-label"].hidden = !regression;
    const root = this.el["class-picker"];
    root.hidden = regression;
    if (root.childElementCount !== k) {
      root.replaceChildren();
      for (let j = 0; j < k; j++) {
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
        b.addEventListener("click", () => handler(j));
        root.append(b);
      }
    }
    [...root.children].forEach((b, j) => b.setAttribute("aria-checked", String(j === selected)));
  }

  targetValue() {
    return Number(this.el["target-value"].value) || 0;
  }

  clickMode() {
    return document.querySelector("input[name=click-mode]:checked")?.value ?? "add";
  }

  /** handler(x1, x2, action) with action "add" | "erase" | "trace". */
  bindPlotClick(handler) {
    const plot = this.el.plot;
    plot.addEventListener("click", (e) => {
      const [x1, x2] = eventToData(e, plot);
      let action = this.clickMode();
      if (e.shiftKey) action = "erase";
      if (e.altKey) action = "trace";
      handler(x1, x2, action);
    });
    plot.addEventListener("contextmenu", (e) => {
      e.preventDefault();
      const [x1, x2] = eventToData(e, plot);
      handler(x1, x2, "erase");
    });
  }

  bindCsv(handler) {
    this.el.csv.addEventListener("change", async () => {
      const file = this.el.csv.files?.[0];
      if (!file) return;
      handler(await file.text());
      this.el.csv.value = "";
    });
  }

  bindClearPoints(handler) {
    this.el["clear-points"].addEventListener("click", handler);
  }

  // ------------------------------------------------------------------ network panel

  bindNetwork(handlers) {
    Object.assign(this.networkHandlers, handlers);
    this.el["add-layer"].addEventListener("click", () => handlers.addLayer());
    this.el["remove-layer"].addEventListener("click", () => handlers.removeLayer());
    this.weightHandler = handlers.editWeight;
  }

  setNetwork(structure) {
    const n = structure.layers.length;
    this.el["layer-count"].textContent = `${n} hidden layer${n === 1 ? "" : "s"}`;
    this.el["add-layer"].disabled = n >= structure.limits.maxLayers;
    this.el["remove-layer"].disabled = n === 0;
    this.network.update(structure);
  }

  openWeightEditor(layer, row, col, value, x, y) {
    const pop = this.el["weight-editor"];
    const st = this.network.structure;
    const source = st.inputs[col];
    const from = layer === 0 ? (st.labels?.[source] ?? source) : `layer ${layer}, unit ${col + 1}`;
    const to = layer === st.layers.length ? `output ${row + 1}` : `layer ${layer + 1}, unit ${row + 1}`;
    this.el["weight-name"].textContent = col === null ? `bias of ${to}` : `${from} → ${to}`;
    const input = this.el["weight-value"];
    input.value = String(Number(value.toFixed(4)));
    pop.hidden = false;
    pop.style.left = `${Math.min(x, window.innerWidth - 240) + window.scrollX}px`;
    pop.style.top = `${y + window.scrollY + 8}px`;
    input.focus();
    input.select();
    const close = () => {
      pop.hidden = true;
    };
    const save = () => {
      const v = Number(input.value);
      close();
      if (input.value !== "" && Number.isFinite(v)) this.weightHandler?.(layer, row, col, v);
    };
    this.el["weight-save"].onclick = save;
    this.el["weight-cancel"].onclick = close;
    input.onkeydown = (e) => {
      if (e.key === "Enter") save();
      if (e.key === "Escape") close();
    };
  }

  // ------------------------------------------------------------------ painting

  /** Run `paint` once in the next animation frame, however many times this is called before it. */
  schedule(paint) {
    this.paint = paint;
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.paint();
    });
  }

  paintOutput(grid, kind, discrete) {
    this.heatmap.update(grid, { kind, discrete });
    this.el.plot.classList.remove("previewing");
  }

  /** Show hidden unit j of layer l (its decoded layer grid) on the output plot instead. */
  paintNeuronPreview(grid, l, j) {
    this.heatmap.updateNeuron(grid, j, this.network.centre(l));
    this.el.plot.classList.add("previewing");
    this.el.plot.dataset.preview = `layer ${l + 1}, unit ${j + 1}`;
  }

  paintPoints(points, options) {
    this.pointsLayer.update(points, options);
  }

  paintCharts(h, regression) {
    this.lossChart.update(h.step, [h.train_loss, h.val_loss, h.test_loss]);
    this.el["accuracy-chart"].hidden = regression;
    if (!regression) this.accuracyChart.update(h.step, [h.train_accuracy, h.test_accuracy]);
    const layers = h.grad_norms.length;
    if (this.gradientChart.series.length !== layers) {
      this.gradientChart.setSeries(
        Array.from({ length: layers }, (_, l) => ({
          name: l === layers - 1 ? "output" : `W${l + 1}`,
          color: `hsl(${Math.round((l / Math.max(1, layers - 1)) * 240)},70%,42%)`,
        })),
      );
    }
    this.gradientChart.update(h.step, h.grad_norms.map((norms) => smooth(norms)));
  }

  /** `curve`: the engine's samples of the activation (GET /api/options → ACTIVATIONS[].curve, or
   * GET /api/activations/{name}/curve at a non-default leaky_slope). */
  paintActivation(name, formula, curve) {
    this.activationPlot.update(name, formula, curve);
  }

  /** Grey out controls that do nothing for the current choices; limit the loss list. */
  setRelevance(relevance) {
    for (const field of this.fields) {
      const on = relevance[field.dataset.path];
      if (on === undefined) continue;
      field.disabled = !on;
      field.closest("label")?.classList.toggle("irrelevant", !on);
    }
    const loss = document.getElementById("loss");
    for (const option of loss.options) {
      option.disabled = Boolean(relevance.losses) && !relevance.losses.includes(option.value);
    }
  }

  showTrace(trace, point, label) {
    this.trace.update(trace, point, label);
  }

  // ------------------------------------------------------------------ lessons

  setLessons(lessons, handler) {
    const list = this.el["lesson-list"];
    list.replaceChildren();
    if (!lessons) {
      const li = document.createElement("li");
      li.className = "hint";
      li.textContent = "Lessons are not available on this server.";
      list.append(li);
      return;
    }
    for (const lesson of lessons) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "lesson-item";
      b.dataset.id = lesson.id;
      b.textContent = `${lesson.number ?? ""}. ${lesson.title?.en ?? lesson.id}`;
      const zh = document.createElement("span");
      zh.className = "zh";
      zh.textContent = lesson.title?.zh ?? "";
      b.append(zh);
      b.addEventListener("click", () => {
        this.el["lessons-menu"].open = false;
        handler(lesson.id);
      });
      li.append(b);
      list.append(li);
    }
  }

  /** Show a lesson's text in `lang`; presets become buttons calling presetHandler(index). */
  showLesson(lesson, lang, presetHandler, trainHandler, presetIndex = 0) {
    const panel = this.el.lesson;
    const learning = document.querySelector(".panel.learning");
    learning.classList.toggle("highlight", Boolean(lesson?.view?.gradient_flow));
    if (!lesson) {
      panel.hidden = true;
      return;
    }
    const words = LESSON_WORDS[lang] ?? LESSON_WORDS.en;
    panel.hidden = false;
    panel.lang = lang === "zh" ? "zh" : "en";
    this.el["lesson-title"].textContent = lesson.title?.[lang] ?? lesson.title?.en ?? lesson.id;
    const text = lesson.text?.[lang] ?? lesson.text?.en ?? {};
    this.el["lesson-do"].textContent = text.do ?? "";
    this.el["lesson-watch"].textContent = text.watch ?? "";
    this.el["lesson-why"].textContent = text.why ?? "";
    for (const dt of panel.querySelectorAll("[data-i18n]")) dt.textContent = words[dt.dataset.i18n];
    this.el["lesson-lang"].textContent = words.other;
    const presets = this.el["lesson-presets"];
    presets.replaceChildren();
    (lesson.presets ?? []).forEach((preset, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = preset.name ?? `preset ${i + 1}`;
      b.setAttribute("aria-pressed", String(i === presetIndex));
      b.addEventListener("click", () => presetHandler(i));
      presets.append(b);
    });
    const train = document.createElement("button");
    train.type = "button";
    train.className = "primary";
    train.textContent = `${words.train} ${lesson.presets?.[presetIndex]?.steps ?? 500}`;
    train.addEventListener("click", trainHandler);
    presets.append(train);
  }

  bindLessonTools(onLang, onClose) {
    this.el["lesson-lang"].addEventListener("click", onLang);
    this.el["lesson-close"].addEventListener("click", onClose);
  }

  /** Trigger a download of `blob` called `filename`. */
  download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
