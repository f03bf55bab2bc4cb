import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: { name: string; version: string } | undefined;

/** The app's name and version from package.json (found from dist/ and from sources alike). */
export function appInfo(): { name: string; version: string } {
  if (cached) return cached;
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'infermeter') return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0' });
    } catch {
      // try the next level up
    }
  }
  return (cached = { name: 'infermeter', version: '0.0.0' });
}

export function appVersion(): string {
  return appInfo().version;
}
