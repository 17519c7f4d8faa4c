// The sweeps REST API (docs/api.md, "Sweeps"): start, read, cancel, open a cell as a session, and
// follow a sweep's progress on its SSE stream.

import { request } from "./api.js";

const w = (id) => `/api/sweeps/${encodeURIComponent(id)}`;

export const sweeps = {
  /** Start a sweep (its JSON: base, grid, seeds, budget, metric) → {id, total, status}. */
  start: (body) => request("POST", "/api/sweeps", { json: body }),
  /** The sweep's status, cells, ranking and best cell. */
  read: (id) => request("GET", w(id)),
  /** Cancel it (the results so far are kept). */
  cancel: (id) => request("DELETE", w(id)),
  /** A new session holding cell `i`'s best-seed run, trained to the sweep's budget. */
  openCell: (id, i) => request("POST", `${w(id)}/cells/${encodeURIComponent(i)}/open`),
};

/** Whether a sweep with this status will change no more. */
export function finished(status) {
  return status === "done" || status === "cancelled" || status === "failed";
}

/**
 * Follow sweep `id`: `on.progress({done, total, status})` while it is queued or running, and
 * `on.end(status)` once it has finished (the stream then closes). If the stream fails, the sweep is read every
 * second instead until it has finished. Returns an object with `close()`.
 */
export function followSweep(id, on) {
  let closed = false;
  let timer = null;
  const source = new EventSource(`${w(id)}/stream`);
  const end = (status) => {
    if (closed) return;
    close();
    on.end(status);
  };
  const close = () => {
    closed = true;
    source.close();
    clearTimeout(timer);
  };
  // A sweep that reads finished is reported by `end` only (its results then follow), never as
  // progress: the page shows "done" once the table is there.
  const report = (state) => (finished(state.status) ? end(state.status) : on.progress(state));
  const poll = async () => {
    if (closed) return;
    try {
      const state = await sweeps.read(id);
      report({ done: state.done, total: state.total, status: state.status });
      if (closed) return;
    } catch {
      // The server may be busy or restarting: keep asking.
    }
    timer = setTimeout(poll, 1000);
  };
  source.addEventListener("progress", (event) => report(JSON.parse(event.data)));
  source.addEventListener("end", (event) => end(JSON.parse(event.data).status));
  source.onerror = () => {
    if (closed) return;
    source.close();
    poll();
  };
  return { close };
}
