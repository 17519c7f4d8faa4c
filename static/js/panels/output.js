// The Output panel: the metrics line, the output plot (heatmap, data points, a hovered neuron shown
// large, x1/x2 ticks, the colour legend), its toggles (test data, discretise, resolution) and the loss
// and accuracy charts. A click on the plot becomes a "plot-click" event ({x1, x2, action}: "add",
// "erase" or "trace").

import { decodeGrid } from "../api.js";
import { drawPlotTicks } from "../axes.js";
import { markView } from "../coach-mark.js";
import { formatNumber, formatPercent } from "../format.js";
import { HeatMap, STRENGTH } from "../heatmap.js";
import { t } from "../i18n.js";
import { PlotLegend } from "../legend.js";
import { LineChart } from "../linechart.js";
import { activationCentre } from "../network.js";
import { BOX, eventToData, PointsLayer, setDataBox } from "../points.js";
import { allPoints, classCount, layerActivations, outputKind } from "../rules.js";

const $ = (id) => document.getElementById(id);
const dash = (v, show) => (v === null || v === undefined ? "–" : show(v));

export class OutputPanel {
  constructor(store) {
    this.store = store;
    this.plot = $("plot");
    this.heatmap = new HeatMap($("heatmap"));
    this.pointsLayer = new PointsLayer($("points"));
    this.legend = new PlotLegend($("plot-legend"), STRENGTH);
    const [xTicks, yTicks] = [".plot-ticks-x", ".plot-ticks-y"].map((q) => this.plot.querySelector(q));
    const ticks = () => drawPlotTicks(xTicks, yTicks, BOX);
    this.lossChart = new LineChart($("loss-chart"), {
      series: lossSeries(),
    });
    this.accuracyChart = new LineChart($("accuracy-chart"), {
      series: accuracySeries(),
      yMin: 0,
      yMax: 1,
    });
    this.paintedGrid = null;
    this.chartsVersion = -1;
    this.bindToggles();
    store.on("language", () => {
      this.lossChart.setSeries(lossSeries());
      this.accuracyChart.setSeries(accuracySeries());
    });
    this.bindPlot();
    ticks();
    store.on("dataBox", (half) => {
      setDataBox(half);
      ticks();
    });
    store.onAny(["points", "showTest", "traced", "refresh"], () => this.paintPoints());
    store.on("preview", () => {
      this.paintedGrid = null;
      store.emit("paint-soon");
    });
    store.on("paint", (p) => this.paint(p));
    store.on("coachMarks", (marks) => markView($("loss-chart"), marks.loss));
  }

  bindToggles() {
    const s = this.store;
    const toggle = (id, name, read) =>
      $(id).addEventListener("change", () => {
        const value = read($(id));
        if (typeof value !== "number" || Number.isFinite(value)) s.set({ [name]: value });
      });
    toggle("show-test", "showTest", (e) => e.checked);
    toggle("discretize", "discretize", (e) => e.checked);
    toggle("resolution", "resolution", (e) => Number(e.value));
    s.onAny(["discretize", "resolution", "showTest"], () => s.emit("repaint"));
    s.on("refresh", () => {
      $("show-test").checked = s.get("showTest");
      $("discretize").checked = s.get("discretize");
      $("resolution").value = String(s.get("resolution"));
    });
  }

  /** Click: the chosen click mode (shift: erase, alt: trace); right click: erase. */
  bindPlot() {
    const s = this.store;
    this.plot.addEventListener("click", (e) => {
      const [x1, x2] = eventToData(e, this.plot);
      let action = s.get("clickMode");
      if (e.shiftKey) action = "erase";
      if (e.altKey) action = "trace";
      s.emit("plot-click", { x1, x2, action });
    });
    this.plot.addEventListener("contextmenu", (e) => {
      e.preventDefault();
      const [x1, x2] = eventToData(e, this.plot);
      s.emit("plot-click", { x1, x2, action: "erase" });
    });
  }

  paint({ frame: f, fresh }) {
    const s = this.store;
    const kind = outputKind(s.get("config"));
    if (fresh) this.paintedGrid = null;
    if (f) {
      const preview = s.get("preview");
      const hovered = preview && f.neurons?.[preview[0]];
      const span = kind === "regression" ? targetSpan(s.get("points")) : 1;
      if (hovered && f !== this.paintedGrid) {
        this.paintPreview(decodeGrid(hovered), ...preview);
        this.paintedGrid = f;
      } else if (f.grid && f !== this.paintedGrid) {
        const grid = decodeGrid(f.grid);
        this.heatmap.update(grid, { kind, discrete: s.get("discretize"), span: span || null });
        this.plot.classList.remove("previewing");
        this.paintedGrid = f;
      }
      this.legend.update({
        kind,
        classes: f.grid?.channels ?? classCount(s.get("tables"), s.get("config"), s.get("custom")),
        discrete: s.get("discretize"),
        span: span || gridSpan(this.heatmap.lastGrid),
        preview: this.plot.classList.contains("previewing") ? this.plot.dataset.preview : null,
      });
      this.setMetrics(f, kind === "regression");
    }
    const history = s.get("history");
    if (fresh || history.version !== this.chartsVersion) {
      this.chartsVersion = history.version;
      this.lossChart.update(history.step, [history.train_loss, history.val_loss, history.test_loss]);
      $("accuracy-chart").hidden = kind === "regression";
      if (kind !== "regression") {
        this.accuracyChart.update(history.step, [history.train_accuracy, history.test_accuracy]);
      }
    }
  }

  /** Show hidden unit j of layer l (its decoded layer grid) on the plot instead of the output. */
  paintPreview(grid, l, j) {
    const centre = activationCentre(layerActivations(this.store.get("config"))[l]);
    this.heatmap.updateNeuron(grid, j, centre);
    this.plot.classList.add("previewing");
    this.plot.dataset.preview = t("net.unit", { layer: l + 1, unit: j + 1 });
  }

  setMetrics(m, regression) {
    $("test-loss").textContent = dash(m.test_loss, formatNumber);
    $("train-loss").textContent = dash(m.train_loss, formatNumber);
    $("accuracy-line").hidden = regression;
    $("current-lr").textContent = dash(m.learning_rate, formatNumber);
    $("test-accuracy").textContent = dash(m.test_accuracy, formatPercent);
  }

  paintPoints() {
    const s = this.store;
    this.plot.classList.toggle("regression", outputKind(s.get("config")) === "regression");
    this.pointsLayer.update(s.get("points"), {
      showTest: s.get("showTest"),
      regression: outputKind(s.get("config")) === "regression",
      traced: s.get("traced"),
    });
  }
}

/** The largest |target| among the points: the regression colour scale runs from −it to +it. */
function targetSpan(points) {
  let span = 0;
  for (const [, , y] of allPoints(points)) if (Number.isFinite(y)) span = Math.max(span, Math.abs(y));
  return span;
}

/** The largest |value| of a one-channel grid (the scale when there are no points). */
function gridSpan(grid) {
  return grid ? Math.max(Math.abs(grid.min[0]), Math.abs(grid.max[0])) || 1 : 1;
}

/** The loss chart's curves, named in the page's language. */
function lossSeries() {
  return [
    { name: t("out.series.trainLoss"), color: "#333" },
    { name: t("out.series.valLoss"), color: "#999", dash: [4, 3] },
    { name: t("out.series.testLoss"), color: "#d62728" },
  ];
}

/** The accuracy chart's curves, named in the page's language. */
function accuracySeries() {
  return [
    { name: t("out.series.trainAccuracy"), color: "#333" },
    { name: t("out.series.testAccuracy"), color: "#d62728" },
  ];
}
