// How the page writes numbers for people: three significant digits, and a very large or very small
// number as a power of ten with superscript digits (2.49 × 10⁵¹), so a figure never breaks a line.
// Pure functions, no DOM: the metrics line, banners, messages and charts all call these.

/** Plain digits from 0.001 up to (not including) this; outside it, a power of ten. */
const PLAIN_BELOW = 1e6;
const PLAIN_FROM = 1e-3;
/** The language numbers are written in (i18n.js sets it); digits, point and minus follow it. */
let numberLocale = "en";

/** Write numbers as `locale` does from now on. */
export function setNumberLocale(locale) {
  numberLocale = locale;
}

/** `v` (already rounded) in the current language's digits, without grouping (2000, not 2,000). */
function plain(v) {
  return new Intl.NumberFormat(numberLocale, { useGrouping: false, maximumFractionDigits: 20 }).format(v + 0);
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** An integer exponent in superscript digits (-4 → ⁻⁴). */
export function superscript(exponent) {
  return [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join("");
}

/**
 * `v` with three significant digits and no trailing zeros (0.693, 12.3, 87.5); below 0.001 or from
 * a million on as `m × 10ⁿ` (2.49 × 10⁵¹, 1.2 × 10⁻⁵); "∞" for an infinity, "–" for no number.
 */
export function formatNumber(v) {
  return formatSignificant(v, 3);
}

/** `v` as formatNumber writes it, with `digits` significant digits (1..15) instead of three. */
export function formatSignificant(v, digits) {
  if (typeof v !== "number" || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  const rounded = Number(v.toPrecision(digits));
  const size = Math.abs(rounded);
  if (size === 0 || (size >= PLAIN_FROM && size < PLAIN_BELOW)) return plain(rounded);
  const [mantissa, exponent] = v.toExponential(digits - 1).split("e");
  return `${plain(Number(mantissa))} × 10${superscript(Number(exponent))}`;
}

/** A share 0..1 as a percentage with three significant digits (0.8734 → "87.3%"). */
export function formatPercent(share) {
  if (typeof share !== "number" || !Number.isFinite(share)) return "–";
  return `${formatNumber(share * 100)}%`;
}

/** A limit a person must keep to, exact when it is a whole number (2000, not 2.00 × 10³). */
export function formatLimit(v) {
  return Number.isInteger(v) && Math.abs(v) < 1e9 ? plain(v) : formatNumber(v);
}
