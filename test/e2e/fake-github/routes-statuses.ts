import { paginate } from './pagination.js';
import { ok, unprocessable } from './reply.js';
import { bodyOf, param, type RouteContext, type RouteTable } from './route-context.js';
import { repoJson, repoUrl, statusJson } from './shapes.js';
import { isoNow, type StatusRecord } from './state.js';

const MAX_DESCRIPTION = 140;

function commitOf(ctx: RouteContext, ref: string): string {
  const sha = ctx.state.git.resolveCommit(ref);
  if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

/** The newest status of each context, newest first. */
function latestPerContext(statuses: StatusRecord[]): StatusRecord[] {
  const seen = new Set<string>();
  return statuses.filter((s) => {
    const key = s.context.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function combinedState(latest: StatusRecord[]): string {
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

/** Commit statuses and the combined status. */
export const statusRoutes: RouteTable = {
  'POST /repos/{owner}/{repo}/statuses/{sha}': (ctx) => {
    const sha = param(ctx, 'sha');
    if (!ctx.state.git.commits.has(sha)) throw unprocessable(`No commit found for SHA: ${sha}`);
    const body = bodyOf<{
      state: StatusRecord['state'];
      context: string;
      description: string | null;
      target_url: string | null;
    }>(ctx);
    if ((body.description ?? '').length > MAX_DESCRIPTION) {
      throw unprocessable(`description is too long (maximum is ${MAX_DESCRIPTION} characters)`, {
        resource: 'Status',
        field: 'description',
      });
    }
    const status: StatusRecord = {
      id: ctx.state.nextId(),
      sha,
      state: body.state ?? 'pending',
      context: body.context ?? 'default',
      description: body.description ?? null,
      targetUrl: body.target_url ?? null,
      creator: ctx.state.actor,
      createdAt: isoNow(),
    };
    ctx.state.statuses.push(status);
    return ok(statusJson(ctx, status), 201);
  },

  'GET /repos/{owner}/{repo}/commits/{ref}/statuses': (ctx) => {
    const sha = commitOf(ctx, param(ctx, 'ref'));
    return paginate(
      ctx,
      ctx.state.statusesOf(sha).map((s) => statusJson(ctx, s)),
    );
  },

  'GET /repos/{owner}/{repo}/commits/{ref}/status': (ctx) => {
    const sha = commitOf(ctx, param(ctx, 'ref'));
    const latest = latestPerContext(ctx.state.statusesOf(sha));
    return ok({
      state: combinedState(latest),
      statuses: latest.map((s) => statusJson(ctx, s)),
      sha,
      total_count: latest.length,
      repository: repoJson(ctx),
      commit_url: `${repoUrl(ctx)}/commits/${sha}`,
      url: `${repoUrl(ctx)}/commits/${sha}/status`,
    });
  },
};
