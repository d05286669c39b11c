// Reads another revision of the local repository through git, for `grant-gate check`.
import { execFileSync } from 'node:child_process';
import type { SourceFile } from '../core/pull-request.js';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The top of the work tree containing `cwd`. */
export function workTreeRoot(cwd: string): string {
  return git(cwd, ['rev-parse', '--show-toplevel']).trim();
}

/** The merge base of HEAD with the default branch (origin's HEAD, else main or master). */
export function defaultMergeBase(root: string): string {
  const candidates: string[] = [];
  try {
    candidates.push(git(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']).trim());
  } catch {
    // no remote HEAD recorded; fall back to the usual names
  }
  candidates.push(
    'refs/remotes/origin/main',
    'refs/remotes/origin/master',
    'refs/heads/main',
    'refs/heads/master',
  );
  for (const ref of candidates) {
    try {
      return git(root, ['merge-base', 'HEAD', ref]).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('cannot find the default branch; pass --base REF');
}

/** Files of `ref` whose paths `match` accepts. */
export function filesAtRef(
  root: string,
  ref: string,
  match: (path: string) => boolean,
): SourceFile[] {
  const paths = git(root, ['ls-tree', '-r', '--name-only', '-z', ref])
    .split('\0')
    .filter((p) => p && match(p));
  return paths.map((path) => ({ path, text: git(root, ['show', `${ref}:${path}`]) }));
}

/** One file of `ref`, or undefined when it does not exist there. */
export function fileAtRef(root: string, ref: string, path: string): string | undefined {
  try {
    return git(root, ['show', `${ref}:${path}`]);
  } catch {
    return undefined;
  }
}

/** The commit checked out in `dir`, or undefined when it is not a git work tree. */
export function checkedOutCommit(dir: string): string | undefined {
  try {
    return git(dir, ['rev-parse', 'HEAD']).trim();
  } catch {
    return undefined;
  }
}
