// Small statistics shared by the benches (./bench.js, ./relay-bench.js).

/** Linear interpolation between the closest ranks of sorted `values`. */
export function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

/** `value` to `digits` decimals, as a number. */
export const round = (value, digits = 3) => Number(value.toFixed(digits));
