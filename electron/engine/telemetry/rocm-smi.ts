// rocm-smi's JSON (`rocm-smi -d N --showuse --showmeminfo vram --showpower --showtemp --showclocks --showbus
// --showproductname --showdriverversion --json`), parsed. Key names changed across ROCm releases; each metric
// lists the spellings seen, newest first, matched without regard to case (ROCm 2.x wrote "(c)" for "(C)").
// test/fixtures/telemetry/captured holds rocm-smi JSON recorded on real cards from ROCm 4.3 to 6.1.
import type { GpuDevice } from '../../contract/telemetry';
import { parseToolJson } from './json-output';
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

/** The card's entries by lower-cased key. */
function byLowerKey(card: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(card).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * The card's product name. ROCm 4.3 wrote the vendor id ("Card series": "0x1002") and older releases only a model id
 * ("Card model": "0xc1e"): a bare hex id is not a name, so the device id is kept in a generic one instead.
 */
function cardName(card: Map<string, unknown>): string {
  const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v !== 'N/A' && !/^0x[0-9a-f]+$/i.test(v.trim());
  const name = ['device name', 'card series', 'card model'].map((k) => card.get(k)).find(isName);
  if (name) return name;
  const id = ['device id', 'gpu id'].map((k) => card.get(k)).find((v) => typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v));
  return typeof id === 'string' ? `AMD GPU [${id}]` : 'AMD GPU';
}

export interface RocmSmiReading {
  device: GpuDevice;
  values: Sample['values'];
}

/** Every card in the JSON, by the index of its "cardN" key. Throws on text that holds no JSON (the caller says why). */
export function parseRocmSmiJson(text: string): RocmSmiReading[] {
  const data = parseToolJson(text) as Record<string, Record<string, unknown>>;
  const driver = data['system']?.['Driver version'];
  const readings: RocmSmiReading[] = [];
  for (const [key, entry] of Object.entries(data)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m || typeof entry !== 'object' || entry === null) continue;
    const card = byLowerKey(entry);
    const values: Record<string, number | null> = {};
    // The first spelling that holds a number: a sensor reading "N/A" gives way to the next one.
    for (const [metric, keys] of Object.entries(KEYS)) values[metric] = keys.map((k) => num(card.get(k.toLowerCase()))).find((v) => v !== null) ?? null;
    const bus = card.get('pci bus');
    readings.push({
      device: {
        index: Number(m[1]),
        name: cardName(card),
        busId: typeof bus === 'string' ? bus : null,
        driver: typeof driver === 'string' ? driver : null,
        source: 'rocm-smi',
      },
      values,
    });
  }
  return readings;
}
