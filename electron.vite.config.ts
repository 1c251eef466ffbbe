import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname ?? process.cwd();
const at = (p: string) => resolve(root, p);

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The engine's worker entries are built beside the main bundle: engine/host/worker-files.ts
        // looks for `<entry>.js` next to the running code.
        input: {
          index: at('electron/main/index.ts'),
          'engine-worker': at('engine/host/engine-worker.ts'),
          'pool-worker': at('engine/host/pool-worker.ts'),
          'sandbox-worker': at('engine/backtest-runner/sandbox-worker.ts'),
          'live-sandbox-worker': at('engine/backtest-runner/live-sandbox-worker.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: at('electron/preload/index.ts') },
        // Sandboxed preloads run as classic scripts: CommonJS, one self-contained file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    // Relative asset URLs: the same build loads from app://quantdesk and from `quantdesk serve`.
    base: './',
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      emptyOutDir: true,
      rollupOptions: {
        input: { index: at('renderer/index.html') },
        // zod's sources carry comments rollup cannot place; harmless, and noise in every build.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
      chunkSizeWarningLimit: 1500,
    },
  },
});
