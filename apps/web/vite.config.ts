import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Two apps in one build: the POS staff sell from (`/pos/`) and the
 * organiser dashboard (`/dashboard/`). The API serves `dist/` on the same
 * origin, so neither needs CORS. During development, `npm run dev -w
 * @tabline/web` proxies the API from `TABLINE_API_URL` (default the port
 * `npm start` listens on).
 */
export default defineConfig({
  root: here('.'),
  plugins: [
    react(),
    // The POS loads with no network: a service worker precaches every file
    // of the build and answers navigations under /pos/ with the app's page.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      scope: '/pos/',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,ico}'],
        navigateFallback: '/pos/index.html',
        navigateFallbackAllowlist: [/^\/pos\//],
        // The SQLite WASM binary is about 1 MiB; the default cap is 2 MiB.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2023',
    rollupOptions: {
      input: { pos: here('pos/index.html'), dashboard: here('dashboard/index.html') },
    },
  },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  server: {
    proxy: { '/v1': process.env.TABLINE_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
