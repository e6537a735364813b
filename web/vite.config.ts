import { defineConfig } from 'vitest/config';

// Minimal declaration so the config type-checks without pulling in @types/node.
declare const process: { env: Record<string, string | undefined> };

// The C++ server (`jobrec serve`) serves web/dist and the JSON API under /api/v1.
// During `npm run dev`, API calls are proxied to JOBREC_API (default http://127.0.0.1:8080).
const apiTarget = process.env.JOBREC_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    restoreMocks: true,
  },
});
