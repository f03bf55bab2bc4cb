/**
 * Bump whenever any converter's output changes: cached FP16/INT8 variants are keyed by model hash and this
 * version, so a new converter never reuses an old variant.
 */
export const CONVERTER_VERSION = 2;
