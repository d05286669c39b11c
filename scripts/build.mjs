// Bundles the action and the CLI into self-contained ESM files under dist/.
// The createRequire banner lets CommonJS dependencies call require() inside an ESM bundle.
import { build } from 'esbuild';

const banner = {
  js: "import { createRequire as __gg_createRequire } from 'node:module'; const require = __gg_createRequire(import.meta.url);",
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  banner: { js: `#!/usr/bin/env node\n${banner.js}` },
});
