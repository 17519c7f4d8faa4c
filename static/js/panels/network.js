// The Network panel: the diagram (input features, hidden layers, outputs, links), adding and removing
// layers and neurons, per-layer activations, the weight editor, neuron pictures on or off, and the
// training settings folded below it. Hovering a neuron sets the store's "preview" (the output plot
// shows it large).

import { api, decodeGrid } from "../api.js";
import { markView } from "../coach-mark.js";
import { FieldGroup } from "../fields.js";
import { t } from "../i18n.js";
import { NetworkView } from "../network.js";
import { classCount, layerActivations, layerChanges, outputKind } from "../rules.js";

const $ = (id) => document.getElementById(id);
/**
 * Neuron pictures are repainted at most this often (ms) while frames stream: 128 small canvases
 * each frame cost the browser more than the rest of the page; the newest is always painted last.
 */
const NEURON_INTERVAL_MS = 100;

/** What this panel says to the learner, and the network shapes offered in one choice. */
const TEXT = {
  layerSize: (max) => t("net.layerSize", { max }),
  get shapePrompt() {
    return t("net.shapePrompt");
  },
  get shapes() {
    return [
      [t("net.shape.none"), []],
      ["4 – 2", [4, 2]],
      ["8 – 8", [8, 8]],
      ["16 – 16 – 16", [16, 16, 16]],
      [t("net.shape.eightOf16"), [16, 16, 16, 16, 16, 16, 16, 16]],
    ];
  },
};

export class NetworkPanel {
  constructor(store, session) {
    this.store = store;
    this.session = session;
    this.fields = new FieldGroup(document.querySelector(".panel.net"), store, session);
    this.view = new NetworkView($("network"), {
      toggleFeature: (name) => this.toggleFeature(name),
      changeNeurons: (l, d) => this.changeNeurons(l, d),
      setNeurons: (l, text, box) => this.setNeurons(l, text, box),
      layerActivation: (l, name) => this.layerActivation(l, name),
      previewNeuron: (l, j) => store.set({ preview: l === null ? null : [l, j] }),
      editWeight: (l, r, c, w, x, y) => this.openWeightEditor(l, r, c, w, x, y),
    });
    this.paintedNeurons = null;
    this.paintedWeights = null;
    this.neuronsPaintedAt = -Infinity;
    this.neuronTimer = null;
    $("add-layer").addEventListener("click", () => this.changeLayers(+1));
    $("remove-layer").addEventListener("click", () => this.changeLayers(-1));
    $("network-shape").addEventListener("change", () => this.chooseShape($("network-shape").value));
    $("show-neurons").addEventListener("change", () => store.set({ showNeurons: $("show-neurons").checked }));
    store.on("showNeurons", () => {
      this.refreshNetwork();
      store.emit("repaint");
    });
    store.on("refresh", () => {
      $("show-neurons").checked = store.get("showNeurons");
      this.refreshNetwork();
    });
    store.on("paint", (p) => this.paint(p));
    store.on("coachMarks", () => this.markDead());
    store.on("edit-link", ({ layer, row, col, x, y }) =>
      this.openWeightEditor(layer, row, col, this.view.weights?.[layer]?.W?.[row]?.[col] ?? 0, x, y),
    );
    store.on("limits", () => this.fillShapes());
    store.on("language", () => {
      this.fillShapes();
      this.refreshNetwork();
    });
    this.fillShapes();
  }

  /** The shapes menu: the shapes within the server's limits, and the prompt shown for any other. */
  fillShapes() {
    const { maxLayers, maxNeurons } = this.store.get("limits");
    const fits = ([, sizes]) => sizes.length <= maxLayers && sizes.every((n) => n <= maxNeurons);
    const options = TEXT.shapes.filter(fits).map(([label, sizes]) => new Option(label, sizes.join(",")));
    $("network-shape").replaceChildren(new Option(TEXT.shapePrompt, ""), ...options);
  }

  /** What the diagram draws, from the option tables and the config. */
  structure() {
    const s = this.store;
    const tables = s.get("tables");
    const config = s.get("config");
    const features = (tables.features ?? []).map((f) => f.name);
    const inputs = config.features?.inputs ?? [];
    return {
      features: features.length ? features : inputs,
      labels: Object.fromEntries((tables.features ?? []).map((f) => [f.name, f.label ?? f.name])),
      inputs,
      layers: config.network?.hidden_layer_sizes ?? [],
      activations: layerActivations(config),
      activationOptions: (tables.activations ?? []).map((a) => a.name),
      outputs: this.outputUnits(),
      limits: s.get("limits"),
      pictures: s.get("showNeurons"),
      lang: s.get("lang"), // its words are rebuilt in a new language
    };
  }

  /** Output units: one per class for multiclass and multilabel (as the newest frame has them), else one. */
  outputUnits() {
    const s = this.store;
    const out = outputKind(s.get("config"));
    if (out !== "multiclass" && out !== "multilabel") return 1;
    return s.get("latest")?.grid?.channels ?? classCount(s.get("tables"), s.get("config"), s.get("custom"));
  }

  refreshNetwork() {
    const st = this.structure();
    const n = st.layers.length;
    $("layer-count").textContent = t("net.layers", { count: n });
    const shape = $("network-shape");
    shape.value = [...shape.options].some((o) => o.value === st.layers.join(",")) ? st.layers.join(",") : "";
    $("add-layer").disabled = n >= st.limits.maxLayers;
    $("remove-layer").disabled = n === 0;
    this.view.update(st);
    this.paintedWeights = null;
    this.paintedNeurons = null;
  }

  paint({ frame: f, fresh }) {
    if (!f) return;
    if (fresh) this.paintedNeurons = this.paintedWeights = null;
    if (f.neurons && this.store.get("showNeurons") && f !== this.paintedNeurons) this.paintNeurons(f, fresh);
    if (f.weights && f !== this.paintedWeights) {
      this.view.updateWeights(f.weights);
      this.paintedWeights = f;
    }
    this.view.updateStats(f.layers);
    if (this.store.get("coachMarks").dead || this.markedDead) this.markDead();
    // The first frame after a change of class count tells how many output units to draw.
    const shown = this.view.structure?.outputs;
    if (shown !== undefined && shown !== this.outputUnits()) this.refreshNetwork();
  }

  /** Paint the neuron pictures of frame `f`, or once the interval has passed (`fresh`: now). */
  paintNeurons(f, fresh) {
    const now = performance.now();
    clearTimeout(this.neuronTimer);
    if (!fresh && now - this.neuronsPaintedAt < NEURON_INTERVAL_MS) {
      const wait = NEURON_INTERVAL_MS - (now - this.neuronsPaintedAt);
      this.neuronTimer = setTimeout(() => this.store.emit("paint-soon"), wait);
      return;
    }
    this.view.updateNeurons(f.neurons.map(decodeGrid));
    this.paintedNeurons = f;
    this.neuronsPaintedAt = now;
  }

  /** The coach's dead_units mark: the layer's column, and the units its evidence names. */
  markDead() {
    const mark = this.store.get("coachMarks").dead;
    const dead = new Set(mark?.units ?? []);
    $("network").querySelectorAll(".column.hidden").forEach((column, l) => {
      markView(column, mark?.layer === l ? mark : null);
      column.querySelectorAll(".node.neuron").forEach((node, j) => {
        node.classList.toggle("coach-dead", mark?.layer === l && dead.has(j));
      });
    });
    this.markedDead = Boolean(mark);
  }

  // ------------------------------------------------------------------ changes

  toggleFeature(name) {
    const inputs = this.store.get("config").features?.inputs ?? [];
    if (inputs.includes(name) && inputs.length === 1) {
      this.session.toast(t("net.needInput"), "info");
      return;
    }
    const next = inputs.includes(name) ? inputs.filter((n) => n !== name) : [...inputs, name];
    const order = (this.store.get("tables").features ?? []).map((f) => f.name);
    if (order.length) next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    this.session.patch({ features: { inputs: next } });
  }

  changeLayers(delta) {
    const changes = layerChanges(this.store.get("config"), delta, this.store.get("limits").maxLayers);
    if (changes) this.session.patch(changes);
  }

  changeNeurons(layer, delta) {
    const sizes = this.store.get("config").network?.hidden_layer_sizes ?? [];
    const n = sizes[layer] + delta;
    if (n >= 1 && n <= this.store.get("limits").maxNeurons) this.resizeLayer(layer, n);
  }

  /** A size typed into a layer's box: set it in one change, or say the range and show the old size. */
  setNeurons(layer, text, box) {
    const max = this.store.get("limits").maxNeurons;
    const current = this.store.get("config").network?.hidden_layer_sizes?.[layer];
    const n = Number(text);
    if (text !== "" && Number.isInteger(n) && n >= 1 && n <= max) {
      if (n !== current) this.resizeLayer(layer, n);
      return;
    }
    this.session.toast(TEXT.layerSize(max), "info");
    box.value = String(current);
  }

  resizeLayer(layer, n) {
    const sizes = [...(this.store.get("config").network?.hidden_layer_sizes ?? [])];
    sizes[layer] = n;
    this.session.patch({ network: { hidden_layer_sizes: sizes } });
  }

  /** One of the shapes menu's networks ("16,16" or "" for none), built in one change. */
  chooseShape(value) {
    const option = TEXT.shapes.find(([, sizes]) => sizes.join(",") === value);
    if (!option) return;
    const sizes = option[1];
    const network = { hidden_layer_sizes: sizes };
    const acts = layerActivations(this.store.get("config"));
    const a = this.store.get("config").network?.activation;
    if (Array.isArray(a)) {
      const last = acts[acts.length - 1] ?? a[0];
      network.activation = sizes.length ? sizes.map((_, i) => acts[i] ?? last) : a[0];
    }
    this.session.patch({ network });
  }

  layerActivation(layer, name) {
    const acts = layerActivations(this.store.get("config"));
    acts[layer] = name;
    const same = acts.every((a) => a === acts[0]);
    this.session.patch({ network: { activation: same ? acts[0] : acts } });
  }

  /** The small editor for one weight (col null: the bias of unit `row`), opened at (x, y). */
  openWeightEditor(layer, row, col, value, x, y) {
    const pop = $("weight-editor");
    const st = this.view.structure;
    const source = st.inputs[col];
    const from = layer === 0 ? (st.labels?.[source] ?? source) : t("net.unit", { layer, unit: col + 1 });
    const to =
      layer === st.layers.length
        ? t("access.outputN", { unit: row + 1 })
        : t("net.unit", { layer: layer + 1, unit: row + 1 });
    $("weight-name").textContent = col === null ? t("net.biasOf", { unit: to }) : `${from} → ${to}`;
    const input = $("weight-value");
    const returnFocus = document.activeElement;
    input.value = String(Number(value.toFixed(4)));
    pop.hidden = false;
    pop.style.left = `${Math.min(x, window.innerWidth - 240) + window.scrollX}px`;
    pop.style.top = `${y + window.scrollY + 8}px`;
    input.focus();
    input.select();
    const close = () => {
      pop.hidden = true;
      if (returnFocus?.isConnected) returnFocus.focus();
    };
    const save = () => {
      const v = Number(input.value);
      close();
      if (input.value === "" || !Number.isFinite(v)) return;
      this.session.run(() => this.editWeight(layer, row, col, v));
    };
    $("weight-save").onclick = save;
    $("weight-cancel").onclick = close;
    input.onkeydown = (e) => {
      if (e.key === "Enter") save();
      if (e.key === "Escape") close();
    };
  }

  async editWeight(layer, row, col, value) {
    await api.putWeight(this.session.id, layer, row, col, value);
    this.session.expectFrame();
  }
}
