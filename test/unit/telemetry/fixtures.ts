import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/fixtures/telemetry in the checkout (tests run from dist/test/unit/telemetry); SOURCES.md there says where each file comes from. */
export const TELEMETRY_FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'telemetry');

/** Outputs that real nvidia-smi / rocm-smi / amd-smi versions printed on real GPUs, recorded by others. */
export function captured(name: string): string {
  return readFileSync(join(TELEMETRY_FIXTURES, 'captured', name), 'utf8');
}

/** Outputs built from a tool's documented format where no public recording was found: they test our reading of the format only. */
export function reconstructed(name: string): string {
  return readFileSync(join(TELEMETRY_FIXTURES, 'reconstructed', name), 'utf8');
}
