// One small multiple of the Compare view: the run's label (with its colour in the shared loss chart),
// its decision boundary with the data points over it, and its step, loss and accuracy.

import { formatNumber, formatPercent } from "./format.js";
import { HeatMap } from "./heatmap.js";
import { t } from "./i18n.js";
import { PointsLayer } from "./points.js";
import { outputKind } from "./rules.js";

/** One colour per run, in the cards and the shared chart (distinct from the orange/blue classes). */
export const RUN_COLORS = ["#333333", "#d62728", "#2ca02c", "#9467bd"];

export class CompareCard {
  /** `run`: a CompareRun (compare-runs.js); `index`: its place, which picks its colour. */
  constructor(run, index) {
    this.run = run;
    this.color = RUN_COLORS[index % RUN_COLORS.length];
    this.root = document.createElement("figure");
    this.root.className = "compare-run";
    const caption = document.createElement("figcaption");
    const swatch = document.createElement("span");
    swatch.className = "compare-swatch";
    swatch.style.background = this.color;
    swatch.setAttribute("aria-hidden", "true");
    this.labelText = document.createElement("span");
    this.labelText.className = "compare-label";
    caption.append(swatch, this.labelText);
    const plot = document.createElement("div");
    plot.className = "compare-plot";
    this.heatmapCanvas = document.createElement("canvas");
    this.heatmapCanvas.className = "compare-heatmap";
    this.pointsCanvas = document.createElement("canvas");
    this.pointsCanvas.className = "compare-points";
    this.pointsCanvas.setAttribute("aria-hidden", "true");
    plot.append(this.heatmapCanvas, this.pointsCanvas);
    this.metricsText = document.createElement("p");
    this.metricsText.className = "compare-metrics";
    this.root.append(caption, plot, this.metricsText);
    this.heatmap = new HeatMap(this.heatmapCanvas);
    this.pointsLayer = new PointsLayer(this.pointsCanvas);
  }

  get regression() {
    return outputKind(this.run.config) === "regression";
  }

  /** The label and every sentence in the page's language (`label`: the run's label, already chosen). */
  translate(label) {
    this.labelText.textContent = label;
    this.heatmapCanvas.setAttribute("aria-label", t("compare.plot", { label }));
    this.showMetrics();
  }

  /** Draw the data points (after they are loaded, or the plot was resized). */
  paintPoints() {
    this.pointsLayer.update(this.run.points, { showTest: false, regression: this.regression });
  }

  /** Paint the newest boundary grid and metrics. */
  paint() {
    const { grid } = this.run;
    if (grid) this.heatmap.update(grid, { kind: outputKind(this.run.config) });
    this.showMetrics();
  }

  showMetrics() {
    const m = this.run.metrics;
    const step = m.step ?? 0;
    this.root.dataset.step = String(step);
    const loss = formatNumber(m.train_loss ?? NaN);
    let text = this.regression
      ? t("compare.metricsRegression", { step, loss })
      : t("compare.metrics", { step, loss, accuracy: formatPercent(m.test_accuracy) });
    if (m.status === "diverged") text += ` · ${t("compare.diverged", { step: m.diverged_at ?? step })}`;
    if (m.status === "stopped_early") text += ` · ${t("compare.stoppedEarly")}`;
    this.metricsText.textContent = text;
  }
}
