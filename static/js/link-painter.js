// Paints the links canvas: in a worker on an OffscreenCanvas where the browser offers one (the
// rasterising then never holds up the page), else on the page's own thread.

import { strokeLinks } from "./links.js";

export class LinkPainter {
  constructor(canvas) {
    this.canvas = canvas;
    this.worker = null;
    this.links = [];
    this.weights = null;
    this.size = [1, 1, 1];
    if (typeof canvas.transferControlToOffscreen !== "function" || typeof Worker !== "function") return;
    try {
      const offscreen = canvas.transferControlToOffscreen();
      this.worker = new Worker(new URL("./links-worker.js", import.meta.url), { type: "module" });
      this.worker.postMessage({ canvas: offscreen }, [offscreen]);
    } catch {
      this.worker = null;
    }
  }

  /** Where every link runs and the drawing surface [width, height, dpr] in device pixels. */
  layout(links, size) {
    this.links = links;
    this.size = size;
    if (this.worker) this.worker.postMessage({ links, size });
    else [this.canvas.width, this.canvas.height] = size;
  }

  /** Draw the links coloured and sized by `weights` ([{W, b}] per weight layer, as in the frame). */
  paint(weights) {
    this.weights = weights;
    if (this.worker) this.worker.postMessage({ weights });
    else strokeLinks(this.canvas, this.links, weights, this.size[2]);
  }

  /** Stop the worker (the diagram was rebuilt with a new canvas). */
  close() {
    this.worker?.terminate();
  }
}
