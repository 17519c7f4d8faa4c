// Strokes the network's links on an OffscreenCanvas in a worker, so their rasterising (tens of ms
// for 8 x 16 neurons) never blocks the page's own thread. Messages from LinkPainter: {canvas},
// {size: [width, height, dpr]}, {links}, {weights}; each draws once all waiting messages are read.

import { strokeLinks } from "./links.js";

let canvas = null;
let dpr = 1;
let links = [];
let weights = null;
let queued = false;

self.addEventListener("message", ({ data }) => {
  if (data.canvas) canvas = data.canvas;
  if (data.size && canvas) [canvas.width, canvas.height, dpr] = data.size;
  if (data.links) links = data.links;
  if ("weights" in data) weights = data.weights;
  if (!queued) {
    queued = true;
    setTimeout(draw, 0);
  }
});

function draw() {
  queued = false;
  if (canvas) strokeLinks(canvas, links, weights, dpr);
}
