// The coach: what the server sees going wrong in this run (the `diagnoses` of every frame and
// answer), said in the learner's words with the idea behind it, one button that applies the fix,
// a link to the lesson that shows the effect, and a mark on the view the evidence points at
// (the store's "coachMarks"; each panel marks its own part). Errors (the run stopped) show in the
// banner by the play button instead. A diagnosis shows while the frames carry it and goes when
// they stop; one the learner dismissed stays hidden until its code goes away and comes back.

import { api } from "../api.js";
import { describe } from "../coach-words.js";
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

export class CoachPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.list = $("coach-list");
    this.quiet = $("coach-quiet");
    /** The diagnoses of the newest status, as the server sent them. */
    this.current = [];
    /** Codes the learner dismissed; a code is forgotten here once it leaves the diagnoses. */
    this.dismissed = new Set();
    /** code → its list item and the parts whose text follows the evidence. */
    this.items = new Map();
    this.bannerKey = "";
    this.marksKey = "";
    store.on("status", (metrics) => this.update(metrics?.diagnoses));
    store.on("fresh-run", () => {
      this.dismissed.clear();
      this.update([]);
    });
    store.on("language", () => {
      this.bannerKey = "";
      this.update(this.current);
    });
  }

  /** Show `diagnoses` (undefined: this answer says nothing about them, keep what is shown). */
  update(diagnoses) {
    if (!Array.isArray(diagnoses)) return;
    const codes = new Set(diagnoses.map((d) => d.code));
    for (const code of this.dismissed) if (!codes.has(code)) this.dismissed.delete(code);
    this.current = diagnoses;
    const shown = diagnoses.filter((d) => !this.dismissed.has(d.code));
    const errors = shown.filter((d) => d.severity === "error");
    const warnings = shown.filter((d) => d.severity !== "error");
    this.showBanner(errors[0] ?? null);
    this.showList(warnings);
    this.showMarks(warnings);
    this.showQuiet(warnings.length === 0, diagnoses.some((d) => d.severity === "error"));
  }

  /** One item per warning or note, in the server's order; items whose code went are removed. */
  showList(diagnoses) {
    const wanted = new Set(diagnoses.map((d) => d.code));
    for (const [code, item] of this.items) {
      if (!wanted.has(code)) {
        item.li.remove();
        this.items.delete(code);
      }
    }
    diagnoses.forEach((d, i) => {
      const item = this.items.get(d.code) ?? this.makeItem(d.code);
      item.diagnosis = d;
      const words = describe(d);
      setText(item.title, words.title);
      setText(item.why, words.why);
      setText(item.note, words.notes);
      setText(item.fix, words.fix ?? "");
      item.fix.hidden = !words.fix;
      item.lesson.hidden = !words.lesson;
      setText(item.lesson, t("coach.lesson"));
      item.dismiss.setAttribute("aria-label", t("coach.dismiss"));
      item.li.className = `coach-item ${d.severity}`;
      // The server's order; an item already in place is not moved (a click on it is not lost).
      if (this.list.children[i] !== item.li) this.list.insertBefore(item.li, this.list.children[i] ?? null);
    });
  }

  /** The one quiet line when no warning is listed: all is well, or training stopped (the banner
   * has the details, and may have been closed), never "all is well" beside a stopped run. */
  showQuiet(shown, stopped) {
    this.quiet.hidden = !shown;
    this.quiet.dataset.i18n = stopped ? "coach.stopped" : "coach.healthy";
    setText(this.quiet, t(this.quiet.dataset.i18n));
  }

  makeItem(code) {
    const li = document.createElement("li");
    li.dataset.code = code;
    const text = document.createElement("p");
    text.className = "coach-text";
    const title = document.createElement("strong");
    const why = document.createElement("span");
    const note = document.createElement("span");
    note.className = "coach-note";
    text.append(title, " ", why, " ", note);
    const actions = document.createElement("div");
    actions.className = "coach-actions";
    const fix = button("coach-fix primary", () => this.applyFix(item.diagnosis.fix));
    const lesson = button("coach-lesson", () => this.store.emit("open-lesson", describe(item.diagnosis).lesson));
    const dismiss = button("coach-dismiss", () => this.dismiss(code));
    dismiss.textContent = "×";
    actions.append(fix, lesson, dismiss);
    li.append(text, actions);
    const item = { li, title, why, note, fix, lesson, dismiss, diagnosis: null };
    this.items.set(code, item);
    return item;
  }

  /** The error that stopped training, in the banner with its fix (or nothing: the banner is left alone). */
  showBanner(diagnosis) {
    const key = diagnosis ? `${diagnosis.code}@${diagnosis.since_step}` : "";
    if (key === this.bannerKey) return;
    const had = this.bannerKey !== "";
    this.bannerKey = key;
    if (!diagnosis) {
      if (had) this.store.emit("banner", null);
      return;
    }
    const words = describe(diagnosis);
    this.store.emit("banner", {
      kind: "danger",
      title: words.title,
      text: [words.why, words.notes].filter(Boolean).join(" "),
      fix: words.fix,
      onFix: () => this.applyFix(diagnosis.fix),
      onClose: () => this.dismiss(diagnosis.code),
    });
  }

  /**
   * Ask each panel to mark what the shown warnings point at: {gradients | dead | loss: {label,
   * layer, units}}; `units`: the unit indices the evidence names (dead_units), if it names any.
   */
  showMarks(diagnoses) {
    const marks = {};
    for (const d of diagnoses) {
      const words = describe(d);
      if (!words.mark) continue;
      const units = Array.isArray(d.evidence?.units) ? d.evidence.units : [];
      marks[words.mark] = { label: words.markLabel ?? words.title, layer: d.evidence?.layer, units };
    }
    const key = JSON.stringify(marks);
    if (key === this.marksKey) return;
    this.marksKey = key;
    this.store.set({ coachMarks: marks });
  }

  dismiss(code) {
    this.dismissed.add(code);
    this.update(this.current);
  }

  /**
   * Apply a diagnosis's fix as the API says (docs/api.md, "Diagnoses"): roll back if asked, then
   * the patch through the page's one config path (every control shows the new value), then reset.
   */
  applyFix(fix) {
    if (!fix) return;
    if (fix.rollback) this.session.run(() => this.rollback());
    if (fix.patch && Object.keys(fix.patch).length) this.session.patch(fix.patch);
    if (fix.reset) this.store.emit("reset");
  }

  async rollback() {
    const answer = await api.rollback(this.session.id);
    this.store.set({ playing: Boolean(answer.playing) });
    this.store.emit("status", answer.metrics ?? { status: answer.status });
    this.session.expectFrame();
  }
}

function button(className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.addEventListener("click", onClick);
  return b;
}

/** Set text only when it changed (frames come many times a second). */
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
