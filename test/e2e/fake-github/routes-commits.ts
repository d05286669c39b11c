import { paginate } from './pagination.js';
import { notFound } from './reply.js';
import { param, type RouteContext, type RouteTable } from './route-context.js';
import { commitJson, pullJson } from './shapes.js';
import type { IssueRecord, PullRecord } from './state.js';

type Pull = IssueRecord & { pull: PullRecord };

/** The blob or tree sha at `path` in a commit ('' when absent): equal keys mean the path did not change. */
function pathKey(ctx: RouteContext, commitSha: string, path: string): string {
  const { git } = ctx.state;
  return git.lookup(git.commits.get(commitSha)?.tree ?? '', path)?.sha ?? '';
}

/** `git log -- path` without history simplification: commits whose `path` differs from every parent's. */
function touches(ctx: RouteContext, sha: string, path: string): boolean {
  const parents = ctx.state.git.commits.get(sha)?.parents ?? [];
  const key = pathKey(ctx, sha, path);
  if (parents.length === 0) return key !== '';
  return parents.every((p) => pathKey(ctx, p, path) !== key);
}

function pullsOf(ctx: RouteContext): Pull[] {
  return [...ctx.state.issues.values()].filter((i): i is Pull => i.pull !== undefined);
}

function containsCommit(ctx: RouteContext, { pull }: Pull, sha: string): boolean {
  return (
    pull.mergeCommitSha === sha ||
    ctx.state.git.commitsBetween(pull.baseSha, pull.headSha).includes(sha)
  );
}

/** Commit listings: a branch's history (optionally for one path) and the pull requests of a commit. */
export const commitRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/commits': (ctx) => {
    const { state } = ctx;
    const { sha: from = state.defaultBranch, path, since, until } = ctx.query;
    // Filters the fake does not implement must not be silently ignored: that would answer wrongly.
    for (const name of ['author', 'committer']) {
      if (ctx.query[name] !== undefined)
        throw new Error(`the fake does not filter commits by ${name}`);
    }
    const start = state.git.resolveCommit(from);
    if (!start) throw notFound(`No commit found for SHA: ${from}`);
    const wanted = path?.replace(/^\/+|\/+$/g, '');
    const shas = state.git.ancestors(start).filter((sha) => {
      const date = state.git.commits.get(sha)?.committer.date ?? '';
      if (since !== undefined && date < since) return false;
      if (until !== undefined && date > until) return false;
      return !wanted || touches(ctx, sha, wanted);
    });
    return paginate(
      ctx,
      shas.map((sha) => commitJson(ctx, state.git.commits.get(sha)!)),
    );
  },

  'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls': (ctx) => {
    const { state } = ctx;
    const sha = state.git.resolveCommit(param(ctx, 'commit_sha'));
    if (!sha) throw notFound(`No commit found for SHA: ${param(ctx, 'commit_sha')}`);
    const tip = state.branch(state.defaultBranch) ?? '';
    // As documented: on the default branch, the merged pull request that brought the commit in;
    // elsewhere, the open and merged pull requests that hold it.
    const onDefault = state.git.isAncestor(sha, tip);
    const pulls = pullsOf(ctx)
      .filter((i) =>
        onDefault
          ? i.pull.merged && i.pull.baseRef === state.defaultBranch
          : i.state === 'open' || i.pull.merged,
      )
      .filter((i) => containsCommit(ctx, i, sha))
      .sort((a, b) => b.number - a.number);
    return paginate(
      ctx,
      pulls.map((i) => pullJson(ctx, i, false)),
    );
  },
};
