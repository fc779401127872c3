import { defineConfig } from "vite";

/**
 * Builds the dashboard into `packages/ui/dist/page`, the files every host serves at
 * `/_eventual/ui/`. Workspace packages are compiled from their TypeScript source.
 *
 * `npx vite --config packages/ui/page/vite.config.ts` serves the page with live reload and sends
 * the control API's calls to a running service (`EVENTUAL_URL`, default `http://127.0.0.1:3111`).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: "/_eventual/ui/",
  resolve: { conditions: ["@eventual/source", "module", "browser", "development|production"] },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../dist/page",
    emptyOutDir: true,
    target: "es2022",
    // The page is small and served from memory: one script and one stylesheet load fastest.
    modulePreload: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      "^/_eventual/(?!ui)": { target: process.env.EVENTUAL_URL ?? "http://127.0.0.1:3111" },
    },
  },
});
