// The live connection to a session's frame stream: one EventSource at a time, never more than one
// connection attempt per second, and a growing, jittered wait (1 s up to 30 s) while the server
// refuses, restarts or cannot be reached, with a calm notice counting down to the next attempt.

import { openStream } from "./api.js";
import { t } from "./i18n.js";

/** No two connection attempts closer than this (ms), whoever asks for them. */
export const MIN_ATTEMPT_GAP = 1000;
const FIRST_WAIT = 1000;
const LONGEST_WAIT = 30000;

/** What the notice says while waiting, by why the stream is down. */
const NOTICES = {
  busy: (s) => t("stream.busy", { seconds: s }),
  restarting: (s) => t("stream.restarting", { seconds: s }),
  lost: (s) => t("stream.lost", { seconds: s }),
  offline: (s) => t("stream.offline", { seconds: s }),
};

/** The wait before retry number `failures` (1, 2, ...): doubling from 1 s, capped at 30 s, ±20 %. */
export function backoff(failures, random = Math.random) {
  const base = Math.min(LONGEST_WAIT, FIRST_WAIT * 2 ** Math.max(0, failures - 1));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.min(LONGEST_WAIT, Math.max(FIRST_WAIT, jittered));
}

/**
 * Keeps one session's stream open. `handlers`:
 * - `frame(frame)`: every frame of the current connection;
 * - `failed(opened)`: the connection failed (refused before its first event, or dropped after:
 *   `opened`); the owner finds out why and calls `retry(reason)` or opens another session;
 * - `ended(reason)`: the server ended the stream on purpose (`event: end`, "shutdown" or "deleted");
 * - `notice(text)`: the text to show while waiting, or null when connected again.
 */
export class LiveStream {
  constructor(handlers) {
    this.handlers = handlers;
    this.source = null;
    this.target = null;
    this.lastAttempt = -Infinity;
    this.failures = 0;
    this.timer = null;
    this.ticker = null;
    /** Why the last retry was scheduled (a key of NOTICES), or null while connected. */
    this.reason = null;
  }

  /**
   * Connect to session `id` with `params` ({resolution, neurons, weights}), replacing any open
   * connection: now, or as soon as the one-per-second bound (and a running backoff) allows.
   */
  open(id, params) {
    this.closeSource();
    this.target = { id, params };
    if (this.timer !== null && this.failures > 0) return; // a retry is already scheduled
    this.schedule(0);
  }

  /** Close the connection and forget any scheduled attempt. */
  close() {
    this.closeSource();
    this.target = null;
    this.cancel();
    this.failures = 0;
    this.reason = null;
    this.handlers.notice(null);
  }

  /** Try the same connection again after the backoff, telling the person why (see NOTICES). */
  retry(reason) {
    if (!this.target) return;
    this.failures += 1;
    this.reason = reason;
    this.schedule(backoff(this.failures), reason);
  }

  /** Whether a connection is open or about to be attempted. */
  get active() {
    return this.source !== null || this.timer !== null;
  }

  schedule(wait, reason = null) {
    this.cancel();
    const at = Math.max(performance.now() + wait, this.lastAttempt + MIN_ATTEMPT_GAP);
    const delay = at - performance.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.stopTicker();
      this.attempt();
    }, delay);
    if (reason) this.countDown(at, NOTICES[reason] ?? NOTICES.lost);
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
    this.stopTicker();
  }

  /** Show `say(seconds left)` now and every second until `at`. */
  countDown(at, say) {
    const show = () => {
      const left = Math.max(1, Math.ceil((at - performance.now()) / 1000));
      this.handlers.notice(say(left));
    };
    show();
    this.ticker = setInterval(show, 1000);
  }

  stopTicker() {
    clearInterval(this.ticker);
    this.ticker = null;
  }

  attempt() {
    if (!this.target) return;
    this.lastAttempt = performance.now();
    const { id, params } = this.target;
    let opened = false;
    const source = openStream(id, params, {
      frame: (frame) => {
        if (this.source !== source) return;
        opened = true;
        if (this.failures > 0) {
          this.failures = 0;
          this.reason = null;
          this.handlers.notice(null);
        }
        this.handlers.frame(frame);
      },
      open: () => {
        opened = true;
      },
      end: (reason) => {
        if (this.source !== source) return;
        this.closeSource();
        this.handlers.ended(reason);
      },
      // EventSource would reconnect by itself, outside our one-per-second bound: close it instead.
      error: () => {
        if (this.source !== source) return;
        this.closeSource();
        this.handlers.failed(opened);
      },
    });
    this.source = source;
  }

  closeSource() {
    this.source?.close();
    this.source = null;
  }
}
