import { defineConfig } from 'vite';

// The UI is built into dist/renderer, which the Electron main process loads from file:// and `infermeter serve`
// serves over HTTP: relative asset URLs (base './') work for both.
export const config = defineConfig({
  root: __dirname,
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // zod's sources carry /*@__PURE__*/ comments in places Rollup cannot use; harmless, and noisy.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod')) return;
        warn(warning);
      },
    },
  },
});

// Vite reads the config module's default export; this is the one default export the project allows.
// eslint-disable-next-line no-restricted-syntax
export default config;
