// The person's own points as rows [x1, x2, label, split?] (no split: a training point): what an add
// or an erase leaves, the split sets they make before the server has them, and a frame with the
// data's metrics blanked while they are too few to train on. Pure functions, no DOM.

import { nearest } from "./rules.js";

const ERASE_RADIUS = 0.5;
/** Metrics a frame carries that describe the data. */
const DATA_METRICS = ["train_loss", "val_loss", "test_loss", "train_accuracy", "val_accuracy", "test_accuracy"];

/** `point` added to `current`; `added` (the points put on a generated dataset, or null) follows. */
export function addPoint(current, added, point) {
  return { next: [...current, point], added: added ? [...added, point] : null };
}

/**
 * `current` without its point nearest (x1, x2), or null if none is close. Erasing one of the
 * `added` points keeps the rest added; erasing a generated point makes them all the person's own.
 */
export function erasePoint(current, added, x1, x2) {
  const best = nearest(current, x1, x2, ERASE_RADIUS);
  if (best < 0) return null;
  const firstAdded = current.length - (added?.length ?? 0);
  const stillAdded = added && best >= firstAdded ? added.filter((_, i) => i !== best - firstAdded) : null;
  return { next: current.filter((_, i) => i !== best), added: stillAdded };
}

/** Point rows as the split sets the server would answer. */
export function splitLocally(points) {
  const sets = { train: { X: [], y: [] }, val: { X: [], y: [] }, test: { X: [], y: [] } };
  for (const [a, b, label, split] of points) {
    const set = sets[split ?? "train"];
    set.X.push([a, b]);
    set.y.push(label);
  }
  return sets;
}

/** `frame` showing no loss, accuracy or progress. */
export function blankFrame(frame) {
  const blank = { ...frame, step: 0, epoch: 0 };
  for (const key of DATA_METRICS) blank[key] = null;
  return blank;
}
