// rocm-smi's JSON (`rocm-smi -d N --showuse --showmeminfo vram --showpower --showtemp --showclocks --showbus
// --showproductname --showdriverversion --json`), parsed. Key names changed across ROCm releases; each metric
// lists the spellings seen, newest first.
import type { GpuDevice } from '../../contract/telemetry';
import type { Sample } from './series';

/** Arguments of one query of GPU `index` (rocm-smi has no streaming mode: the sampler polls). */
export function rocmSmiArgs(index: number): string[] {
  return ['-d', String(index), '--showuse', '--showmeminfo', 'vram', '--showpower', '--showtemp', '--showclocks', '--showbus', '--showproductname', '--showdriverversion', '--json'];
}

const KEYS = {
  utilizationPercent: ['GPU use (%)'],
  memoryUsedBytes: ['VRAM Total Used Memory (B)'],
  memoryTotalBytes: ['VRAM Total Memory (B)'],
  powerW: ['Current Socket Graphics Package Power (W)', 'Average Graphics Package Power (W)'],
  temperatureC: ['Temperature (Sensor junction) (C)', 'Temperature (Sensor edge) (C)'],
  smClockMHz: ['sclk clock speed:'],
  memoryClockMHz: ['mclk clock speed:'],
} as const;

/** "36.0", "(1200Mhz)" → number; "N/A" and anything else → null. */
function num(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^\(?\s*(-?\d+(?:\.\d+)?)\s*(?:mhz)?\s*\)?$/i.exec(text.trim());
  return m ? Number(m[1]) : null;
}

function first(card: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) if (k in card) return card[k];
  return undefined;
}

export interface RocmSmiReading {
  device: GpuDevice;
  values: Sample['values'];
}

/** Every card in the JSON, by the index of its "cardN" key. Throws on text that is not JSON (the caller says why). */
export function parseRocmSmiJson(text: string): RocmSmiReading[] {
  const data = JSON.parse(text) as Record<string, Record<string, unknown>>;
  const driver = data['system']?.['Driver version'];
  const readings: RocmSmiReading[] = [];
  for (const [key, card] of Object.entries(data)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m || typeof card !== 'object' || card === null) continue;
    const name = first(card, ['Card Series', 'Card series', 'Device Name', 'Card model']);
    const values: Record<string, number | null> = {};
    // The first spelling that holds a number: a sensor reading "N/A" gives way to the next one.
    for (const [metric, keys] of Object.entries(KEYS)) values[metric] = keys.map((k) => num(card[k])).find((v) => v !== null) ?? null;
    readings.push({
      device: {
        index: Number(m[1]),
        name: typeof name === 'string' ? name : 'AMD GPU',
        busId: typeof card['PCI Bus'] === 'string' ? card['PCI Bus'] : null,
        driver: typeof driver === 'string' ? driver : null,
        source: 'rocm-smi',
      },
      values,
    });
  }
  return readings;
}
