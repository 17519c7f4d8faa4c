// The language menu in the top bar, and what a change of the store's "lang" does: the catalogue,
// numbers and <html lang> follow it, the static text is translated again, and the other panels hear
// "language" to re-render their own words. The run is left alone.

import { chooseLanguage, LANGUAGES, translateStatic, useLanguage } from "../i18n.js";

export class LanguagePanel {
  constructor(store) {
    this.store = store;
    this.menu = document.getElementById("language");
    this.menu.replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) => new Option(name, code)));
    this.menu.addEventListener("change", () => store.set({ lang: this.menu.value }));
    store.on("lang", (code) => this.apply(code));
  }

  /** Use `code` (from the hash; "" or an unknown tag: the remembered or the browser's language). */
  apply(code) {
    const chosen = chooseLanguage(code);
    if (chosen !== code) {
      this.store.set({ lang: chosen });
      return;
    }
    useLanguage(chosen);
    translateStatic();
    this.menu.value = chosen;
    this.store.emit("language", chosen);
    document.documentElement.dispatchEvent(new Event("language")); // for modules without the store
    this.store.emit("repaint");
  }
}
