// "My runs": the runs and share links this browser made, kept in its localStorage only (no
// endpoint lists anyone's runs), and opening one of them: a share as a fork of one's own, a kept
// run by its session id.

import { ApiError, api } from "./api.js";
import { optionLabel, t } from "./i18n.js";

const KEY = "nn-playground.my-runs";
/** The session this tab keeps across a reload (a fork of a share, or a run kept in My runs). */
const KEPT_KEY = "nn-playground.kept-run";
/** At most this many entries; past it the oldest go first. */
export const MOST_RUNS = 50;
/** Thumbnails are at most this many pixels a side, so 50 of them stay small in localStorage. */
export const THUMBNAIL_SIZE = 64;

/** The list, newest first: [{kind: "share"|"run", id, token?, url?, name, step, accuracy, date, thumbnail}]. */
export function loadRuns() {
  try {
    const runs = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(runs) ? runs.filter((r) => r && typeof r.id === "string") : [];
  } catch {
    return [];
  }
}

function saveRuns(runs) {
  try {
    localStorage.setItem(KEY, JSON.stringify(runs.slice(0, MOST_RUNS)));
  } catch (error) {
    console.warn("my runs", error); // storage full or refused: the list just is not kept
  }
}

/** Add `entry` at the top (replacing one with the same kind and id); the oldest past the cap go. */
export function rememberRun(entry) {
  const others = loadRuns().filter((r) => !(r.kind === entry.kind && r.id === entry.id));
  saveRuns([entry, ...others]);
}

export function renameRun(kind, id, name) {
  saveRuns(loadRuns().map((r) => (r.kind === kind && r.id === id ? { ...r, name: String(name) } : r)));
}

export function forgetRun(kind, id) {
  saveRuns(loadRuns().filter((r) => !(r.kind === kind && r.id === id)));
}

/** A PNG data URL of `canvas` scaled into THUMBNAIL_SIZE² (its aspect kept), or "" if it is blank. */
export function thumbnailOf(canvas) {
  if (!canvas || canvas.width < 2 || canvas.height < 2) return "";
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(canvas.width, canvas.height));
  const small = document.createElement("canvas");
  small.width = Math.max(1, Math.round(canvas.width * scale));
  small.height = Math.max(1, Math.round(canvas.height * scale));
  small.getContext("2d").drawImage(canvas, 0, 0, small.width, small.height);
  return small.toDataURL("image/png");
}

/** The step and accuracy (test if there is a test split, else training) of a frame or metrics. */
export function runFigures(metrics) {
  const accuracy = metrics?.test_accuracy ?? metrics?.train_accuracy ?? null;
  return { step: metrics?.step ?? 0, accuracy: Number.isFinite(accuracy) ? accuracy : null };
}

/** The session id this tab keeps, if the page is being reloaded (else null). */
export function keptRun() {
  const navigation = performance.getEntriesByType("navigation")[0];
  if (navigation?.type !== "reload") return null;
  return sessionStorage.getItem(KEPT_KEY);
}

/** Keep session `id` across this tab's reloads (null: keep none). */
export function keepRun(id) {
  if (id) sessionStorage.setItem(KEPT_KEY, id);
  else sessionStorage.removeItem(KEPT_KEY);
}

/**
 * Continue a saved run in `session`: `{shareId}` forks the share, `{runId}` takes up a kept
 * session. True when it did; false (with a calm toast) when the server no longer has it.
 */
export async function openSaved(session, { shareId = null, runId = null }) {
  let created;
  try {
    created = shareId ? await api.openShared(shareId) : await api.getSession(runId);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    session.toast(t(shareId ? "saved.shareGone" : "saved.runGone"), "info");
    return false;
  }
  await session.adopt(created, null, true);
  return true;
}

/** What My runs shows of the run on the page now: a name, its step and accuracy, the date and a
 * thumbnail of the output plot (`heatmap`: its canvas). */
export function describeRun(store, heatmap) {
  const dataset = store.get("config").data?.dataset ?? "";
  const name = dataset ? optionLabel("datasets", dataset) : t("myRuns.untitled");
  const figures = runFigures(store.get("latest"));
  return { name, ...figures, date: new Date().toISOString(), thumbnail: thumbnailOf(heatmap) };
}
