// Assembles the base and head trees the engine needs, reading as little as possible: the base
// from a checkout verified to be the base commit (free), else through the API; the head only
// for the grants files the pull request changes, as blobs (data, never checked out).
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { SourceFile } from '../core/pull-request.js';
import { checkedOutCommit } from '../fs/git.js';
import { readCapped, readGrantsFiles } from '../fs/tree.js';
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
export async function readBaseTree(gh: GitHub, repo: Repo, baseSha: string, workspace: string | undefined, policyPath: string, match: (p: string) => boolean, log: (line: string) => void): Promise<BaseTree> {
  const checkedOut = workspace ? checkedOutCommit(workspace) : undefined;
  if (workspace && checkedOut === baseSha) {
    const policyFile = join(workspace, policyPath);
    return {
      policyText: existsSync(policyFile) ? readCapped(policyFile) : undefined,
      grants: readGrantsFiles(workspace, match),
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

/** The head's grants files: the base's, with the files the pull request changes replaced by their head versions. */
export async function readHeadGrants(gh: GitHub, repo: Repo, base: readonly SourceFile[], changed: readonly ChangedFile[], match: (p: string) => boolean): Promise<SourceFile[]> {
  const files = new Map(base.map((f) => [f.path, f.text]));
  for (const f of changed) {
    if (f.previousFilename && f.previousFilename !== f.filename) files.delete(f.previousFilename);
    if (!match(f.filename)) continue;
    if (f.status === 'removed' || f.sha === undefined) files.delete(f.filename);
    else files.set(f.filename, await readBlob(gh, repo, f.sha));
  }
  return [...files].map(([path, text]) => ({ path, text })).sort((a, b) => (a.path < b.path ? -1 : 1));
}
