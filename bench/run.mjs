// Bundles the TypeScript benchmark (it imports the core directly) and runs it.
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = join(process.cwd(), 'bench', 'out', 'run.mjs');
await build({
  entryPoints: ['bench/run.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(out).href);
