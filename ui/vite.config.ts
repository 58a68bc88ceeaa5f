import { defineConfig } from 'vitest/config';

// The bundle lands where Maven packs it into the jar (dev/wake/ui/ on the classpath); the query
// API serves it at /. `npm run dev` proxies /api to a running `./wake up`.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/dev/wake/ui',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': process.env.WAKE_API ?? 'http://127.0.0.1:8080' } },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
  },
});
