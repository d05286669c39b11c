// Assembles the base and head trees the engine needs, reading as little as possible: the base
// from the git objects of a checkout verified to be the base commit (free), else through the
// API; the head only for the grants files the pull request changes, as blobs (data, never
// checked out).
import { execFileSync } from 'node:child_process';
import type { SourceFile } from '../core/pull-request.js';
import { checkedOutCommit } from '../fs/git.js';
import type { GitHub, Repo } from '../github/client.js';
import { listFilesAt, readBlob, readFileAt } from '../github/contents.js';
import type { ChangedFile } from '../github/pull-request-reader.js';

export interface BaseTree {
  policyText: string | undefined;
  grants: SourceFile[];
  /** where it came from, for the log */
  source: 'workspace' | 'api';
}

/** The base side at `baseSha`: policy and every grants file. */
export async function readBaseTree(
  gh: GitHub,
  repo: Repo,
  baseSha: string,
  workspace: string | undefined,
  policyPath: string,
  match: (p: string) => boolean,
  log: (line: string) => void,
): Promise<BaseTree> {
  const checkedOut = workspace ? checkedOutCommit(workspace) : undefined;
  if (workspace && checkedOut === baseSha) {
    // The files come from the commit's objects, not the work tree: an earlier step that edited
    // or sparsely checked out files cannot change what the base says.
    const files = commitFiles(workspace, baseSha, (p) => p === policyPath || match(p));
    return {
      policyText: files.find((f) => f.path === policyPath)?.text,
      grants: files.filter((f) => f.path !== policyPath && match(f.path)),
      source: 'workspace',
    };
  }
  log(
    checkedOut
      ? `the workspace holds ${checkedOut}, not the base commit ${baseSha}: reading the base through the API instead (check out the base commit to save requests)`
      : `no checkout of the base commit ${baseSha} in the workspace: reading the base through the API`,
  );
  const entries = await listFilesAt(gh, repo, baseSha, match);
  const grants: SourceFile[] = [];
  for (const e of entries) grants.push({ path: e.path, text: await readBlob(gh, repo, e.sha) });
  return { policyText: await readFileAt(gh, repo, policyPath, baseSha), grants, source: 'api' };
}

const GIT_BUFFER = 256 * 1024 * 1024;

/** Files of commit `sha` in the repository at `dir` whose paths `wanted` accepts, read from its objects in one pass. */
function commitFiles(dir: string, sha: string, wanted: (path: string) => boolean): SourceFile[] {
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, {
      cwd: dir,
      input,
      maxBuffer: GIT_BUFFER,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  // Each entry: "<mode> <type> <object>\t<path>".
  const entries = git(['ls-tree', '-r', '--full-tree', '-z', sha])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, object] = line.slice(0, tab).split(' ');
      return { path: line.slice(tab + 1), type, object: object! };
    })
    .filter((e) => e.type === 'blob' && wanted(e.path));
  if (entries.length === 0) return [];
  // Each object comes back as "<object> blob <size>\n<content>\n", or "<object> missing\n".
  const out = git(['cat-file', '--batch'], `${entries.map((e) => e.object).join('\n')}\n`);
  let at = 0;
  return entries.map((e) => {
    const eol = out.indexOf(10, at);
    const size = Number(out.subarray(at, eol).toString('latin1').split(' ')[2]);
    if (!Number.isInteger(size))
      throw new Error(
        `the checkout of ${sha} in the workspace lacks ${e.path}; check out the base commit with its full tree`,
      );
    at = eol + 1 + size + 1;
    return {
      path: e.path,
      text: new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(
        out.subarray(eol + 1, eol + 1 + size),
      ),
    };
  });
}

/** The head's grants files: the base's, with the files the pull request changes replaced by their head versions. */
export async function readHeadGrants(
  gh: GitHub,
  repo: Repo,
  base: readonly SourceFile[],
  changed: readonly ChangedFile[],
  match: (p: string) => boolean,
): Promise<SourceFile[]> {
  const files = new Map(base.map((f) => [f.path, f.text]));
  for (const f of changed) {
    if (f.previousFilename && f.previousFilename !== f.filename) files.delete(f.previousFilename);
    if (!match(f.filename)) continue;
    if (f.status === 'removed' || f.sha === undefined) files.delete(f.filename);
    else files.set(f.filename, await readBlob(gh, repo, f.sha));
  }
  return [...files]
    .map(([path, text]) => ({ path, text }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}
