// The learner's own points in a sweep: the live run's points (drawn, uploaded or imported, which
// the page keeps as `custom`) as the sweep's `points` rows, and a cell's points once it is opened.

import { api } from "./api.js";
import { labelledPoints } from "./rules.js";

/** [x1, x2, label, split?] rows the live run trains on, if they are the learner's own; else null. */
export async function livePoints(store, sessionId) {
  if (!store.get("custom") || !sessionId) return null;
  if (store.get("dataPending")) return store.get("custom"); // the server says why they cannot train
  return labelledPoints(await api.points(sessionId));
}

/** The rows session `id` holds (an opened cell of a sweep on the learner's points). */
export async function sessionPoints(id) {
  return labelledPoints(await api.points(id));
}
