// Reads file contents at a commit as data, never checking out or running anything.
import { MAX_FILE_BYTES } from '../core/yaml-tree.js';
import { httpStatus, type GitHub, type Repo } from './client.js';

/** Text of a blob; larger than the parse limit gives text the core will call too large, without decoding it all. */
export async function readBlob(gh: GitHub, repo: Repo, sha: string): Promise<string> {
  const { data } = await gh.rest.git.getBlob({ ...repo, file_sha: sha });
  if ((data.size ?? 0) > MAX_FILE_BYTES) return ' '.repeat(MAX_FILE_BYTES + 1);
  const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** Text of `path` at `ref`, or undefined when it does not exist there. */
export async function readFileAt(
  gh: GitHub,
  repo: Repo,
  path: string,
  ref: string,
): Promise<string | undefined> {
  try {
    const { data } = await gh.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== 'file')
      throw new Error(`${path} at ${ref} is not a file`);
    if (data.size > MAX_FILE_BYTES) return ' '.repeat(MAX_FILE_BYTES + 1);
    if (!('content' in data) || (data.content === '' && data.size > 0))
      return readBlob(gh, repo, data.sha);
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(
      Buffer.from(data.content, 'base64'),
    );
  } catch (e) {
    if (httpStatus(e) === 404) return undefined;
    throw e;
  }
}

/** Paths and blob SHAs of the files of a commit that `match` accepts. */
export async function listFilesAt(
  gh: GitHub,
  repo: Repo,
  commit: string,
  match: (path: string) => boolean,
): Promise<Array<{ path: string; sha: string }>> {
  const { data } = await gh.rest.git.getTree({ ...repo, tree_sha: commit, recursive: 'true' });
  if (data.truncated)
    throw new Error(
      `the tree of ${commit} is too large for GitHub to list; check the base out in the workspace instead`,
    );
  return data.tree
    .filter((e) => e.type === 'blob' && e.path && match(e.path))
    .map((e) => ({ path: e.path!, sha: e.sha! }));
}
