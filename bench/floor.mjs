// The floor: a bare process that only reads and parses the same grants files with the same
// yaml package. Whatever grant-gate does beyond this is its own cost.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const dir = process.argv[2];
let items = 0;
for (const name of readdirSync(join(dir, 'grants'))) {
  const doc = parseDocument(readFileSync(join(dir, 'grants', name), 'utf8'));
  items += doc.get('grants')?.items?.length ?? 0;
}
process.stdout.write(`${items}\n`);
