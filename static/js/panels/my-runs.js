// "My runs": a dialog listing the share links and kept runs this browser made (from its
// localStorage only: saved-runs.js), each with its name (editable), step, accuracy, date and
// thumbnail, to reopen (a share: as a fork of one's own; a kept run: by its session id) or delete
// (a share: on the server too, with its delete token). Records every "saved" event; "Keep this run"
// keeps the current session across reloads and lists it. Opening goes through "open-saved".

import { ApiError, api } from "../api.js";
import { formatNumber, formatPercent } from "../format.js";
import { language, t } from "../i18n.js";
import { describeRun, forgetRun, keepRun, loadRuns, rememberRun, renameRun } from "../saved-runs.js";

const $ = (id) => document.getElementById(id);
const NAME_LENGTH = 80;

export class MyRunsPanel {
  constructor(store) {
    this.store = store;
    this.dialog = $("my-runs");
    this.list = $("my-runs-list");
    $("my-runs-open").addEventListener("click", () => {
      this.render();
      this.dialog.showModal();
    });
    $("my-runs-close").addEventListener("click", () => this.dialog.close());
    $("my-runs-keep").addEventListener("click", () => this.keepCurrent());
    store.on("saved", (entry) => {
      rememberRun(entry);
      this.render();
    });
    store.on("language", () => this.render());
  }

  /** List the session on the page as a run of this browser's, kept across reloads. */
  keepCurrent() {
    const id = this.store.get("session");
    if (!id) return;
    this.store.set({ kept: true });
    keepRun(id);
    this.store.emit("saved", { kind: "run", id, ...describeRun(this.store, $("heatmap")) });
  }

  render() {
    const runs = loadRuns();
    $("my-runs-empty").hidden = runs.length > 0;
    this.list.replaceChildren(...runs.map((run) => this.row(run)));
  }

  row(run) {
    const li = document.createElement("li");
    li.className = "my-run";
    li.dataset.kind = run.kind;
    li.dataset.id = run.id;
    const img = document.createElement("img");
    img.className = "my-run-thumb";
    img.alt = "";
    if (typeof run.thumbnail === "string" && run.thumbnail.startsWith("data:image/png")) img.src = run.thumbnail;
    const name = document.createElement("input");
    name.type = "text";
    name.className = "my-run-name";
    name.maxLength = NAME_LENGTH;
    name.value = String(run.name ?? "");
    name.setAttribute("aria-label", t("myRuns.name"));
    name.addEventListener("change", () => renameRun(run.kind, run.id, name.value.slice(0, NAME_LENGTH)));
    const about = document.createElement("span");
    about.className = "my-run-about";
    about.textContent = this.describe(run);
    const reopen = button(t("myRuns.reopen"), "my-run-reopen", () => this.reopen(run));
    const remove = button(t("myRuns.delete"), "my-run-delete", () => this.remove(run));
    li.append(img, name, about, reopen, remove);
    return li;
  }

  /** "Share link · step 465 · accuracy 98%· 29 Nov 2026" in the page's language. */
  describe(run) {
    const parts = [t(run.kind === "share" ? "myRuns.kind.share" : "myRuns.kind.run")];
    parts.push(t("myRuns.step", { step: formatNumber(Number(run.step) || 0) }));
    if (Number.isFinite(run.accuracy)) {
      parts.push(t("myRuns.accuracy", { accuracy: formatPercent(run.accuracy) }));
    }
    const date = new Date(run.date);
    if (!Number.isNaN(date.getTime())) {
      parts.push(new Intl.DateTimeFormat(language(), { dateStyle: "medium" }).format(date));
    }
    return parts.join(" · ");
  }

  reopen(run) {
    this.dialog.close();
    this.store.emit("open-saved", run.kind === "share" ? { shareId: run.id } : { runId: run.id });
  }

  async remove(run) {
    if (run.kind === "share") {
      try {
        await api.deleteShare(run.id, run.token ?? "");
      } catch (error) {
        // Already gone (deleted or expired) is what was asked; anything else keeps the entry.
        if (!(error instanceof ApiError) || error.status !== 404) {
          this.store.emit("toast", { message: t("myRuns.deleteFailed"), kind: "error" });
          return;
        }
      }
    }
    forgetRun(run.kind, run.id);
    this.render();
  }
}

function button(text, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}
