// `grant-gate prune`: removes expired grants from the grants files under a directory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGlob, DEFAULT_GRANTS_GLOB } from '../core/glob.js';
import { planPrune } from '../core/prune.js';
import { readGrantsFiles } from '../fs/tree.js';
import { formatOption, nowOption, parseCommand, required } from './args.js';
import { print } from './output.js';
import { UsageError } from './usage-error.js';

export const PRUNE_HELP = `Usage: grant-gate prune --dir DIR [--now ISO] [--dry-run] [--format text|json]

Removes every grant whose expires is not after now from the grants files under DIR. Every
byte of a file that is not part of a removed grant stays as it was.

  --dir DIR       the repository tree
  --now ISO       the instant (default: now)
  --dry-run       report what would be removed; change nothing
  --grants GLOB   grants files (default ${DEFAULT_GRANTS_GLOB}, .yml too)
  --format F      text (default) or json: { "removed": [...], "files": [...] }

Exit status: 0 done (also when nothing expired), 1 a file could not be read or cut safely
(it is left as it was), 2 bad usage.`;

const OPTIONS = {
  dir: { type: 'string' },
  now: { type: 'string' },
  'dry-run': { type: 'boolean' },
  grants: { type: 'string' },
  format: { type: 'string' },
} as const;

/** Runs `prune`; resolves to the exit status. */
export async function pruneCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 'prune');
  if (values.help) return print(PRUNE_HELP).then(() => 0);
  if (positionals.length)
    throw new UsageError(`unexpected argument ${positionals[0]} (see grant-gate prune --help)`);
  const dir = required(values.dir, 'dir', 'prune');
  const format = formatOption(values.format);
  const now = nowOption(values.now);
  const plan = planPrune(
    readGrantsFiles(dir, compileGlob(values.grants ?? DEFAULT_GRANTS_GLOB)),
    now,
  );
  if (!values['dry-run']) for (const f of plan.files) writeFileSync(join(dir, f.path), f.after);
  for (const s of plan.skipped)
    process.stderr.write(`grant-gate: ${s.file}:${s.line}: left unchanged: ${s.message}\n`);
  if (format === 'json') {
    const removed = plan.removed.map((r) => ({
      id: r.id,
      file: r.file,
      line: r.line,
      expires: r.expires,
    }));
    await print(JSON.stringify({ removed, files: plan.files.map((f) => f.path) }, null, 2));
  } else {
    const verb = values['dry-run'] ? 'would remove' : 'removed';
    const lines = plan.removed.map(
      (r) => `${verb} ${r.id} (expired ${r.expires}) from ${r.file}:${r.line}`,
    );
    await print(lines.length ? lines.join('\n') : 'nothing has expired');
  }
  return plan.skipped.length ? 1 : 0;
}
