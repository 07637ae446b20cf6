import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// This file runs in Node. Declared here rather than pulling @types/node into
// the whole project, so browser code cannot use Node globals by accident.
declare const process: { env: Record<string, string | undefined> };

// Tauri 2 front end. The Tauri CLI runs `npm run dev` / `npm run build` and
// expects the dev server on a fixed port and the built files in dist/.
// TAURI_DEV_HOST is set by `tauri dev` for mobile targets only.
const host = process.env['TAURI_DEV_HOST'];

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    host: host || false,
    ...(host ? { hmr: { protocol: 'ws', host, port: 1421 } } : {}),
    watch: { ignored: ['**/src-tauri/**'] },
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    // WebKitGTK on Linux (and WKWebView on macOS) are Safari-class engines.
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // One stylesheet linked from index.html; nothing inline (CSP style-src 'self').
    cssCodeSplit: false,
    // Never turn small assets into data: URIs, so img-src/font-src can stay 'self'.
    assetsInlineLimit: 0,
    // No modulepreload polyfill: not needed in WebKit, keeps the entry minimal.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
