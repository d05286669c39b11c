import { notFound, ok } from './reply.js';
import { param, type RouteContext, type RouteTable } from './route-context.js';
import { commitJson, repoJson, repoUrl, WEB, wrappedBase64 } from './shapes.js';
import type { TreeEntry } from './git-store.js';

// Octokit's `mediaType: { format: 'raw' }` sends the v3 spelling; GitHub's docs use the short one.
const RAW_ACCEPT = /application\/vnd\.github(?:\.v3)?\.raw/;

function contentEntry(ctx: RouteContext, ref: string, path: string, entry: TreeEntry) {
  const { state } = ctx;
  const isFile = entry.type === 'blob';
  const self = `${repoUrl(ctx)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoUrl(ctx)}/git/${isFile ? 'blobs' : 'trees'}/${entry.sha}`;
  const html = `${WEB}/${state.fullName}/${isFile ? 'blob' : 'tree'}/${ref}/${path}`;
  return {
    type: isFile ? 'file' : 'dir',
    size: isFile ? (state.git.blobs.get(entry.sha)?.length ?? 0) : 0,
    name: entry.name,
    path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: isFile
      ? `https://raw.githubusercontent.com/${state.fullName}/${ref}/${path}`
      : null,
    _links: { self, git, html },
  };
}

/** Repository metadata, file contents and branches. */
export const repoRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}': (ctx) => ok(repoJson(ctx)),

  'GET /repos/{owner}/{repo}/contents/{path}': (ctx) => {
    const { git, defaultBranch } = ctx.state;
    const ref = ctx.query.ref || defaultBranch;
    const sha = git.resolveCommit(ref);
    if (!sha) throw notFound(`No commit found for the ref ${ref}`);
    const path = param(ctx, 'path').replace(/^\/+|\/+$/g, '');
    const entry = git.lookup(git.commits.get(sha)?.tree ?? '', path);
    if (!entry) throw notFound();
    if (entry.type === 'tree') {
      const children = git.trees.get(entry.sha) ?? [];
      const prefix = path ? `${path}/` : '';
      return ok(children.map((child) => contentEntry(ctx, ref, prefix + child.name, child)));
    }
    const content = git.blobs.get(entry.sha) ?? Buffer.alloc(0);
    if (RAW_ACCEPT.test(ctx.headers.accept ?? '')) {
      return {
        status: 200,
        body: content,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      };
    }
    return ok({
      ...contentEntry(ctx, ref, path, entry),
      content: wrappedBase64(content),
      encoding: 'base64',
    });
  },

  'GET /repos/{owner}/{repo}/branches/{branch}': (ctx) => {
    const { state } = ctx;
    const branch = param(ctx, 'branch');
    const sha = state.branch(branch);
    const commit = sha ? state.git.commits.get(sha) : undefined;
    if (!commit) throw notFound('Branch not found');
    return ok({
      name: branch,
      commit: commitJson(ctx, commit),
      _links: {
        self: `${repoUrl(ctx)}/branches/${branch}`,
        html: `${WEB}/${state.fullName}/tree/${branch}`,
      },
      protected: false,
      protection: {
        enabled: false,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
      },
      protection_url: `${repoUrl(ctx)}/branches/${branch}/protection`,
    });
  },
};
