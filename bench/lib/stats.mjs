// @ts-check
// Small statistics for the figures: every figure is a median over runs or samples.

/** Median of the finite numbers in `values`; undefined when there are none. */
export function median(/** @type {(number | undefined | null)[]} */ values) {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile (q in 0..1) of the finite numbers in `values`. */
export function quantile(/** @type {(number | undefined | null)[]} */ values, /** @type {number} */ q) {
  /** @type {number[]} */
  const xs = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) xs.push(v);
  xs.sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const at = (xs.length - 1) * q;
  const lo = xs[Math.floor(at)] ?? 0;
  const hi = xs[Math.ceil(at)] ?? lo;
  return lo + (hi - lo) * (at - Math.floor(at));
}

/** `min–max` of the finite numbers, for a figure's spread; '' when fewer than two. */
export function spread(
  /** @type {(number | undefined | null)[]} */ values,
  /** @type {(n: number) => string} */ fmt,
) {
  const xs = /** @type {number[]} */ (values.filter((v) => typeof v === 'number' && Number.isFinite(v)));
  if (xs.length < 2) return '';
  return `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
}

export const MiB = 1024 * 1024;
export const KiB = 1024;

/** Milliseconds for display: whole as given, else three decimals below 1, one below 100, none above. */
export function ms(/** @type {number | undefined} */ value) {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return `${value} ms`;
  return `${value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function kib(/** @type {number} */ bytes) {
  return `${(bytes / KiB).toFixed(1)} KiB`;
}

export function mib(/** @type {number | undefined} */ bytes) {
  if (bytes === undefined) return 'n/a';
  return `${(bytes / MiB).toFixed(2)} MiB`;
}

export function ratio(/** @type {number | undefined} */ value) {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${value < 10 ? value.toFixed(3) : value.toFixed(1)}×`;
}
