// The coach's mark on a view its evidence points at: a calm outline and a small badge naming the
// diagnosis (CSS draws both from `data-coach-mark`), removed when the diagnosis goes. Each panel
// marks its own elements from the store's "coachMarks" ({gradients | dead | loss: {label, layer,
// units}}).

/** Mark `el` with `mark.label` as its badge, or unmark it (`mark` null or undefined). */
export function markView(el, mark) {
  if (!el) return;
  if (mark) el.dataset.coachMark = mark.label ?? "";
  else delete el.dataset.coachMark;
}
