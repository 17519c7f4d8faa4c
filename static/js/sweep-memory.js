// The sweep this tab is running or showing, kept in its sessionStorage (never in the address) so a
// reload shows it again: {id, points} (`points`: whether it trains on the learner's own points).

import { ApiError } from "./api.js";
import { sweeps } from "./sweep-client.js";

const KEY = "nn-playground.sweep";

/** The kept sweep ({id, points}), or null. */
export function keptSweep() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    return typeof kept?.id === "string" ? { id: kept.id, points: Boolean(kept.points) } : null;
  } catch {
    return null;
  }
}

/** Keep sweep `id` for this tab (null: keep none). */
export function keepSweep(id, points = false) {
  try {
    if (id) sessionStorage.setItem(KEY, JSON.stringify({ id, points }));
    else sessionStorage.removeItem(KEY);
  } catch (error) {
    console.warn("sweep kept", error); // storage refused: a reload just forgets the sweep
  }
}

/** The kept sweep with its answer of GET /api/sweeps/{id} ({id, points, answer}), or null; a sweep
 * the server no longer has (404) is forgotten quietly, and one it cannot answer now is kept. */
export async function recallSweep() {
  const kept = keptSweep();
  if (!kept) return null;
  try {
    return { ...kept, answer: await sweeps.read(kept.id) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) keepSweep(null);
    return null;
  }
}
