// Lessons: the menu in the top bar and the lesson panel (what to do, what to watch, why; presets and
// a "Train" button), in the page's language. Opening a lesson starts a session from its preset.

import { api } from "../api.js";
import { LANGUAGES, t } from "../i18n.js";

const $ = (id) => document.getElementById(id);
/** The page's language → the key of a lesson's texts in GET /api/lessons. */
const LESSON_LANGUAGE = { en: "en", "zh-CN": "zh" };

export class LessonsPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.menu = $("lessons-menu");
    this.lessons = undefined; // not loaded yet; null: the server has none
    this.lesson = null;
    this.presetIndex = 0;
    // The menu closes when the person clicks elsewhere or presses Escape.
    document.addEventListener("click", (e) => {
      if (!this.menu.contains(e.target)) this.menu.open = false;
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.menu.open = false;
    });
    $("lesson-lang").addEventListener("click", () => {
      store.set({ lang: store.get("lang") === "zh-CN" ? "en" : "zh-CN" });
    });
    store.on("language", () => {
      this.fillMenu();
      this.show();
    });
    $("lesson-close").addEventListener("click", () => {
      this.lesson = null;
      store.set({ lesson: "" });
      this.show();
    });
    store.on("started", () => this.load());
    store.on("open-lesson", (id) => this.session.run(() => this.open(id)));
  }

  async load() {
    try {
      const data = await api.lessons();
      this.lessons = Array.isArray(data) ? data : (data?.lessons ?? []);
    } catch {
      this.lessons = null;
    }
    this.fillMenu();
    const id = this.store.get("lesson");
    if (id && this.lessons) {
      this.lesson = this.lessons.find((l) => l.id === id) ?? null;
      this.show();
    }
  }

  fillMenu() {
    const list = $("lesson-list");
    if (this.lessons === undefined) return;
    list.replaceChildren();
    const lang = LESSON_LANGUAGE[this.store.get("lang")] ?? "en";
    if (!this.lessons) {
      const li = document.createElement("li");
      li.className = "hint";
      li.textContent = t("lesson.unavailable");
      list.append(li);
      return;
    }
    for (const lesson of this.lessons) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "lesson-item";
      b.dataset.id = lesson.id;
      b.textContent = `${lesson.number ?? ""}. ${lesson.title?.[lang] ?? lesson.title?.en ?? lesson.id}`;
      b.addEventListener("click", () => {
        this.menu.open = false;
        this.session.run(() => this.open(lesson.id));
      });
      const li = document.createElement("li");
      li.append(b);
      list.append(li);
    }
  }

  async open(id, presetIndex = 0) {
    const lesson = this.lessons?.find((l) => l.id === id);
    if (!lesson) return;
    this.lesson = lesson;
    this.presetIndex = presetIndex;
    const settings = { lesson: id };
    if (typeof lesson.view?.neurons === "boolean") settings.showNeurons = lesson.view.neurons;
    this.store.set(settings);
    await this.session.createSession(lesson.presets?.[presetIndex]?.config ?? {});
    this.show();
  }

  /** Show the open lesson (or hide the panel); presets become buttons, then "Train N". */
  show() {
    const lesson = this.lesson;
    const lang = LESSON_LANGUAGE[this.store.get("lang")] ?? "en";
    const panel = $("lesson");
    const learning = document.querySelector(".panel.learning");
    learning.classList.toggle("highlight", Boolean(lesson?.view?.gradient_flow));
    if (!lesson) {
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    panel.lang = this.store.get("lang");
    $("lesson-title").textContent = lesson.title?.[lang] ?? lesson.title?.en ?? lesson.id;
    const text = lesson.text?.[lang] ?? lesson.text?.en ?? {};
    $("lesson-do").textContent = text.do ?? "";
    $("lesson-watch").textContent = text.watch ?? "";
    $("lesson-why").textContent = text.why ?? "";
    const other = this.store.get("lang") === "zh-CN" ? "en" : "zh-CN";
    $("lesson-lang").textContent = LANGUAGES[other];
    $("lesson-lang").lang = other;
    $("lesson-lang").title = t("lesson.switch");
    const presets = $("lesson-presets");
    presets.replaceChildren();
    (lesson.presets ?? []).forEach((preset, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = preset.name ? t(`preset.${preset.name}`, {}, preset.name) : t("lesson.preset", { n: i + 1 });
      b.setAttribute("aria-pressed", String(i === this.presetIndex));
      b.addEventListener("click", () => this.session.run(() => this.open(lesson.id, i)));
      presets.append(b);
    });
    const steps = lesson.presets?.[this.presetIndex]?.steps ?? 500;
    const train = document.createElement("button");
    train.type = "button";
    train.className = "primary";
    train.textContent = t("lesson.train", { steps });
    train.addEventListener("click", () => this.store.emit("train", steps));
    presets.append(train);
    if (lesson.sweep) {
      const sweep = document.createElement("button");
      sweep.type = "button";
      sweep.className = "lesson-sweep";
      sweep.textContent = t("lesson.runSweep");
      sweep.addEventListener("click", () => this.store.emit("sweep:run", lesson.sweep));
      presets.append(sweep);
    }
    if (lesson.compare?.length) presets.append(this.compareButton(lesson.compare));
  }

  /** "Compare": the lesson's runs side by side in the Compare view (through the store). */
  compareButton(runs) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "lesson-compare";
    b.textContent = t("compare.lesson");
    b.title = t("compare.lesson.tip");
    b.addEventListener("click", () => this.store.emit("compare:new", { runs }));
    return b;
  }
}
