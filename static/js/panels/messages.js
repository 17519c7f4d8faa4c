// Messages to the learner: the banner under the top bar (training diverged, stopped early, cannot
// start), the short toast at the bottom, and the calm connection notice ("retrying in 4 s").
// Listens to the store's "status", "fresh-run", "banner", "toast" and "notice" events.

import { runBanner } from "../learner.js";

const $ = (id) => document.getElementById(id);

export class MessagesPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.banner = $("banner");
    this.toastBox = $("toast");
    this.noticeBox = $("notice");
    /** The status whose banner the person closed; it stays closed until the run starts over. */
    this.dismissed = null;
    store.on("status", (metrics) => this.showStatus(metrics));
    store.on("fresh-run", () => {
      this.dismissed = null;
    });
    store.on("banner", (info) => this.setBanner(info));
    store.on("toast", ({ message, kind }) => this.toast(message, kind));
    store.on("notice", (text) => this.setNotice(text));
    store.on("language", () => {
      if (!this.banner.hidden && this.shownStatus) this.showStatus(this.shownStatus);
    });
  }

  /**
   * A diverged or early-stopped run explains itself (its sentences: learner.js, from the server's
   * message code and params) and offers the fix; any other status hides it.
   */
  showStatus(m) {
    const status = m.status;
    this.shownStatus = m;
    if (m.diagnoses?.some((d) => d.code === status)) return; // the coach's banner (panels/coach.js)
    if (status === "diverged") {
      if (this.dismissed === "diverged") return;
      const lr = this.store.get("config").training?.learning_rate;
      this.setBanner({
        kind: "danger",
        ...runBanner(m, lr),
        onFix: () => {
          const rate = this.store.get("config").training.learning_rate / 10;
          this.session.patch({ training: { learning_rate: rate } });
          this.store.emit("reset");
        },
        onClose: () => {
          this.dismissed = "diverged";
        },
      });
    } else if (status === "stopped_early") {
      if (this.dismissed === "stopped_early") return;
      this.setBanner({
        kind: "info",
        ...runBanner(m),
        onFix: () => this.store.emit("reset"),
        onClose: () => {
          this.dismissed = "stopped_early";
        },
      });
    } else if (status) {
      this.dismissed = null;
      this.setBanner(null);
    }
  }

  /** info: {kind, title, text, fix, onFix, onClose} or null to hide. */
  setBanner(info) {
    const b = this.banner;
    if (!info) {
      b.hidden = true;
      return;
    }
    b.hidden = false;
    b.className = `banner ${info.kind ?? "danger"}`;
    $("banner-title").textContent = info.title;
    $("banner-text").textContent = info.text;
    const fix = $("banner-fix");
    fix.hidden = !info.fix;
    fix.textContent = info.fix ?? "";
    fix.onclick = info.onFix ?? null;
    $("banner-close").onclick = () => {
      b.hidden = true;
      info.onClose?.();
    };
  }

  toast(message, kind = "error") {
    const t = this.toastBox;
    t.textContent = message;
    t.className = `toast ${kind}`;
    t.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      t.hidden = true;
    }, 6000);
  }

  /** A calm status line about the connection, or null to hide it. */
  setNotice(text) {
    this.noticeBox.hidden = !text;
    this.noticeBox.textContent = text ?? "";
  }
}
