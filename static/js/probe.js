// What the browser tests and the benchmark read from the page (`window.playground`): a read-only
// view of the store and the renderers they measure. The page itself never uses it.

import { allPoints } from "./rules.js";

export function probe(store, painter, panels) {
  return {
    store,
    get session() {
      return store.get("session");
    },
    get config() {
      return store.get("config");
    },
    get latest() {
      return store.get("latest");
    },
    get framesSeen() {
      return store.get("framesSeen");
    },
    get playing() {
      return store.get("playing");
    },
    get points() {
      return store.get("points");
    },
    get custom() {
      return store.get("custom");
    },
    get history() {
      return store.get("history");
    },
    allPoints: () => allPoints(store.get("points")),
    /** Paint the newest frame now; `fresh`: every part, as if nothing had been painted. */
    paint: (fresh = false) => painter.paint(fresh),
    view: {
      network: panels.network.view,
      lossChart: panels.output.lossChart,
      activationPlot: panels.learning.activationPlot,
      compareChart: panels.compare.chart,
    },
    /** The Compare view's runs: session id, whether it made it, step, and loss curve. */
    compareRuns: () =>
      panels.compare.lockstep.runs.map((r) => ({ id: r.id, own: r.own, step: r.metrics.step, curve: r.curve })),
  };
}
