import { paginate } from './pagination.js';
import { notFound, ok } from './reply.js';
import {
  bodyOf,
  issueOrder,
  issueParam,
  param,
  type RouteContext,
  type RouteTable,
} from './route-context.js';
import { commentJson, issueJson, labelJson } from './shapes.js';
import { isoNow, type IssueRecord } from './state.js';

type LabelInput = string | { name: string };

function labelNames(input: LabelInput[] | undefined): string[] {
  return (input ?? []).map((l) => (typeof l === 'string' ? l : l.name));
}

function issueLabels(ctx: RouteContext, issue: IssueRecord) {
  return ok(issue.labels.map((name) => labelJson(ctx, name)));
}

function hasLabels(issue: IssueRecord, wanted: string | undefined): boolean {
  if (!wanted) return true;
  const present = new Set(issue.labels.map((l) => l.toLowerCase()));
  return wanted.split(',').every((l) => present.has(l.trim().toLowerCase()));
}

/** Issues, issue comments and labels; pull requests take part through their issue. */
export const issueRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/issues': (ctx) => {
    const { state = 'open', labels, creator, since, sort, direction } = ctx.query;
    const issues = [...ctx.state.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => hasLabels(i, labels))
      .filter((i) => creator === undefined || i.user.toLowerCase() === creator.toLowerCase())
      .filter((i) => since === undefined || i.updatedAt >= since)
      .sort(issueOrder(sort, direction));
    return paginate(
      ctx,
      issues.map((i) => issueJson(ctx, i)),
    );
  },

  'POST /repos/{owner}/{repo}/issues': (ctx) => {
    const body = bodyOf<{
      title: string | number;
      body: string;
      labels: LabelInput[];
      assignees: string[];
    }>(ctx);
    const number = ctx.state.openIssue({
      title: String(body.title),
      ...(body.body === undefined ? {} : { body: body.body }),
      labels: labelNames(body.labels),
      ...(body.assignees === undefined ? {} : { assignees: body.assignees }),
    });
    return ok(issueJson(ctx, ctx.state.issue(number)), 201);
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}': (ctx) => ok(issueJson(ctx, issueParam(ctx))),

  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': (ctx) => {
    const issue = issueParam(ctx);
    const body = bodyOf<{
      title: string | number;
      body: string | null;
      state: 'open' | 'closed';
      state_reason: string | null;
      labels: LabelInput[];
      assignees: string[];
    }>(ctx);
    if (body.title !== undefined) issue.title = String(body.title);
    if (body.body !== undefined) issue.body = body.body;
    if (body.assignees !== undefined) issue.assignees = body.assignees;
    if (body.labels !== undefined) {
      issue.labels = [];
      ctx.state.addLabels(issue.number, labelNames(body.labels));
    }
    if (body.state === 'closed' && issue.state === 'open') {
      ctx.state.close(issue, body.state_reason ?? (issue.pull ? null : 'completed'));
    } else if (body.state === 'open' && issue.state === 'closed') {
      Object.assign(issue, {
        state: 'open',
        closedAt: null,
        stateReason: issue.pull ? null : 'reopened',
      });
    }
    issue.updatedAt = isoNow();
    return ok(issueJson(ctx, issue));
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (ctx) => {
    const issue = issueParam(ctx);
    const since = ctx.query.since;
    const comments = ctx.state
      .commentsOf(issue.number)
      .filter((c) => since === undefined || c.updatedAt >= since);
    return paginate(
      ctx,
      comments.map((c) => commentJson(ctx, c)),
    );
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (ctx) => {
    const issue = issueParam(ctx);
    const body = bodyOf<{ body: string }>(ctx);
    const comment = ctx.state.addComment(issue.number, {
      user: ctx.state.actor,
      body: body.body ?? '',
    });
    return ok(commentJson(ctx, comment), 201);
  },

  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (ctx) => {
    const comment = ctx.state.comments.get(Number(param(ctx, 'comment_id')));
    if (!comment) throw notFound();
    comment.body = bodyOf<{ body: string }>(ctx).body ?? '';
    comment.updatedAt = isoNow();
    return ok(commentJson(ctx, comment));
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': (ctx) => {
    const issue = issueParam(ctx);
    ctx.state.addLabels(issue.number, labelNames(bodyOf<{ labels: LabelInput[] }>(ctx).labels));
    return issueLabels(ctx, issue);
  },

  'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels': (ctx) => {
    const issue = issueParam(ctx);
    issue.labels = [];
    ctx.state.addLabels(issue.number, labelNames(bodyOf<{ labels: LabelInput[] }>(ctx).labels));
    return issueLabels(ctx, issue);
  },

  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': (ctx) => {
    const issue = issueParam(ctx);
    const name = param(ctx, 'name').toLowerCase();
    if (!issue.labels.some((l) => l.toLowerCase() === name)) throw notFound('Label does not exist');
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
    issue.updatedAt = isoNow();
    return issueLabels(ctx, issue);
  },
};
