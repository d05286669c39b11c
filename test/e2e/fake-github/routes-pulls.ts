import { diffFiles, type FileChange } from './diff.js';
import { paginate } from './pagination.js';
import { ok, unprocessable } from './reply.js';
import {
  bodyOf,
  issueOrder,
  pullParam,
  type RouteContext,
  type RouteTable,
} from './route-context.js';
import {
  commitJson,
  pullJson,
  repoUrl,
  requestedTeamsJson,
  reviewJson,
  userJson,
  WEB,
} from './shapes.js';
import { isoNow, type IssueRecord, type PullRecord } from './state.js';

// GitHub's documented caps for these two listings.
const MAX_PULL_FILES = 3000;
const MAX_PULL_COMMITS = 250;

type Pull = IssueRecord & { pull: PullRecord };

function matchesHead(pull: PullRecord, head: string | undefined): boolean {
  // GitHub silently ignores a `head` filter without the `owner:` prefix.
  if (!head?.includes(':')) return true;
  const [owner = '', branch] = head.split(':', 2);
  const headOwner = pull.headRepo.split('/')[0] ?? '';
  return headOwner.toLowerCase() === owner.toLowerCase() && pull.headRef === branch;
}

function requireTeams(ctx: RouteContext, slugs: string[]): void {
  const missing = slugs.filter((slug) => !ctx.state.team(ctx.state.owner, slug));
  if (missing.length > 0) {
    throw unprocessable(
      `Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the ${ctx.state.fullName} repository.`,
    );
  }
}

function withoutCase(list: string[], remove: string[]): string[] {
  const lower = new Set(remove.map((x) => x.toLowerCase()));
  return list.filter((x) => !lower.has(x.toLowerCase()));
}

function fileJson(ctx: RouteContext, file: FileChange, headSha: string) {
  const name = encodeURI(file.filename);
  return {
    sha: file.headSha ?? null,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${WEB}/${ctx.state.fullName}/blob/${headSha}/${name}`,
    raw_url: `${WEB}/${ctx.state.fullName}/raw/${headSha}/${name}`,
    contents_url: `${repoUrl(ctx)}/contents/${name}?ref=${headSha}`,
    ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
  };
}

/** Pull requests, their files, reviews, commits and review requests. */
export const pullRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/pulls': (ctx) => {
    const { state = 'open', head, base, sort, direction } = ctx.query;
    const pulls = [...ctx.state.issues.values()]
      .filter((i): i is Pull => i.pull !== undefined)
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => matchesHead(i.pull, head))
      .filter((i) => base === undefined || i.pull.baseRef === base)
      .sort(issueOrder(sort, direction));
    return paginate(
      ctx,
      pulls.map((i) => pullJson(ctx, i, false)),
    );
  },

  'POST /repos/{owner}/{repo}/pulls': (ctx) => {
    const body = bodyOf<{
      title: string;
      body: string;
      head: string;
      base: string;
      draft: boolean;
    }>(ctx);
    const number = ctx.state.createPull({
      title: body.title,
      head: body.head ?? '',
      base: body.base ?? '',
      ...(body.body === undefined ? {} : { body: body.body }),
      ...(body.draft === undefined ? {} : { draft: body.draft }),
    });
    return ok(pullJson(ctx, ctx.state.pull(number), true), 201);
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => ok(pullJson(ctx, pullParam(ctx), true)),

  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => {
    const issue = pullParam(ctx);
    const body = bodyOf<{ title: string; body: string; state: 'open' | 'closed'; base: string }>(
      ctx,
    );
    if (body.base !== undefined) {
      const baseSha = ctx.state.branch(body.base);
      if (!baseSha) {
        throw unprocessable('base invalid', {
          resource: 'PullRequest',
          field: 'base',
          code: 'invalid',
        });
      }
      Object.assign(issue.pull, { baseRef: body.base, baseSha });
    }
    if (body.state === 'open' && issue.pull.merged) {
      throw unprocessable('Cannot reopen a merged pull request', {
        resource: 'PullRequest',
        field: 'state',
      });
    }
    if (body.title !== undefined) issue.title = body.title;
    if (body.body !== undefined) issue.body = body.body;
    if (body.state === 'closed' && issue.state === 'open') ctx.state.close(issue);
    if (body.state === 'open') {
      Object.assign(issue, { state: 'open', closedAt: null, stateReason: null });
    }
    issue.updatedAt = isoNow();
    return ok(pullJson(ctx, issue, true));
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': (ctx) => {
    const { pull } = pullParam(ctx);
    const { git } = ctx.state;
    // Three-dot diff, as GitHub shows it: from the merge base, not from the base tip.
    const from = git.mergeBase(pull.baseSha, pull.headSha) ?? pull.baseSha;
    const files = diffFiles(git.filesOf(from), git.filesOf(pull.headSha), (sha) =>
      ctx.state.blobText(sha),
    );
    return paginate(
      ctx,
      files.slice(0, MAX_PULL_FILES).map((f) => fileJson(ctx, f, pull.headSha)),
    );
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (ctx) => {
    const issue = pullParam(ctx);
    return paginate(
      ctx,
      issue.pull.reviews.map((r) => reviewJson(ctx, issue.number, r)),
    );
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits': (ctx) => {
    const { pull } = pullParam(ctx);
    const { git } = ctx.state;
    const shas = git.commitsBetween(pull.baseSha, pull.headSha).slice(0, MAX_PULL_COMMITS);
    return paginate(
      ctx,
      shas.flatMap((sha) => {
        const commit = git.commits.get(sha);
        return commit ? [commitJson(ctx, commit)] : [];
      }),
    );
  },

  'GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': (ctx) => {
    const { pull } = pullParam(ctx);
    return ok({
      users: pull.requestedReviewers.map((login) => userJson(ctx, login)),
      teams: requestedTeamsJson(ctx, pull),
    });
  },

  'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': (ctx) => {
    const issue = pullParam(ctx);
    const body = bodyOf<{ reviewers: string[]; team_reviewers: string[] }>(ctx);
    const reviewers = body.reviewers ?? [];
    const teams = body.team_reviewers ?? [];
    if (reviewers.some((login) => login.toLowerCase() === issue.user.toLowerCase())) {
      throw unprocessable('Review cannot be requested from pull request author.');
    }
    requireTeams(ctx, teams);
    const pull = issue.pull;
    pull.requestedReviewers = [...withoutCase(pull.requestedReviewers, reviewers), ...reviewers];
    pull.requestedTeams = [...withoutCase(pull.requestedTeams, teams), ...teams];
    return ok(pullJson(ctx, issue, false), 201);
  },

  'DELETE /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': (ctx) => {
    const issue = pullParam(ctx);
    const body = bodyOf<{ reviewers: string[]; team_reviewers: string[] }>(ctx);
    issue.pull.requestedReviewers = withoutCase(
      issue.pull.requestedReviewers,
      body.reviewers ?? [],
    );
    issue.pull.requestedTeams = withoutCase(issue.pull.requestedTeams, body.team_reviewers ?? []);
    return ok(pullJson(ctx, issue, false));
  },
};
