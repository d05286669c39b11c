import { notFound, type Reply } from './reply.js';
import type { View } from './shapes.js';
import type { IssueRecord, PullRecord } from './state.js';

/** A request as a handler sees it: decoded path parameters, query, parsed JSON body. */
export interface RouteContext extends View {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
  /** Request path without the query string, as received. */
  path: string;
}

/** Answers one operation; throws `GitHubError` for GitHub's error responses. */
export type Handler = (ctx: RouteContext) => Reply;

/** Handlers keyed by operation, e.g. `GET /repos/{owner}/{repo}/pulls/{pull_number}`. */
export type RouteTable = Record<string, Handler>;

/** A path parameter the operation's template guarantees. */
export function param(ctx: RouteContext, name: string): string {
  return ctx.params[name] ?? '';
}

/** The issue (or pull request) named by `{issue_number}` or `{pull_number}`, else 404. */
export function issueParam(ctx: RouteContext): IssueRecord {
  const number = Number(ctx.params.issue_number ?? ctx.params.pull_number);
  const issue = ctx.state.issues.get(number);
  if (!issue) throw notFound();
  return issue;
}

/** The pull request named by `{pull_number}`; an issue number is a 404 as on GitHub. */
export function pullParam(ctx: RouteContext): IssueRecord & { pull: PullRecord } {
  const issue = issueParam(ctx);
  if (!issue.pull) throw notFound();
  return issue as IssueRecord & { pull: PullRecord };
}

/** The request body as the handler's expected shape; OpenAPI validation already ran. */
export function bodyOf<T>(ctx: RouteContext): Partial<T> {
  return (ctx.body ?? {}) as Partial<T>;
}

/** GitHub's listing order for issues and pulls: `sort` created|updated, `direction` desc by default. */
export function issueOrder(
  sort: string | undefined,
  direction: string | undefined,
): (a: IssueRecord, b: IssueRecord) => number {
  const key = (i: IssueRecord) => (sort === 'updated' ? i.updatedAt : i.createdAt);
  const sign = direction === 'asc' ? 1 : -1;
  // Timestamps have one-second resolution; the number breaks ties in creation order.
  return (a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number);
}
