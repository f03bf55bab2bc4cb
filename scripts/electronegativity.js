#!/usr/bin/env node
// Electronegativity over the built app: the Electron main process (dist/electron/main), the preload bundle and
// the renderer (dist/renderer), or the folder given as the one argument. Fails on any finding above LOW severity,
// printing every finding. Run by `npm run lint:electron` (part of `npm run lint`).
//
// Why not its CLI: Electronegativity 1.10.3 (the last release; the project is unmaintained) requires `commander`
// without declaring it, so its CLI picks up ours (v14) and crashes at start. Its documented programmatic API
// (`run(options)`) is used instead; it writes the same SARIF file the CLI's `-o x.sarif` does, and returns each
// finding with its severity and confidence, which the SARIF file does not carry (there, `level` is only
// "note" for a finding that needs manual review and "warning" for any other).
//
// No network: its AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list (stale and online) and
// is excluded; every run also tries to download translations, which is answered here without a request (it
// falls back to the bundled en-US strings, as it does offline). Any other attempt to reach the network fails.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const PACKAGE_DIR = path.dirname(require.resolve('@doyensec/electronegativity/package.json', { paths: [ROOT] }));
const SARIF_DIR = path.join(ROOT, 'dist', 'electronegativity');

/**
 * What is scanned: the parts of the app that Electron loads, copied into one folder so that the global checks
 * (navigation limits, permission handler, CSP) see them together, as they run together: the main process (and
 * the host code it runs), the preload bundle (the only preload file Electron loads) and the renderer.
 */
const PARTS = [
  { from: path.join(ROOT, 'dist', 'electron', 'main'), to: 'main' },
  { from: path.join(ROOT, 'dist', 'electron', 'host'), to: 'host' },
  { from: path.join(ROOT, 'dist', 'electron', 'preload', 'preload.bundle.js'), to: 'preload/preload.bundle.js' },
  { from: path.join(ROOT, 'dist', 'renderer'), to: 'renderer' },
];
const STAGE = path.join(SARIF_DIR, 'app');
const SARIF_FILE = path.join(SARIF_DIR, 'electronegativity.sarif');

/** Checks that need the network, by class name (the names its -x option takes): AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** Severities we accept; anything above fails the lint. */
const ACCEPTED_SEVERITIES = new Set(['INFORMATIONAL', 'LOW']);

/**
 * Findings we have checked and found to be false positives: rule id, file (relative to the repository) and the
 * reason. Kept narrow: a suppression names one rule in one file.
 */
const SUPPRESSED = [];

function offlineGot() {
  const refuse = (url) => Promise.reject(new Error(`electronegativity: network access refused (${String(url)})`));
  const got = (url) => refuse(url);
  got.get = got;
  got.head = got;
  got.post = got;
  got.extend = () => got;
  return got;
}

/** Replaces the `got` HTTP client Electronegativity resolves with one that never opens a connection. */
function cutNetwork() {
  const gotPath = require.resolve('got', { paths: [PACKAGE_DIR] });
  const stub = offlineGot();
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(stub, { default: stub }) };
}

function electronVersion() {
  return JSON.parse(fs.readFileSync(require.resolve('electron/package.json', { paths: [ROOT] }), 'utf8')).version;
}

async function waitForFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${file}: the SARIF report was not written (${error.message})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function relative(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

function suppression(finding) {
  return SUPPRESSED.find((s) => s.rule === finding.rule && s.file === finding.file);
}

/** Copies the scanned parts into STAGE: code, markup and styles only (no source maps). */
function stage() {
  fs.rmSync(STAGE, { recursive: true, force: true });
  for (const part of PARTS) {
    if (!fs.existsSync(part.from)) throw new Error(`${relative(part.from)}: not built; run npm run build first`);
    fs.cpSync(part.from, path.join(STAGE, part.to), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
}

async function scan(run, input, sarifFile) {
  fs.rmSync(sarifFile, { force: true });
  const result = await run({
    input,
    output: sarifFile,
    isSarif: true,
    excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
    isRelative: false,
    electronVersionOverride: electronVersion(),
  });
  for (const error of result.errors) {
    if (!error.tolerable) throw new Error(`${relative(error.file)}: Electronegativity could not parse it (${error.message})`);
  }
  const sarif = await waitForFile(sarifFile, 10000);
  const results = sarif.runs?.[0]?.results;
  if (!Array.isArray(results)) throw new Error(`${relative(sarifFile)}: not a SARIF report (no runs[0].results)`);
  if (results.length !== result.issues.length) throw new Error(`${relative(sarifFile)}: ${results.length} results, but the scan returned ${result.issues.length}`);
  // The SARIF result and the returned issue at the same position are the same finding; the issue adds severity.
  const findings = results.map((entry, i) => {
    const issue = result.issues[i];
    const where = entry.locations?.[0]?.physicalLocation;
    const file = where?.artifactLocation?.uri ?? issue.file;
    if (entry.ruleId !== issue.id) throw new Error(`${relative(sarifFile)}: result ${i} is ${entry.ruleId}, the scan's is ${issue.id}`);
    return {
      rule: entry.ruleId,
      file: file === 'file:///' ? '(whole app)' : path.relative(input, file).split(path.sep).join('/'),
      line: where?.region?.startLine ?? 0,
      column: where?.region?.startColumn ?? 0,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: entry.level === 'note',
      sample: issue.sample ? String(issue.sample).slice(0, 100) : '',
      message: entry.message?.text ?? '',
    };
  });
  return { findings, checks: result.globalChecks + result.atomicChecks };
}

/** Its translation loader prints this whenever the download fails, which, with the network cut, is always. */
function quietTranslationNotice() {
  const log = console.log;
  console.log = (...args) => {
    if (args.length === 1 && args[0] === 'Could not retrieve updated translations for the current locale') return;
    log(...args);
  };
}

async function main() {
  const started = Date.now();
  cutNetwork();
  quietTranslationNotice();
  // A folder given on the command line is scanned as it is (the tests check the gate on a deliberately bad app).
  const given = process.argv[2];
  const input = given ? path.resolve(given) : STAGE;
  if (!given) stage();
  const run = require(PACKAGE_DIR);
  const sarifFile = given ? `${input}.sarif` : SARIF_FILE;
  const { findings, checks } = await scan(run, input, sarifFile);

  let failing = 0;
  for (const f of findings) {
    const suppressed = suppression(f);
    const fails = !ACCEPTED_SEVERITIES.has(f.severity) && !suppressed;
    if (fails) failing += 1;
    const verdict = fails ? 'FAIL' : suppressed ? `suppressed: ${suppressed.reason}` : 'accepted (low)';
    process.stdout.write(`${f.severity}/${f.confidence} ${f.rule} ${f.file}:${f.line}:${f.column}${f.manualReview ? ' (review)' : ''} - ${verdict}\n    ${f.message}${f.sample ? `\n    ${f.sample}` : ''}\n`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`electronegativity: ${checks} checks, ${findings.length} finding(s), ${failing} above LOW, over ${given ? relative(input) : PARTS.map((p) => p.to).join(', ')} in ${seconds} s (SARIF: ${relative(sarifFile)})\n`);
  if (failing > 0) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`electronegativity: ${error.message}\n`);
  process.exitCode = 1;
});
