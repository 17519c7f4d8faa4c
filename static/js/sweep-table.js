// A sweep's results as a heatmap table: rows are the first varied setting's values, columns the
// second's; each cell shows the chosen metric's mean ± its spread over the seeds, tinted from pale
// (worst) to strong (best), with its boundary thumbnail and loss sparkline. The best cell is marked;
// cells cut by successive halving are greyed and say when.

import { formatNumber, formatPercent } from "./format.js";
import { optionLabel, t } from "./i18n.js";
import { higherIsBetter, SETTINGS, shownValue } from "./sweep-settings.js";
import { paintSparkline, paintThumbnail } from "./sweep-draw.js";

const BEST_TINT = [8, 119, 189];
const PALE = [250, 250, 250];
/** How far the best cell's tint goes towards full colour (text stays readable). */
const TINT = 0.35;

/** A setting's name in the page's language ("Learning rate"). */
export function settingLabel(path) {
  return t(`field.${path}`, {}, path);
}

/** A value of `path` as shown ("0.01", "ReLU", "8"). */
export function valueLabel(path, value) {
  const shown = shownValue(path, value);
  const table = SETTINGS[path]?.table;
  if (table) return optionLabel(table, String(shown));
  return typeof shown === "number" ? formatNumber(shown) : String(shown);
}

/** A cell's settings in one short line ("Learning rate 0.1 · Regularisation rate 1"). */
export function cellLabel(params) {
  return Object.entries(params ?? {})
    .map(([path, value]) => `${settingLabel(path)} ${valueLabel(path, value)}`)
    .join(" · ");
}

/** A metric's figure: accuracies as percentages, losses with three significant digits. */
export function metricFigure(metric, value) {
  return metric.endsWith("_accuracy") ? formatPercent(value) : formatNumber(value);
}

/** The seed run the cell stands for: the best by `metric` (the one a cell opens as). */
export function bestRun(cell, metric) {
  const sign = higherIsBetter(metric) ? -1 : 1;
  const score = (run) => {
    const v = run.final?.[metric];
    return typeof v === "number" && Number.isFinite(v) ? sign * v : Infinity;
  };
  return [...(cell.runs ?? [])].sort((a, b) => score(a) - score(b))[0] ?? null;
}

/** The loss curve a cell's sparkline draws: the loss of the metric's split. */
function lossCurve(run, metric) {
  const split = metric.split("_")[0];
  return run?.curve?.[`${split}_loss`] ?? run?.curve?.train_loss ?? [];
}

/** 0 (worst) … 1 (best) for each cell's mean, by the metric's direction; null when unknown. */
function goodness(cells, metric) {
  const means = cells.map((c) => c[metric]?.mean).filter((v) => typeof v === "number");
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  return (cell) => {
    const v = cell[metric]?.mean;
    if (typeof v !== "number") return null;
    if (hi === lo) return 1;
    const u = (v - lo) / (hi - lo);
    return higherIsBetter(metric) ? u : 1 - u;
  };
}

/** Render `result` (GET /api/sweeps/{id}) into `root` as a table; returns it. */
export function renderTable(root, result) {
  const [rowPath, colPath] = result.params ?? [];
  const rows = result.values?.[rowPath] ?? [null];
  const cols = colPath ? result.values[colPath] : [null];
  const byKey = new Map((result.cells ?? []).map((c) => [JSON.stringify([c.params?.[rowPath], c.params?.[colPath]]), c]));
  const metric = result.metric;
  const good = goodness(result.cells ?? [], metric);
  const table = document.createElement("table");
  table.className = "sweep-table";
  const caption = table.createCaption();
  caption.textContent = t("sweep.caption", { metric: t(`sweep.metric.${metric}`) });
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.textContent = colPath ? `${settingLabel(rowPath)} \\ ${settingLabel(colPath)}` : settingLabel(rowPath ?? "");
  head.append(corner);
  for (const col of cols) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = colPath ? valueLabel(colPath, col) : t(`sweep.metric.${metric}`);
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = rowPath ? valueLabel(rowPath, row) : "";
    tr.append(th);
    for (const col of cols) {
      const td = tr.insertCell();
      const cell = byKey.get(JSON.stringify([row ?? undefined, col ?? undefined]));
      td.append(cell ? cellButton(cell, result, good(cell)) : emptyCell());
    }
  }
  root.replaceChildren(table);
  return table;
}

function emptyCell() {
  const span = document.createElement("span");
  span.className = "sweep-cell empty";
  span.textContent = "–";
  return span;
}

/** One cell: a button (click: open it as the live run) with its thumbnail, figure and sparkline. */
function cellButton(cell, result, share) {
  const metric = result.metric;
  const b = document.createElement("button");
  b.type = "button";
  b.className = "sweep-cell";
  b.dataset.index = String(cell.index);
  const run = bestRun(cell, metric);
  const thumb = document.createElement("canvas");
  thumb.className = "sweep-thumb";
  thumb.setAttribute("aria-hidden", "true");
  if (run && paintThumbnail(thumb, run.thumbnail)) b.dataset.thumbnail = "true";
  const figure = document.createElement("span");
  figure.className = "sweep-figure";
  const { mean, std } = cell[metric] ?? {};
  figure.textContent =
    typeof mean === "number"
      ? t("sweep.figure", { mean: metricFigure(metric, mean), spread: metricFigure(metric, std) })
      : t("sweep.noFigure");
  const spark = document.createElement("canvas");
  spark.className = "sweep-spark";
  spark.width = 64;
  spark.height = 18;
  spark.setAttribute("aria-hidden", "true");
  paintSparkline(spark, lossCurve(run, metric));
  b.append(thumb, figure, spark);
  const notes = [];
  if (cell.index === result.best) {
    b.classList.add("best");
    notes.push(t("sweep.best"));
  }
  if (cell.cut_at !== null && cell.cut_at !== undefined) {
    b.classList.add("cut");
    notes.push(t(`sweep.cutAt.${result.unit === "steps" ? "steps" : "epochs"}`, { count: cell.cut_at }));
  }
  if (notes.length) {
    const note = document.createElement("span");
    note.className = "sweep-note";
    note.textContent = notes.join(" · ");
    b.append(note);
  }
  if (share !== null && !b.classList.contains("cut")) {
    const tint = PALE.map((p, i) => Math.round(p + (BEST_TINT[i] - p) * TINT * share));
    b.style.backgroundColor = `rgb(${tint.join(",")})`;
  }
  b.title = `${cellLabel(cell.params)}: ${figure.textContent}. ${t("sweep.openHint")}`;
  return b;
}
