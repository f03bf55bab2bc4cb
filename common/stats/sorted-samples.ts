declare const sortedBrand: unique symbol;

/** Samples in ascending order. Only `sortSamples` makes one, so an unsorted array cannot reach a percentile. */
export type SortedSamples = Float64Array & { readonly [sortedBrand]: true };

/** A sorted copy; the caller's array (the raw samples, in the order they were taken) is left alone. */
export function sortSamples(samples: Float64Array): SortedSamples {
  for (const x of samples) {
    if (Number.isNaN(x)) throw new RangeError('sortSamples: a sample is NaN');
  }
  // Float64Array's sort is numeric (not lexicographic like Array's default).
  return Float64Array.from(samples).sort() as SortedSamples;
}
