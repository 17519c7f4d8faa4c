// Talks to the server (docs/api.md §3): JSON requests, the SSE frame stream, and frame decoding.

/**
 * A failed request: the server's precise explanation as the message (for developers), its `detail`
 * and stable `code` for learner.js to turn into a sentence.
 */
export class ApiError extends Error {
  constructor(status, detail, code = null) {
    super(describeDetail(detail) || `request failed (HTTP ${status})`);
    this.status = status;
    this.detail = detail;
    this.code = code;
  }
}

function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => {
        const loc = Array.isArray(d.loc) ? d.loc.filter((p) => p !== "body").join(".") : "";
        return loc ? `${loc}: ${d.msg}` : String(d.msg ?? "");
      })
      .join("; ");
  }
  return "";
}

/** Counts requests in flight so the page can show that something is happening. */
export const activity = {
  pending: 0,
  listeners: new Set(),
  change(delta) {
    this.pending += delta;
    for (const fn of this.listeners) fn(this.pending);
  },
};

export async function request(method, path, { json, body, headers = {}, parse = "json" } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] = "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  activity.change(+1);
  try {
    const response = await fetch(path, init);
    if (!response.ok) {
      let body = {};
      try {
        body = (await response.json()) ?? {};
      } catch {
        body = { detail: response.statusText };
      }
      throw new ApiError(response.status, body.detail, body.code ?? null);
    }
    if (response.status === 204) return null;
    if (parse === "blob") return await response.blob();
    return await response.json();
  } finally {
    activity.change(-1);
  }
}

const s = (id) => `/api/sessions/${encodeURIComponent(id)}`;

export const api = {
  options: () => request("GET", "/api/options"),
  lessons: () => request("GET", "/api/lessons"),
  /** `n` points of every dataset, for the thumbnails (cacheable; no session). */
  datasetSamples: (n) => request("GET", `/api/datasets/samples?n=${encodeURIComponent(n)}`),
  /** The engine's samples {name, leaky_slope, z, g, dg} of activation `name` at `leakySlope`. */
  activationCurve: (name, leakySlope) => {
    const q = new URLSearchParams({ leaky_slope: String(leakySlope) });
    return request("GET", `/api/activations/${encodeURIComponent(name)}/curve?${q}`);
  },
  createSession: (config) => request("POST", "/api/sessions", { json: config }),
  getSession: (id) => request("GET", s(id)),
  patchSession: (id, changes) => request("PATCH", s(id), { json: changes }),
  deleteSession: (id) => request("DELETE", s(id)),
  step: (id, amount) => request("POST", `${s(id)}/step`, { json: amount }),
  rollback: (id) => request("POST", `${s(id)}/rollback`),
  reset: (id, randomState = null) =>
    request("POST", `${s(id)}/reset`, { json: { random_state: randomState } }),
  play: (id, fps, stepsPerFrame) =>
    request("POST", `${s(id)}/play`, { json: { fps, steps_per_frame: stepsPerFrame } }),
  pause: (id) => request("POST", `${s(id)}/pause`),
  history: (id) => request("GET", `${s(id)}/history`),
  /** The output grid at `resolution` as `{step, grid}` (uint8, as in frames). */
  boundary: (id, resolution) => request("GET", `${s(id)}/boundary?resolution=${encodeURIComponent(resolution)}`),
  trace: (id, x1, x2, label) => {
    const q = new URLSearchParams({ x1: String(x1), x2: String(x2) });
    if (label !== null && label !== undefined) q.set("label", String(label));
    return request("GET", `${s(id)}/trace?${q}`);
  },
  points: (id) => request("GET", `${s(id)}/points`),
  putPoints: (id, points) => request("PUT", `${s(id)}/points`, { json: { points } }),
  putPointsCsv: (id, text) =>
    request("PUT", `${s(id)}/points`, { body: text, headers: { "Content-Type": "text/csv" } }),
  putWeight: (id, layer, row, col, value) =>
    request("PUT", `${s(id)}/weights`, { json: { layer, row, col, value } }),
  exportModel: (id) => request("GET", `${s(id)}/export`, { parse: "blob" }),
  /** Start a session from an exported run (`text`: the export's JSON, sent as it is). */
  importSession: (text) =>
    request("POST", "/api/sessions/import", { body: text, headers: { "Content-Type": "application/json" } }),
  /** Freeze the run as it is now under a share id: {share_id, url, delete_token}. */
  share: (id) => request("POST", `${s(id)}/share`),
  /** A new session of this page's own, forked from share `shareId` at its step. */
  openShared: (shareId) => request("POST", `/api/shared/${encodeURIComponent(shareId)}/open`),
  deleteShare: (shareId, token) =>
    request("DELETE", `/api/shared/${encodeURIComponent(shareId)}`, { headers: { "X-Delete-Token": token } }),
  /** {"status": "ok"} or {"status": "degraded", "reason"} while runs cannot be saved. */
  health: () => request("GET", "/health"),
  /** Delete a session while the page unloads (fetch with keepalive survives the unload). */
  forget: (id) => {
    fetch(s(id), { method: "DELETE", keepalive: true }).catch(() => {});
  },
};

/**
 * Open the session's frame stream (one EventSource). `on.frame(frame)` for every `frame` event,
 * `on.end(reason)` for the server's `end` event ("shutdown" or "deleted"), `on.open()` once
 * connected and `on.error()` when the connection fails; returns an object with `close()`.
 */
export function openStream(id, { resolution, neurons, weights }, on) {
  const q = new URLSearchParams({
    resolution: String(resolution),
    neurons: String(Boolean(neurons)),
    weights: String(Boolean(weights)),
  });
  const source = new EventSource(`${s(id)}/stream?${q}`);
  source.addEventListener("frame", (event) => on.frame(JSON.parse(event.data)));
  source.addEventListener("end", (event) => on.end(endReason(event.data)));
  source.onopen = () => on.open();
  source.onerror = () => on.error();
  return { close: () => source.close() };
}

/** The reason of an `end` event's data (`{"reason": "shutdown"}`), or "" if it has none. */
function endReason(data) {
  try {
    const reason = JSON.parse(data)?.reason;
    return typeof reason === "string" ? reason : "";
  } catch {
    return "";
  }
}

/** Base64 text → bytes, without building an intermediate array of numbers. */
export function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A grid from a frame as `{resolution, channels, min[], max[], bytes}`; min and max are per channel
 * (the server sends one number for the output grid and one per neuron for hidden layers).
 */
export function decodeGrid(grid) {
  const channels = grid.channels ?? 1;
  const perChannel = (v) => (Array.isArray(v) ? v : new Array(channels).fill(v));
  if (grid.encoding === "json") {
    // A JSON grid (format=json): values[row][column][channel]; quantise it per channel like the stream.
    const r = grid.resolution;
    const lo = new Array(channels).fill(Infinity);
    const hi = new Array(channels).fill(-Infinity);
    const cells = grid.values.flat();
    for (const cell of cells) {
      cell.forEach((v, j) => {
        if (v !== null && Number.isFinite(v)) {
          lo[j] = Math.min(lo[j], v);
          hi[j] = Math.max(hi[j], v);
        }
      });
    }
    const bytes = new Uint8Array(r * r * channels);
    cells.forEach((cell, i) => {
      cell.forEach((v, j) => {
        const span = hi[j] - lo[j];
        bytes[i * channels + j] = v !== null && span > 0 ? Math.round(((v - lo[j]) / span) * 255) : 0;
      });
    });
    const fix = (a, d) => a.map((v) => (Number.isFinite(v) ? v : d));
    return { resolution: r, channels, min: fix(lo, 0), max: fix(hi, 1), bytes };
  }
  const bytes = decodeBase64(grid.data);
  return {
    resolution: grid.resolution,
    channels,
    min: perChannel(grid.min ?? 0),
    max: perChannel(grid.max ?? 1),
    bytes,
  };
}
