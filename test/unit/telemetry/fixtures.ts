import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/fixtures/telemetry in the checkout (tests run from dist/test/unit/telemetry). */
export const TELEMETRY_FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'telemetry');

export function fixture(name: string): string {
  return readFileSync(join(TELEMETRY_FIXTURES, name), 'utf8');
}
