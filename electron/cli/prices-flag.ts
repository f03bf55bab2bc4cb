import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RecommendRequest } from '../contract/recommend';
import { loadCatalog } from '../engine/recommend/catalog';

/**
 * `--prices FILE` for a recommendation: checked here against the catalog, so a bad file fails at once naming the
 * file and the field (before a bench's sweep), then sent to the engine worker as text, as the app sends it.
 */
export function pricesFlag(given: string | undefined): RecommendRequest['prices'] {
  if (given === undefined) return null;
  loadCatalog({ pricesFile: given });
  return { fileName: resolve(given), content: readFileSync(given, 'utf8') };
}
