// The calm line shown while the server cannot save runs (`/health` says "degraded": its disk is
// full or cannot be written). Checked when the page starts and whenever the stream comes back after
// a break; it goes when the server says it is fine again.

import { api } from "../api.js";

const $ = (id) => document.getElementById(id);

export class SavedNotice {
  constructor(store) {
    this.line = $("saved-notice");
    this.streamDown = false;
    store.on("notice", (text) => {
      if (text) this.streamDown = true;
      else if (this.streamDown) {
        this.streamDown = false;
        this.check();
      }
    });
    this.check();
  }

  async check() {
    try {
      const health = await api.health();
      this.line.hidden = health?.status !== "degraded";
    } catch (error) {
      console.warn("health", error); // unreachable: the connection notice says so
    }
  }
}
