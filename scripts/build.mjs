// Bundles the CLI into dist/ekslite.js. Native and gRPC packages stay external:
// better-sqlite3 loads a .node addon and etcd3 loads .proto files at run time.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

await build({
  entryPoints: ['src/cmd/ekslite.ts'],
  outfile: 'dist/ekslite.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: ['better-sqlite3', 'etcd3', '@grpc/*'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __ekslite_cr } from 'node:module'; const require = __ekslite_cr(import.meta.url);",
  },
  logLevel: 'warning',
});

// Data files read at run time next to the code (src/api/generated/* → dist/generated/*).
mkdirSync('dist/generated', { recursive: true });
cpSync('src/api/generated/schema.json', 'dist/generated/schema.json');
// The process runtime's stand-in images and its shim (which starts containers) are plain scripts
// run as separate processes: they ship beside the bundle (dist/catalog/, dist/shim.mjs), where
// shim.ts's `new URL('./shim.mjs', import.meta.url)` finds it once bundled into dist/ekslite.js.
cpSync('src/kubelet/runtime/process/catalog', 'dist/catalog', { recursive: true });
cpSync('src/kubelet/runtime/process/shim.mjs', 'dist/shim.mjs');
