import type { FileMap } from './git-store.js';

/** One changed file of a pull request, before it is shaped into GitHub's diff entry. */
export interface FileChange {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  previousFilename: string | undefined;
  /** Blob in the head commit; undefined for a removed file. */
  headSha: string | undefined;
  additions: number;
  deletions: number;
}

// Above this many line pairs the exact count is not worth the time; every line counts as changed.
const LCS_LIMIT = 4_000_000;

function lines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

/** Added and deleted line counts between two texts, from their longest common subsequence. */
function countLineChanges(before: string, after: string): { additions: number; deletions: number } {
  const a = lines(before);
  const b = lines(after);
  if (a.length * b.length > LCS_LIMIT) return { additions: b.length, deletions: a.length };
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const lineA of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        b[j - 1] === lineA
          ? (previous[j - 1] ?? 0) + 1
          : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  const common = previous[b.length] ?? 0;
  return { additions: b.length - common, deletions: a.length - common };
}

/** Changed files between two trees, sorted by name; identical blobs moved to a new path are renames. */
export function diffFiles(
  base: FileMap,
  head: FileMap,
  read: (sha: string) => string,
): FileChange[] {
  const removed = [...base.keys()].filter((path) => !head.has(path));
  const changes: FileChange[] = [];
  for (const [path, entry] of head) {
    const before = base.get(path);
    if (before?.sha === entry.sha) continue;
    if (before) {
      changes.push({
        filename: path,
        status: 'modified',
        previousFilename: undefined,
        headSha: entry.sha,
        ...countLineChanges(read(before.sha), read(entry.sha)),
      });
      continue;
    }
    const renamedFrom = removed.findIndex((old) => base.get(old)?.sha === entry.sha);
    if (renamedFrom >= 0) {
      const [previous] = removed.splice(renamedFrom, 1);
      changes.push({
        filename: path,
        status: 'renamed',
        previousFilename: previous,
        headSha: entry.sha,
        additions: 0,
        deletions: 0,
      });
      continue;
    }
    changes.push({
      filename: path,
      status: 'added',
      previousFilename: undefined,
      headSha: entry.sha,
      ...countLineChanges('', read(entry.sha)),
    });
  }
  for (const path of removed) {
    const before = base.get(path);
    changes.push({
      filename: path,
      status: 'removed',
      previousFilename: undefined,
      headSha: undefined,
      ...countLineChanges(before ? read(before.sha) : '', ''),
    });
  }
  return changes.sort((x, y) => (x.filename < y.filename ? -1 : 1));
}
