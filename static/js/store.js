// The page's one shared state and its named events. Panels read and write it and listen to it;
// they never call each other. `set` announces every key whose value changed as an event of the same
// name; `emit` announces something that happened (a frame, a request, a message to show).

export class Store {
  /** `state`: the initial value of every key the page keeps (see main.js for the list). */
  constructor(state) {
    this.state = { ...state };
    this.listeners = new Map();
  }

  get(key) {
    return this.state[key];
  }

  /** Set several keys at once; then emit one event per key that changed (payload: its new value). */
  set(changes) {
    const changed = Object.keys(changes).filter((key) => this.state[key] !== changes[key]);
    Object.assign(this.state, changes);
    for (const key of changed) this.emit(key, this.state[key]);
  }

  /** Call `listener(payload)` on every `event`; returns a function that stops it. */
  on(event, listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(listener);
    return () => this.listeners.get(event).delete(listener);
  }

  /** Call `listener(payload)` on every one of `events`. */
  onAny(events, listener) {
    for (const event of events) this.on(event, listener);
  }

  emit(event, payload) {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}

/**
 * Paints at most once per animation frame. After a "frame" or "paint-soon" (paint what changed) or a
 * "repaint" (paint everything afresh, e.g. after the config changed), the store emits "paint"
 * ({frame, fresh}) in the next animation frame and each panel repaints its part. Frames arriving
 * faster than that are skipped, never queued.
 */
export class Painter {
  constructor(store) {
    this.store = store;
    this.queued = false;
    this.fresh = false;
    store.on("frame", () => this.schedule());
    store.on("paint-soon", () => this.schedule());
    store.on("repaint", () => this.schedule(true));
  }

  schedule(fresh = false) {
    this.fresh ||= fresh;
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => this.paint());
  }

  /** Paint now; `fresh` repaints every part as if nothing had been painted before. */
  paint(fresh = false) {
    const all = this.fresh || fresh;
    this.queued = false;
    this.fresh = false;
    this.store.emit("paint", { frame: this.store.get("latest"), fresh: all });
  }
}
