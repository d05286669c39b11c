// A real git work tree at a commit of the fake GitHub, standing for the runner's workspace after
// `actions/checkout` with `fetch-depth: 1`: one commit, its trees and blobs, HEAD detached on it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { FakeGitHubState } from './fake-github/index.js';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Checks out commit `sha` of the fake in a new temporary directory and returns the directory. */
export function checkoutWorkspace(state: FakeGitHubState, sha: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-workspace-'));
  git(dir, ['init', '-q']);
  // Loose objects written directly: the fake's object ids are git's, so git reads them as its own.
  for (const [id, object] of state.git.snapshot(sha)) {
    const folder = join(dir, '.git', 'objects', id.slice(0, 2));
    mkdirSync(folder, { recursive: true });
    const stored = Buffer.concat([
      Buffer.from(`${object.type} ${object.body.length}\0`),
      object.body,
    ]);
    writeFileSync(join(folder, id.slice(2)), deflateSync(stored));
  }
  // The parents are missing, as in a shallow clone; git needs to be told so.
  writeFileSync(join(dir, '.git', 'shallow'), `${sha}\n`);
  writeFileSync(join(dir, '.git', 'HEAD'), `${sha}\n`);
  git(dir, ['reset', '-q', '--hard', 'HEAD']);
  const checkedOut = git(dir, ['rev-parse', 'HEAD']);
  if (checkedOut !== sha) throw new Error(`workspace holds ${checkedOut}, not ${sha}`);
  return dir;
}
