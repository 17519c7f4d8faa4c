// Wires the view to the controller and starts the page. `window.playground` is there for the
// browser tests and the benchmark to observe the page, never for the page itself.

import { Controller } from "./controller.js";
import { View } from "./view.js";

const controller = new Controller(new View());
window.playground = controller;
controller.start().then(() => {
  document.body.dataset.ready = "true";
});
