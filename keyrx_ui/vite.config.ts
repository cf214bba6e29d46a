/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import type { ClientRequest } from 'node:http';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The daemon refuses any Host but localhost and any Origin but its own, so the dev server
// forwards to it as if the browser had loaded the page from the daemon itself.
const daemon = process.env.KEYRX_URL ?? 'http://127.0.0.1:9867';

function asDaemonOrigin(request: ClientRequest) {
  request.setHeader('origin', daemon);
}

const toDaemon = {
  target: daemon,
  changeOrigin: true,
  configure(proxy: { on(event: string, listener: (req: ClientRequest) => void): void }) {
    proxy.on('proxyReq', asDaemonOrigin);
    proxy.on('proxyReqWs', asDaemonOrigin);
  },
};

const proxy = {
  '/api': { ...toDaemon, ws: true },
  '/metrics': toDaemon,
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { proxy },
  // `vite preview` serves the production build the same way.
  preview: { proxy },
  build: {
    outDir: 'dist',
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    testTimeout: 20000,
  },
});
