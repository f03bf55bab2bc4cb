import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { loadBuilderConfig, patternFilter, REPO, type PlatformConfig } from '../../fixtures/builder-config';
import { requireGraph } from '../../fixtures/require-graph';

// electron-builder.yml checked the way electron-builder itself checks and uses it: its own JSON schema (with the
// ajv options of app-builder-lib's schemaValidator), its file-pattern semantics against the real file lists of
// this build and of the installed onnxruntime-node, and the fuses the design asks for.

const config = loadBuilderConfig();
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
const ORT = join(REPO, 'node_modules', 'onnxruntime-node');
const NATIVE = /\.(node|dll|dylib)$|\.so(\.\d+)*$/;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const rel = (path: string) => relative(REPO, path).split('\\').join('/');

function validator() {
  const schema = JSON.parse(readFileSync(join(REPO, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);
}

test("electron-builder.yml is valid against electron-builder's own configuration schema", () => {
  const validate = validator();
  assert.equal(validate(loadBuilderConfig()), true, JSON.stringify(validate.errors, null, 1));
  // The same check refuses a misspelt key, so the pass above means something.
  const typo = { ...loadBuilderConfig(), electronFuses: { ...config.electronFuses, runAsNod: false } };
  assert.equal(validate(typo), false);
  assert.ok(validate.errors?.some((e) => e.instancePath === '/electronFuses' && e.keyword === 'additionalProperties'));
});

test('identity, resources, targets and macOS hardening are as the issue asks', () => {
  assert.equal(config['appId'], 'dev.infermeter.app');
  assert.equal(config['productName'], 'infermeter');
  assert.deepEqual(config['directories'], { buildResources: 'build', output: 'out' });
  assert.equal(config['asar'], true);
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.win.target, [{ target: 'nsis', arch: ['x64', 'arm64'] }]);
  assert.deepEqual(config.mac.target, [{ target: 'dmg', arch: ['arm64'] }]);
  assert.equal(config.mac['hardenedRuntime'], true);
  assert.equal(config.mac['entitlements'], 'build/entitlements.mac.plist');
  const entitlements = readFileSync(join(REPO, 'build', 'entitlements.mac.plist'), 'utf8');
  for (const key of ['com.apple.security.cs.allow-jit', 'com.apple.security.cs.disable-library-validation']) assert.ok(entitlements.includes(`<key>${key}</key>`), key);
  assert.ok(existsSync(join(REPO, 'build', 'icon.svg')));
});

test('every target platform and arch has an onnxruntime binding in the installed package', () => {
  const platforms: Array<[PlatformConfig, string]> = [[config.linux, 'linux'], [config.win, 'win32'], [config.mac, 'darwin']];
  for (const [platform, node] of platforms) {
    for (const entry of platform.target ?? []) {
      const arches = typeof entry === 'string' ? ['x64'] : (entry.arch ?? ['x64']);
      for (const arch of arches) {
        assert.ok(existsSync(join(ORT, 'bin', 'napi-v6', node, arch, 'onnxruntime_binding.node')), `${node}/${arch} is a target but onnxruntime-node ships no binding for it`);
      }
    }
  }
});

test('the fuses: no running as Node, no NODE_OPTIONS, no inspector; asar integrity checked and the only source of the app', () => {
  assert.equal(config.electronFuses['runAsNode'], false);
  assert.equal(config.electronFuses['enableNodeOptionsEnvironmentVariable'], false);
  assert.equal(config.electronFuses['enableNodeCliInspectArguments'], false);
  assert.equal(config.electronFuses['enableEmbeddedAsarIntegrityValidation'], true);
  assert.equal(config.electronFuses['onlyLoadAppFromAsar'], true);
  // With RunAsNode off the engine must be a utilityProcess: no packaged file may rely on ELECTRON_RUN_AS_NODE.
  for (const file of walk(join(REPO, 'dist', 'electron')).filter((f) => f.endsWith('.js') && !f.includes(`${join('dist', 'electron', 'cli')}`))) {
    assert.ok(!readFileSync(file, 'utf8').includes('ELECTRON_RUN_AS_NODE'), `${rel(file)} mentions ELECTRON_RUN_AS_NODE`);
  }
});

test('asarUnpack leaves every native file of onnxruntime-node, for every platform it ships, on disk and nothing else', () => {
  const unpacked = patternFilter(config.asarUnpack);
  const files = walk(ORT).map(rel);
  const native = files.filter((f) => NATIVE.test(f));
  // The package ships binaries for 5 platform/arch pairs; each has a binding and its libonnxruntime.
  assert.ok(native.filter((f) => f.endsWith('onnxruntime_binding.node')).length >= 5, native.join('\n'));
  assert.ok(native.some((f) => /libonnxruntime\.so\.1$/.test(f)) && native.some((f) => f.endsWith('.dylib')) && native.some((f) => f.endsWith('onnxruntime.dll')));
  const packed = native.filter((f) => !unpacked(f));
  assert.deepEqual(packed, [], 'native files left inside app.asar');
  const needlessly = files.filter((f) => unpacked(f) && !NATIVE.test(f));
  assert.deepEqual(needlessly, [], 'only native files are unpacked');
  // A CUDA provider installed later (npm run install:cuda) lands in the same folder and is covered too.
  assert.ok(unpacked('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so'));
});

test('files: the compiled app and what it loads, without sources, tests, maps, CLI or caches', () => {
  // The three platforms list the same files; only the onnxruntime folders they leave out differ.
  const common = (files: string[]) => files.filter((f) => !f.startsWith('!node_modules/onnxruntime-node/'));
  assert.deepEqual(common(config.win.files), common(config.linux.files));
  assert.deepEqual(common(config.mac.files), common(config.linux.files));
  assert.equal(config['files'], undefined, 'no root files: with per-platform exclusions electron-builder would fall back to the whole project');
  const included = patternFilter(config.linux.files);
  const project = [...walk(join(REPO, 'dist')), ...walk(join(REPO, 'data')), ...walk(join(REPO, 'electron')), ...walk(join(REPO, 'models')), ...walk(join(REPO, 'test')), join(REPO, 'package.json')].map(rel);
  const shipped = project.filter(included);
  assert.ok(shipped.includes(pkg.main), `package.json's main (${pkg.main}) is shipped`);
  for (const needed of ['package.json', 'dist/electron/host/engine-worker.js', 'dist/electron/preload/preload.bundle.js', 'dist/renderer/index.html', 'dist/models/catalog.js', 'data/instances.json']) {
    assert.ok(shipped.includes(needed), `${needed} is shipped`);
  }
  const stray = shipped.filter((f) => /\.(ts|map)$/.test(f) || /^(electron|models|test|dist\/test|dist\/scripts|dist\/electron\/cli|dist\/renderer\/src)\//.test(f));
  assert.deepEqual(stray, []);

  // Everything main, the preload bundle and the engine worker load is shipped; the packages they name are
  // production dependencies (electron itself is provided by the runtime).
  const entries = [pkg.main, 'dist/electron/host/engine-worker.js', 'dist/electron/preload/preload.bundle.js'].map((f) => join(REPO, f));
  const graph = requireGraph(entries);
  const missing = [...graph.files].map(rel).filter((f) => !included(f));
  assert.deepEqual(missing, [], 'files loaded at run time but not shipped');
  const notProduction = [...graph.packages].filter((p) => p !== 'electron' && !(p in pkg.dependencies));
  assert.deepEqual(notProduction, [], 'packages required at run time that are not production dependencies');
});

test("each platform's installer carries only its own onnxruntime binaries", () => {
  const ort = 'node_modules/onnxruntime-node/bin/napi-v6';
  const cases: Array<[PlatformConfig, string, string[]]> = [
    [config.linux, 'linux', ['darwin', 'win32']],
    [config.win, 'win32', ['darwin', 'linux']],
    [config.mac, 'darwin', ['linux', 'win32']],
  ];
  for (const [platform, own, others] of cases) {
    const included = patternFilter(['**/*', ...platform.files.filter((f) => f.startsWith('!'))]);
    assert.ok(included(`${ort}/${own}/arm64/onnxruntime_binding.node`), `${own} keeps its binding`);
    for (const other of others) assert.equal(included(`${ort}/${other}/arm64/onnxruntime_binding.node`), false, `${own} drops ${other}`);
  }
});
