// Lint: typescript-eslint's recommended rules plus the import boundaries of DESIGN.md ("the folder is the runtime").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/lint/layers.mjs';

const electronOnly = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'gpu-pack/**', 'node_modules/**', 'out/**', 'bin/**', 'scripts/*.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly] }] },
  },
  {
    // Raw IPC only in the two wrappers that check senders and payloads against the contract.
    files: ['**/*.ts'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        { selector: "MemberExpression[object.name=/^ipc(Main|Renderer)$/]", message: 'Raw IPC lives in electron/main/ipc.ts and electron/preload/preload.ts only.' },
        { selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']", message: 'Send to the renderer through electron/main/ipc.ts.' },
      ],
    },
  },
  {
    // The folder decides what a file may import: every layer's allowed layers and packages, in scripts/lint/layers.mjs.
    files: ['common/**/*.ts', 'electron/**/*.ts', 'models/**/*.ts', 'renderer/src/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error', 'layers/no-onnxruntime': 'error' },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly], patterns: [{ group: ['node:*', 'fs', 'path', 'child_process', 'onnxruntime-node'], message: 'The contract is pure data: no Node, no Electron.' }] },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The renderer talks only to window.infermeter.' }], patterns: [{ group: ['node:*', 'fs', 'path', 'child_process', 'onnxruntime-node', '**/electron/engine/**', '**/electron/host/**', '**/electron/main/**', '**/electron/preload/**', '**/electron/server/**', '**/models/**'], message: 'The renderer imports no Node code: only electron/contract (types and schemas).' }] },
      ],
    },
  },
);
