// The dataset picker: one thumbnail button per dataset (a radio group), each drawn from a small
// sample of that dataset's generator.

import { optionLabel, t } from "./i18n.js";
import { drawPoints } from "./points.js";
import { sampleDataset } from "./samples.js";

export class DatasetPicker {
  /** `root` holds the buttons; `onPick(name)` is called when the person picks a dataset. */
  constructor(root, onPick) {
    this.root = root;
    this.onPick = onPick;
    /** Thumbnail samples by dataset name, and the canvas each is drawn into. */
    this.thumbs = new Map();
    this.canvases = new Map();
  }

  /** One button per dataset; `selected` is marked. */
  show(datasets, selected) {
    if (this.root.childElementCount !== datasets.length || this.root.lang !== document.documentElement.lang) {
      this.root.lang = document.documentElement.lang;
      this.root.replaceChildren();
      this.canvases.clear();
      for (const d of datasets) this.root.append(this.button(d));
      for (const [name, t] of this.thumbs) this.drawThumb(name, t.pts, t.regression);
    }
    for (const b of this.root.children) {
      const on = b.dataset.name === selected;
      b.classList.toggle("selected", on);
      b.setAttribute("aria-checked", String(on));
    }
  }

  button(d) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "dataset";
    b.setAttribute("role", "radio");
    b.dataset.name = d.name;
    b.title = t(`option.datasets.${d.name}.tip`, {}, d.description ?? d.name);
    const c = document.createElement("canvas");
    c.width = 64;
    c.height = 64;
    const label = document.createElement("span");
    label.textContent = optionLabel("datasets", d.name, String(d.name ?? "").replaceAll("_", " "));
    b.append(c, label);
    b.addEventListener("click", () => this.onPick(d.name));
    this.canvases.set(d.name, c);
    return b;
  }

  /** Draw a small sample of every dataset into its thumbnail, one dataset at a time. */
  async drawThumbs(datasets) {
    for (const d of datasets) {
      if (this.thumbs.has(d.name)) continue;
      const thumb = await sampleDataset(d);
      if (!thumb) continue;
      this.thumbs.set(d.name, thumb);
      this.drawThumb(d.name, thumb.pts, thumb.regression);
    }
  }

  drawThumb(name, points, regression) {
    const c = this.canvases.get(name);
    if (!c) return;
    const ctx = c.getContext("2d");
    ctx.fillStyle = "#fafafa";
    ctx.fillRect(0, 0, c.width, c.height);
    drawPoints(ctx, c.width, points, { regression, markerSize: 1.8 });
  }
}
