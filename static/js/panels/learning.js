// The "How it learns" panel: gradient flow per layer, the first hidden layer's activation and its
// derivative (as the engine samples them), and the backprop trace of one point (a "plot-click" with
// action "trace").

import { api } from "../api.js";
import { ActivationPlot } from "../activation.js";
import { markView } from "../coach-mark.js";
import { optionLabel, t } from "../i18n.js";
import { explain, say } from "../learner.js";
import { LineChart } from "../linechart.js";
import { allPoints, layerActivations, nearest, outputKind, readsLeakySlope } from "../rules.js";
import { getPath } from "../state.js";
import { TraceView } from "../trace.js";

const $ = (id) => document.getElementById(id);
/** A click this close (data units) to a data point traces that point with its own label. */
const HIT_RADIUS = 0.5;

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

export class LearningPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.gradientChart = new LineChart($("gradient-chart"), { log: true });
    this.activationPlot = new ActivationPlot($("activation-plot"), $("activation-caption"));
    this.trace = new TraceView($("trace"));
    this.trace.clear(t("learn.noTrace"));
    /** Curves at a non-default leaky_slope by "name@slope": the answer, or the promise of it. */
    this.curves = new Map();
    this.chartsVersion = -1;
    store.on("refresh", () => this.paintActivation());
    store.on("language", () => {
      this.gradientChart.setSeries([]);
      this.paintActivation();
      if (this.trace.last) this.trace.update(...this.trace.last);
      else this.trace.clear(t("learn.noTrace"));
    });
    store.on("paint", ({ fresh }) => this.paintGradients(fresh));
    store.on("coachMarks", (marks) => markView($("gradient-chart").closest("figure"), marks.gradients));
    store.on("plot-click", ({ x1, x2, action }) => {
      if (action === "trace") session.run(() => this.tracePoint(x1, x2));
    });
  }

  paintGradients(fresh) {
    const h = this.store.get("history");
    if (!fresh && h.version === this.chartsVersion) return;
    this.chartsVersion = h.version;
    const layers = h.grad_norms.length;
    if (this.gradientChart.series.length !== layers) {
      this.gradientChart.setSeries(
        Array.from({ length: layers }, (_, l) => ({
          name: l === layers - 1 ? t("learn.output") : `W${l + 1}`,
          color: `hsl(${Math.round((l / Math.max(1, layers - 1)) * 240)},70%,42%)`,
        })),
      );
    }
    this.gradientChart.update(h.step, h.grad_norms.map((norms) => smooth(norms)));
  }

  /** The activation of the first hidden layer (or the network's), and its leaky slope. */
  shownActivation() {
    const config = this.store.get("config");
    const act = layerActivations(config)[0] ?? getPath(config, "network.activation");
    return [act, getPath(config, "network.leaky_slope")];
  }

  /**
   * Plot the first hidden layer's activation as the engine computes it. GET /api/options carries
   * each curve at the default leaky_slope; an activation that reads the slope, at another slope, is
   * fetched from GET /api/activations/{name}/curve once per (name, slope) and painted when it
   * arrives, if it is still the one to show.
   */
  paintActivation() {
    const [act, slope] = this.shownActivation();
    const info = this.store.get("tables").activations?.find((a) => a.name === act);
    const sloped = readsLeakySlope(act) && typeof slope === "number";
    const name = optionLabel("activations", act);
    const label = sloped ? `${name} (c = ${slope})` : name;
    const formula = t(`option.activations.${act}.tip`, {}, info?.formula ?? "");
    const paint = (curve) => this.activationPlot.update(label, formula, curve);
    if (!sloped || !info || slope === getPath(this.store.get("defaults"), "network.leaky_slope")) {
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
    const current = () => {
      const [a, c] = this.shownActivation();
      return a === act && c === slope;
    };
    pending.then(
      (curve) => {
        if (current()) paint(curve);
      },
      (error) => {
        if (!current()) return;
        paint(null);
        this.session.toast(say("load.curve", { name: act, reason: explain(error) }));
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

  /** Trace the data point under the pointer (with its own label), else the spot with the chosen class. */
  async tracePoint(x1, x2) {
    const s = this.store;
    const all = allPoints(s.get("points"));
    const hit = nearest(all, x1, x2, HIT_RADIUS);
    const [px, py] = hit >= 0 ? all[hit] : [round3(x1), round3(x2)];
    const regression = outputKind(s.get("config")) === "regression";
    let label = regression ? s.get("targetValue") : s.get("selectedClass");
    if (hit >= 0) label = regression ? all[hit][2] : Math.round(all[hit][2]);
    const trace = await api.trace(this.session.id, px, py, label);
    s.set({ traced: [px, py] });
    this.trace.update(trace, [px, py], label);
  }
}

function round3(v) {
  return Math.round(v * 1000) / 1000;
}
