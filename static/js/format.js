// How the page writes numbers for people.

/** Three significant digits, without trailing zeros (0.003, 12.3). */
export function formatNumber(v) {
  return Number(v.toPrecision(3)).toString();
}
