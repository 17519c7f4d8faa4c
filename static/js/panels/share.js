// Sharing: "Copy link" freezes the run on the server as a share link (the trained network at its
// step: whoever opens it continues from there in a run of their own) and copies its address;
// "Copy settings link" copies the page's own address, which replays the run from its settings.
// Each share made is announced as "saved" ({kind: "share", ...}) for My runs.

import { api } from "../api.js";
import { t } from "../i18n.js";
import { describeRun } from "../saved-runs.js";

const $ = (id) => document.getElementById(id);

export class SharePanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    $("copy-link").addEventListener("click", () => session.run(() => this.copyShareLink()));
    $("copy-settings-link").addEventListener("click", () => this.copySettingsLink());
  }

  async copyShareLink() {
    const share = await api.share(this.session.id);
    const link = `${window.location.origin}${share.url}`;
    const about = describeRun(this.store, $("heatmap"));
    this.store.emit("saved", { kind: "share", id: share.share_id, token: share.delete_token, url: share.url, ...about });
    await this.copy(link, "share.copied");
  }

  async copySettingsLink() {
    await this.copy(`${window.location.origin}/${window.location.hash}`, "share.settingsCopied");
  }

  /** Put `link` on the clipboard and say so (`key`: the sentence); if the browser refuses, show it. */
  async copy(link, key) {
    try {
      await navigator.clipboard.writeText(link);
      this.session.toast(t(key, { url: link }), "info");
    } catch {
      this.session.toast(t("top.copyThis", { url: link }), "info");
    }
  }
}
