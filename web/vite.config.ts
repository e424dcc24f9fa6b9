import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = import.meta.dirname;

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // Everything is served by the Fastify server from dist/web; assets live under /assets/ only.
  build: {
    outDir: path.resolve(webRoot, '../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline data: assets or scripts: the CSP allows only 'self' for scripts and styles.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
