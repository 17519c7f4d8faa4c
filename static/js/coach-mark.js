// The coach's mark on a view its evidence points at: a calm outline and a small badge naming the
// diagnosis (CSS draws both from `data-coach-mark`), removed when the diagnosis goes. Each panel
// marks its own elements from the store's "coachMarks" ({gradients | dead | loss: {label, layer}}).

/** Mark `el` with `mark.label` as its badge, or unmark it (`mark` null or undefined). */
export function markView(el, mark) {
  if (!el) return;
  if (mark) el.dataset.coachMark = mark.label ?? "";
  else delete el.dataset.coachMark;
}

/**
 * Units of hidden layer `layer` whose picture is 0 over the whole plot, from a frame's neuron grid
 * (per-unit min and max): a ReLU unit that outputs 0 everywhere is dead on every training point.
 * Without pictures (neuron grids off) none can be told apart, and none is returned.
 */
export function flatZeroUnits(grid) {
  if (!grid || !Array.isArray(grid.max) || !Array.isArray(grid.min)) return new Set();
  const units = new Set();
  grid.max.forEach((high, j) => {
    if (high === 0 && grid.min[j] === 0) units.add(j);
  });
  return units;
}
