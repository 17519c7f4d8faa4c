// Colours shared by every view: one colour and marker per class, and the diverging scale used for
// probabilities, neuron outputs, weights and regression values.

/** Class k is drawn with CLASS_COLORS[k % n] and MARKERS[k % n]: 0 = orange circle, 1 = blue cross. */
export const CLASS_COLORS = [
  [245, 147, 34],
  [8, 119, 189],
  [46, 160, 67],
  [156, 82, 196],
  [214, 39, 40],
  [140, 86, 75],
  [227, 119, 194],
  [23, 190, 207],
  [188, 189, 34],
  [90, 90, 90],
];
export const MARKERS = ["circle", "cross", "triangle", "square", "diamond", "plus", "star", "ring"];

const NEGATIVE = CLASS_COLORS[0];
const POSITIVE = CLASS_COLORS[1];
const MIDDLE = [246, 246, 246];

export function classColor(k) {
  return CLASS_COLORS[((k % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

export function classMarker(k) {
  return MARKERS[((k % MARKERS.length) + MARKERS.length) % MARKERS.length];
}

export function cssColor([r, g, b], alpha = 1) {
  return alpha === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha})`;
}

/** t in [-1, 1] → orange (−1) · white (0) · blue (+1), as an [r, g, b] triple. */
export function diverging(t) {
  const u = Math.max(-1, Math.min(1, t));
  const end = u < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(u);
  return [0, 1, 2].map((i) => Math.round(MIDDLE[i] + (end[i] - MIDDLE[i]) * a));
}

/** Pack r, g, b into one little-endian RGBA word for a Uint32Array view on ImageData. */
export function pack([r, g, b], alpha = 255) {
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** The diverging scale sampled at 1,024 points of t in [-1, 1], packed, built once. */
const STEPS = 1024;
const PALETTE = Uint32Array.from({ length: STEPS }, (_, i) => pack(diverging((i / (STEPS - 1)) * 2 - 1)));

/**
 * A 256-entry table: byte v of a channel whose values span [lo, hi] → packed colour on the diverging
 * scale, with `centre` mapped to white and `span` to full colour. Built once per channel per frame.
 */
export function divergingTable(lo, hi, centre, span, discrete = false) {
  const table = new Uint32Array(256);
  const scale = span > 0 ? span : 1;
  const step = (hi - lo) / 255;
  for (let v = 0; v < 256; v++) {
    let t = (lo + v * step - centre) / scale;
    if (discrete) t = t > 0 ? 0.62 : t < 0 ? -0.62 : 0;
    const u = t < -1 ? -1 : t > 1 ? 1 : t;
    table[v] = PALETTE[Math.round(((u + 1) / 2) * (STEPS - 1))];
  }
  return table;
}
