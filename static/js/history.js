// The training curves the charts draw: one entry per step seen, from stream frames or GET /history.

const MAX_POINTS = 2000;
const SERIES = ["train_loss", "val_loss", "test_loss", "train_accuracy", "test_accuracy"];

export class History {
  constructor() {
    this.clear();
  }

  clear() {
    /** Grows on every change, so a chart knows whether it has drawn the newest curves. */
    this.version = (this.version ?? 0) + 1;
    this.step = [];
    for (const key of SERIES) this[key] = [];
    /** grad_norms[l][i]: gradient norm of weight layer l at step[i]. */
    this.grad_norms = [];
  }

  /** Append a frame's metrics; a step lower than the last one means the run restarted. */
  record(frame) {
    if (typeof frame.step !== "number") return false;
    const last = this.step.length ? this.step[this.step.length - 1] : -1;
    if (frame.step < last) this.clear();
    else if (frame.step === last) return false;
    this.step.push(frame.step);
    for (const key of SERIES) this[key].push(frame[key] ?? null);
    const layers = frame.layers ?? [];
    while (this.grad_norms.length < layers.length) {
      this.grad_norms.push(new Array(this.step.length - 1).fill(null));
    }
    this.grad_norms.forEach((arr, l) => arr.push(layers[l]?.grad_norm ?? null));
    if (this.step.length > MAX_POINTS) this.thin();
    this.version += 1;
    return true;
  }

  /** Keep every other entry (and the last), so long runs stay cheap to draw. */
  thin() {
    const keep = (arr) => arr.filter((_, i) => i % 2 === 0 || i === arr.length - 1);
    this.step = keep(this.step);
    for (const key of SERIES) this[key] = keep(this[key]);
    this.grad_norms = this.grad_norms.map(keep);
  }

  /** Replace everything by the server's history (columns; grad_norms as rows of per-layer norms). */
  load(h) {
    this.clear();
    this.step = (h.step ?? []).slice();
    for (const key of SERIES) {
      this[key] = (h[key] ?? []).slice();
      while (this[key].length < this.step.length) this[key].push(null);
    }
    const rows = h.grad_norms ?? [];
    const layers = rows.reduce((n, r) => Math.max(n, r?.length ?? 0), 0);
    this.grad_norms = Array.from({ length: layers }, (_, l) => rows.map((r) => r?.[l] ?? null));
    while (this.step.length > MAX_POINTS) this.thin();
    this.version += 1;
  }
}
