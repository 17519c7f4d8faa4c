// Keeps the location hash in step with the run (config, page settings, the person's own points),
// so a link replays it; a hash typed or pasted by the person starts that run.

import { keptRun } from "./saved-runs.js";
import { defaultView, encodePoints, fromHash, readPoints, toHash, VIEW_FIELDS } from "./state.js";

/** The page's address for a share link: /s/<share id> (the server serves the page there). */
const SHARE_PATH = /^\/s\/([^/]+)$/;

/** Page settings kept in the store under their own names ("points" is the store's point sets). */
const SETTINGS = VIEW_FIELDS.map((f) => f.name).filter((name) => name !== "points");

/** The page settings' initial values, by name (resolution, speed, showNeurons, lang, ...). */
export function defaultSettings() {
  const view = defaultView();
  return Object.fromEntries(SETTINGS.map((name) => [name, view[name]]));
}

export class UrlSync {
  constructor(store, session) {
    this.store = store;
    this.lastHash = "";
    store.onAny(["refresh", "custom", "added", ...SETTINGS], () => this.write());
    window.addEventListener("hashchange", () => {
      if (window.location.hash === this.lastHash) return;
      const { config, points, onDataset } = this.read();
      session.run(() => session.createSession(config, points, onDataset));
    });
  }

  /** Put the hash's page settings into the store; return its run config and points (`onDataset`:
   * the points are added to the generated dataset rather than replacing it), and `saved`: the
   * share the address names, or the run this tab keeps across a reload. */
  read() {
    const { config, view, hasConfig } = fromHash(window.location.hash);
    this.store.set(Object.fromEntries(SETTINGS.map((name) => [name, view[name]])));
    const share = SHARE_PATH.exec(window.location.pathname);
    const saved = share ? { shareId: decodeURIComponent(share[1]) } : { runId: keptRun() };
    return { config: hasConfig ? config : {}, ...readPoints(view.points), saved };
  }

  /** Write the current run into the hash (without a history entry). */
  write() {
    const s = this.store;
    if (!s.get("session")) return;
    const view = Object.fromEntries(SETTINGS.map((name) => [name, s.get(name)]));
    const custom = s.get("custom");
    const added = s.get("added");
    if (added) view.points = encodePoints(added, true);
    else view.points = custom ? encodePoints(custom) : "";
    const hash = toHash(s.get("config"), view);
    // A share's address becomes the page's own: a reload then takes up the fork, not the share.
    const path = SHARE_PATH.test(window.location.pathname) ? "/" : window.location.pathname;
    if (hash !== window.location.hash || path !== window.location.pathname) {
      window.history.replaceState(null, "", `${path}${hash}`);
    }
    this.lastHash = window.location.hash;
  }
}
