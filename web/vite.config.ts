import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves dist/ on the API's own origin; in `vite dev` the API is proxied to a running gateway.
const gateway = `http://127.0.0.1:${process.env.GATEWAY_PORT ?? '3000'}`;

export default defineConfig({
  plugins: [react()],
  build: {
    // The manifest lets a test measure exactly the JS the shopper entry loads (web/test/bundle-size).
    manifest: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/v1': gateway,
      '/openapi.json': gateway,
      '/ws': { target: gateway.replace('http', 'ws'), ws: true },
    },
  },
});
