// Plans the removal of expired grants: which grants go, and each file's new text with every
// other byte kept.
import { cutGrantItems } from './cut-items.js';
import { DEFAULT_ACCESS_LEVELS } from './policy-schema.js';
import { parseGrantsFile, type GrantRecord } from './grants-file.js';
import type { SourceFile } from './pull-request.js';

export interface PrunedGrant {
  id: string;
  file: string;
  line: number;
  /** `expires` as written */
  expires: string;
  record: GrantRecord;
}

export interface PrunedFile {
  path: string;
  before: string;
  after: string;
}

export interface PruneSkip {
  file: string;
  line: number;
  message: string;
}

export interface PrunePlan {
  removed: PrunedGrant[];
  files: PrunedFile[];
  /** files left untouched because they could not be read or cut safely */
  skipped: PruneSkip[];
}

/** Finds every grant whose `expires` is not after `now` (ms) and cuts it out of its file. */
export function planPrune(files: readonly SourceFile[], now: number): PrunePlan {
  const plan: PrunePlan = { removed: [], files: [], skipped: [] };
  for (const file of files) {
    const parsed = parseGrantsFile(file.path, file.text, DEFAULT_ACCESS_LEVELS);
    const first = parsed.problems[0];
    if (first) {
      plan.skipped.push({ file: file.path, line: first.line, message: first.message });
      continue;
    }
    const expired = parsed.grants.filter((g) => g.expiresAt !== undefined && g.expiresAt <= now);
    if (expired.length === 0) continue;
    const cut = cutGrantItems(file.text, new Set(expired.map((g) => g.index)));
    if (!cut.ok) {
      plan.skipped.push({
        file: file.path,
        line: 1,
        message: `cannot remove grants safely: ${cut.reason}`,
      });
      continue;
    }
    plan.files.push({ path: file.path, before: file.text, after: cut.text });
    for (const g of expired) {
      plan.removed.push({
        id: g.id,
        file: g.file,
        line: g.line,
        expires: String(g.value['expires']),
        record: g,
      });
    }
  }
  return plan;
}
