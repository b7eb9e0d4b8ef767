import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

/** Where `npm run dev -w web-viewer` finds the control plane (REST and socket.io). */
const controlPlane = process.env.LIENTHONG_CONTROL_PLANE ?? 'http://127.0.0.1:8080';

const proxy: Record<string, ProxyOptions> = {
  '/api': { target: controlPlane },
  '/socket.io': { target: controlPlane, ws: true },
};

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { proxy },
  preview: { proxy },
});
