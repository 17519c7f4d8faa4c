// The small controls at the head of each hidden layer in the network diagram: the "+" and "−"
// buttons and the number box where the layer's size can be typed.

import { t } from "./i18n.js";

/** The number box holding a hidden layer's size: type a size (1..max) instead of clicking "+". */
export function sizeBox(layer, size, max, setNeurons) {
  const wrap = document.createElement("span");
  wrap.className = "neuron-count";
  const box = document.createElement("input");
  box.type = "number";
  box.min = "1";
  box.max = String(max);
  box.step = "1";
  box.value = String(size);
  box.setAttribute("aria-label", t("net.neuronsIn", { layer: layer + 1 }));
  box.addEventListener("change", () => setNeurons?.(layer, box.value, box));
  const word = document.createElement("span");
  word.className = "neuron-word";
  word.textContent = t("net.neurons", { count: size });
  wrap.append(box, word);
  return wrap;
}

/** A small labelled button ("+", "−") that calls `onClick`. */
export function smallButton(text, label, onClick, disabled = false) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "small";
  b.textContent = text;
  b.title = label;
  b.setAttribute("aria-label", label);
  b.disabled = disabled;
  b.addEventListener("click", onClick);
  return b;
}
