// Writes the editor JSON Schemas from the zod schemas (the single source of truth).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(tmpdir(), `grant-gate-schemas-${process.pid}.mjs`);
await build({
  entryPoints: ['src/schemas.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const { jsonSchemas } = await import(pathToFileURL(out).href);
mkdirSync('schemas', { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schemas/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
}
