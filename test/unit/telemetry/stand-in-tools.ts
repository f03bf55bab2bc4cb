// Stand-in GPU tools for the sampler's end-to-end tests: small node programs named nvidia-smi / amd-smi, put first on
// PATH, that answer in the real tools' formats (test/fixtures/telemetry) with an energy counter rising at a known
// rate from the wall clock, so two processes (the probe and the stream) read one consistent counter.
import * as fs from 'node:fs';
import { join } from 'node:path';

function writeTool(dir: string, name: string, body: string): void {
  const file = join(dir, name);
  fs.writeFileSync(file, `#!${process.execPath}\n'use strict';\nconst a = process.argv.slice(2);\n${body}\n`);
  fs.chmodSync(file, 0o755);
}

/** A failing nvidia-smi (no driver), as on an AMD machine that has the NVIDIA tools but no NVIDIA GPU. */
export function writeNoDriverNvidiaSmi(dir: string): void {
  writeTool(dir, 'nvidia-smi', `console.log("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."); process.exit(9);`);
}

/**
 * nvidia-smi with two GPUs: GPU 0 (an H100) answers total_energy_consumption, a counter rising `counterWatts` J/s,
 * while its power.draw reads `powerWatts`; GPU 1 (a P100, before Volta) answers "[N/A]" for the counter. The throttle
 * mask's name: GPU 0 answers only the 535+ "clocks_event_reasons.active" (as a driver that dropped the old alias
 * would), GPU 1 only "clocks_throttle_reasons.active" (as drivers before 535 do); an unknown field fails the query
 * with nvidia-smi's message, so a stream that asks for the wrong name yields no reading. Power: GPU 0 also offers
 * power.draw.instant (`powerWatts`) beside a power.draw that reads half of it (standing in for a lagging 1 s
 * average), GPU 1 only power.draw (`powerWatts`), so the power a stream reports says which field it asked for.
 */
export function writeNvidiaSmi(dir: string, counterWatts: number, powerWatts: number): void {
  writeTool(
    dir,
    'nvidia-smi',
    `const mJ = () => Math.round((Date.now() - 1.7e12) * ${counterWatts});
if (a[0] === '-L') { console.log('GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0)\\nGPU 1: Tesla P100-PCIE-16GB (UUID: GPU-1)'); process.exit(0); }
const query = (a.find((x) => x.startsWith('--query-gpu=')) || '').slice(12);
const gpu = a[a.indexOf('-i') + 1];
const unknown = gpu === '1' ? ['clocks_event_reasons.active', 'power.draw.instant'] : ['clocks_throttle_reasons.active'];
const bad = query.split(',').find((f) => unknown.includes(f));
if (bad) { console.log('Field "' + bad + '" is not a valid field to query.'); process.exit(2); }
if (query === 'clocks_event_reasons.active') { console.log('0x0000000000000000'); process.exit(0); }
if (query === 'power.draw.instant') { console.log('${powerWatts.toFixed(2)}'); process.exit(0); }
const watts = gpu === '0' && !query.includes('power.draw.instant') ? ${(powerWatts / 2).toFixed(2)} : ${powerWatts.toFixed(2)};
if (query === 'total_energy_consumption') { console.log(gpu === '1' ? '[N/A]' : String(mJ())); process.exit(0); }
const energy = query.endsWith(',total_energy_consumption');
const ms = Number(a[a.indexOf('-lms') + 1]);
setInterval(() => process.stdout.write(gpu + ', 00000000:18:00.0, NVIDIA H100 80GB HBM3, 550.54.15, 97, 30211, 81559, ' + watts.toFixed(2) + ', 1980, 2619, 61, 0x0000000000000000' + (energy ? ', ' + mJ() : '') + '\\n'), ms);`,
  );
}

/** amd-smi with one MI300X (the 24.x fixtures) whose energy counter rises `counterWatts` J/s and power reads `powerWatts`. */
export function writeAmdSmi(dir: string, fixtures: string, counterWatts: number, powerWatts: number): void {
  writeTool(
    dir,
    'amd-smi',
    `const fs = require('node:fs');
const read = (f) => fs.readFileSync(${JSON.stringify(fixtures)} + '/' + f, 'utf8');
if (a[0] === 'list') { console.log(JSON.stringify([{ gpu: 0, bdf: '0000:0c:00.0', uuid: 'XXXXXXXX', kfd_id: 1, node_id: 2, partition_id: 0 }])); process.exit(0); }
if (a[0] === 'static') { process.stdout.write(read('amd-smi-mi300x-static-24.json')); process.exit(0); }
const m = JSON.parse(read('amd-smi-mi300x-metric-24.json'));
m[0].power.socket_power.value = ${powerWatts};
m[0].energy.total_energy_consumption.value = (Date.now() - 1.7e12) * ${counterWatts} / 1000;
console.log(JSON.stringify(m, null, 4));`,
  );
}
