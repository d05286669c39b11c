import { isFileMode, type FileMap } from './git-store.js';
import { notFound, ok, unprocessable } from './reply.js';
import { bodyOf, param, type RouteContext, type RouteTable } from './route-context.js';
import { gitCommitJson, repoUrl, wrappedBase64 } from './shapes.js';
import { isoNow } from './state.js';

interface TreeItem {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string | null;
  content: string;
}

interface PersonInput {
  name: string;
  email: string;
  date: string;
}

function treeJson(ctx: RouteContext, treeSha: string, recursive: boolean) {
  const { git } = ctx.state;
  const walk = (sha: string, prefix: string): Record<string, unknown>[] =>
    (git.trees.get(sha) ?? []).flatMap((entry) => {
      const path = prefix + entry.name;
      const kind = entry.type === 'tree' ? 'trees' : 'blobs';
      const item = {
        path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(entry.type === 'blob' ? { size: git.blobs.get(entry.sha)?.length ?? 0 } : {}),
        url: `${repoUrl(ctx)}/git/${kind}/${entry.sha}`,
      };
      // `git ls-tree -r -t` order: a directory, then what it holds.
      return recursive && entry.type === 'tree' ? [item, ...walk(entry.sha, `${path}/`)] : [item];
    });
  return {
    sha: treeSha,
    url: `${repoUrl(ctx)}/git/trees/${treeSha}`,
    tree: walk(treeSha, ''),
    truncated: false,
  };
}

function refJson(ctx: RouteContext, ref: string, sha: string) {
  return {
    ref: `refs/${ref}`,
    node_id: Buffer.from(`Ref:${ref}`).toString('base64'),
    url: `${repoUrl(ctx)}/git/refs/${ref}`,
    object: { sha, type: 'commit', url: `${repoUrl(ctx)}/git/commits/${sha}` },
  };
}

function applyTreeItem(ctx: RouteContext, files: FileMap, item: Partial<TreeItem>): void {
  const { git } = ctx.state;
  const path = item.path ?? '';
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw unprocessable(`tree.path contains a malformed path component: ${JSON.stringify(path)}`);
  }
  if (item.content !== undefined && item.sha !== undefined && item.sha !== null) {
    throw unprocessable('Must supply either tree.sha or tree.content, not both');
  }
  if (item.sha === null) {
    for (const existing of [...files.keys()]) {
      if (existing === path || existing.startsWith(`${path}/`)) files.delete(existing);
    }
    return;
  }
  if (item.type === 'tree') {
    if (!item.sha || !git.trees.has(item.sha)) {
      throw unprocessable(`tree.sha ${item.sha} is not a valid tree`);
    }
    for (const [sub, file] of git.flatten(item.sha)) files.set(`${path}/${sub}`, file);
    return;
  }
  const mode = item.mode ?? '100644';
  if (item.type === 'commit' || !isFileMode(mode)) {
    throw unprocessable(
      `tree.mode ${mode} / type ${item.type} is not supported by the fake GitHub`,
    );
  }
  const sha = item.content !== undefined ? git.putBlob(Buffer.from(item.content)) : item.sha;
  if (!sha || !git.blobs.has(sha)) throw unprocessable(`tree.sha ${sha} is not a valid blob`);
  files.set(path, { sha, mode });
}

/** The login GitHub links to a commit identity: the actor when absent, else a noreply address's owner. */
function linkedLogin(
  ctx: RouteContext,
  person: Partial<PersonInput> | undefined,
): string | undefined {
  if (!person) return ctx.state.actor;
  return /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(person.email ?? '')?.[1];
}

/** Blobs, trees, commits and refs of the git data API. */
export const gitRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}': (ctx) => {
    const sha = param(ctx, 'file_sha');
    const content = ctx.state.git.blobs.get(sha);
    if (!content) throw notFound();
    return ok({
      sha,
      node_id: Buffer.from(`Blob:${sha}`).toString('base64'),
      size: content.length,
      url: `${repoUrl(ctx)}/git/blobs/${sha}`,
      content: wrappedBase64(content),
      encoding: 'base64',
    });
  },

  'POST /repos/{owner}/{repo}/git/blobs': (ctx) => {
    const body = bodyOf<{ content: string; encoding: string }>(ctx);
    const encoding = body.encoding ?? 'utf-8';
    if (encoding !== 'utf-8' && encoding !== 'base64') {
      throw unprocessable(`encoding must be utf-8 or base64, got ${encoding}`);
    }
    const sha = ctx.state.git.putBlob(
      Buffer.from(body.content ?? '', encoding === 'base64' ? 'base64' : 'utf8'),
    );
    return ok({ url: `${repoUrl(ctx)}/git/blobs/${sha}`, sha }, 201);
  },

  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': (ctx) => {
    const { git } = ctx.state;
    const wanted = param(ctx, 'tree_sha');
    const commit = git.commits.get(git.resolveCommit(wanted) ?? '');
    const sha = git.trees.has(wanted) ? wanted : commit?.tree;
    if (!sha) throw notFound();
    // GitHub recurses for any value of `recursive`, even "0" or "false"; only its absence means flat.
    return ok(treeJson(ctx, sha, ctx.query.recursive !== undefined));
  },

  'POST /repos/{owner}/{repo}/git/trees': (ctx) => {
    const { git } = ctx.state;
    const body = bodyOf<{ tree: Partial<TreeItem>[]; base_tree: string }>(ctx);
    if (body.base_tree !== undefined && !git.trees.has(body.base_tree)) {
      throw unprocessable(`base_tree ${body.base_tree} is not a valid tree`);
    }
    const files: FileMap = body.base_tree ? git.flatten(body.base_tree) : new Map();
    for (const item of body.tree ?? []) applyTreeItem(ctx, files, item);
    return ok(treeJson(ctx, git.putTree(files), false), 201);
  },

  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': (ctx) => {
    const commit = ctx.state.git.commits.get(param(ctx, 'commit_sha'));
    if (!commit) throw notFound();
    return ok(gitCommitJson(ctx, commit));
  },

  'POST /repos/{owner}/{repo}/git/commits': (ctx) => {
    const { git, actor } = ctx.state;
    const body = bodyOf<{
      message: string;
      tree: string;
      parents: string[];
      author: Partial<PersonInput>;
      committer: Partial<PersonInput>;
    }>(ctx);
    if (!git.trees.has(body.tree ?? '')) throw unprocessable('Tree SHA does not exist');
    const parents = body.parents ?? [];
    if (parents.some((p) => !git.commits.has(p))) {
      throw unprocessable('Parent SHA does not exist or is not a commit object');
    }
    const date = isoNow();
    const self = {
      name: actor,
      email: `${ctx.state.user(actor).id}+${actor}@users.noreply.github.com`,
      date,
    };
    const person = (p: Partial<PersonInput> | undefined) => ({ ...self, ...p });
    const commit = git.putCommit({
      tree: body.tree ?? '',
      parents,
      message: body.message ?? '',
      author: person(body.author),
      committer: person(body.committer ?? body.author),
      authorLogin: linkedLogin(ctx, body.author),
      committerLogin: linkedLogin(ctx, body.committer ?? body.author),
    });
    return ok(gitCommitJson(ctx, commit), 201);
  },

  'GET /repos/{owner}/{repo}/git/ref/{ref}': (ctx) => {
    const ref = param(ctx, 'ref');
    const sha = ctx.state.git.refs.get(ref);
    if (!sha) throw notFound();
    return ok(refJson(ctx, ref, sha));
  },

  'POST /repos/{owner}/{repo}/git/refs': (ctx) => {
    const { state } = ctx;
    const body = bodyOf<{ ref: string; sha: string }>(ctx);
    const full = body.ref ?? '';
    if (!/^refs\/[^/]+\/.+/.test(full)) {
      throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
    }
    const ref = full.slice('refs/'.length);
    if (state.git.refs.has(ref)) throw unprocessable('Reference already exists');
    if (!state.git.commits.has(body.sha ?? '')) throw unprocessable('Object does not exist');
    state.setRef(ref, body.sha ?? '');
    return ok(refJson(ctx, ref, body.sha ?? ''), 201);
  },

  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': (ctx) => {
    const { state } = ctx;
    const ref = param(ctx, 'ref');
    const body = bodyOf<{ sha: string; force: boolean }>(ctx);
    const current = state.git.refs.get(ref);
    if (!current) throw unprocessable('Reference does not exist');
    const sha = body.sha ?? '';
    if (!state.git.commits.has(sha)) throw unprocessable('Object does not exist');
    if (!body.force && !state.git.isAncestor(current, sha)) {
      throw unprocessable('Update is not a fast forward');
    }
    state.setRef(ref, sha);
    return ok(refJson(ctx, ref, sha));
  },

  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': (ctx) => {
    const ref = param(ctx, 'ref');
    if (!ctx.state.git.refs.has(ref)) throw unprocessable('Reference does not exist');
    ctx.state.deleteRef(ref);
    return { status: 204 };
  },
};
