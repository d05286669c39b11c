// Reads repository trees from the file system for the CLI (and for the action's verified checkout).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../core/pull-request.js';
import { MAX_FILE_BYTES } from '../core/yaml-tree.js';

const SKIP = new Set(['.git', 'node_modules']);

/** Repository-relative (slash-separated) paths of the files under `root` that `match` accepts, sorted. */
export function listFiles(root: string, match: (path: string) => boolean): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        if (match(path)) out.push(path);
      }
    }
  }
  return out.sort();
}

/**
 * Reads a file as UTF-8, at most one byte past the parse limit: a larger file is reported as
 * too large by the core without being read whole. Bytes that are not UTF-8 become U+FFFD,
 * which the core refuses.
 */
export function readCapped(path: string): string {
  const size = statSync(path).size;
  const length = Math.min(size, MAX_FILE_BYTES + 1);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, read);
      if (n === 0) break;
      read += n;
    }
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(
      buffer.subarray(0, read),
    );
  } finally {
    closeSync(fd);
  }
}

/** The grants files of a tree on disk. */
export function readGrantsFiles(root: string, match: (path: string) => boolean): SourceFile[] {
  return listFiles(root, match).map((path) => ({ path, text: readCapped(join(root, path)) }));
}
