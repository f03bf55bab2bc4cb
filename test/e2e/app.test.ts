import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appSpec } from './app-spec';
import { projectRoot } from './browser-helpers';
import { TARGETS } from './targets';

/**
 * The app end to end, the same spec on each target: browser mode wherever Debian's Chromium is installed, the
 * Electron app wherever its binary is (and a display). A target that cannot run here is skipped with its reason.
 */
for (const target of TARGETS) {
  if (target.missing) process.stdout.write(`# e2e: the ${target.name} target is skipped: ${target.missing}\n`);
  test(`${target.name}: sweep, live progress, results equal the run JSON, export, cancel, import and compare, settings kept`, { skip: target.missing ?? false, timeout: 300_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
    const session = await target.launch(dataDir);
    try {
      await appSpec(session, dataDir, path.join(projectRoot(), 'test-results', 'e2e', target.name));
    } finally {
      await session.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
