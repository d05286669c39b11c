// The gate's writes to GitHub, each idempotent: a write happens only where something changes.
import type { GitHub, Repo } from './client.js';

export type StatusState = 'success' | 'pending' | 'failure' | 'error';

/** Sets the commit status of `sha` under `context`. */
export async function setStatus(gh: GitHub, repo: Repo, sha: string, context: string, state: StatusState, description: string, targetUrl: string | undefined): Promise<void> {
  await gh.rest.repos.createCommitStatus({ ...repo, sha, context, state, description, ...(targetUrl ? { target_url: targetUrl } : {}) });
}

/** Creates the comment holding `marker`, or updates it in place when its body differs; returns what it did. */
export async function upsertComment(gh: GitHub, repo: Repo, issue: number, marker: string, body: string): Promise<'created' | 'updated' | 'unchanged'> {
  const full = `${marker}\n${body}`;
  const comments = await gh.paginate(gh.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  const mine = comments.find((c) => c.body?.startsWith(marker));
  if (!mine) {
    await gh.rest.issues.createComment({ ...repo, issue_number: issue, body: full });
    return 'created';
  }
  if (mine.body === full) return 'unchanged';
  await gh.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: full });
  return 'updated';
}

/** Makes the labels among `managed` on the issue exactly `wanted`, given the labels it has now. */
export async function syncLabels(gh: GitHub, repo: Repo, issue: number, current: readonly string[], managed: readonly string[], wanted: readonly string[]): Promise<void> {
  const have = new Set(current);
  const add = wanted.filter((l) => !have.has(l));
  if (add.length) await gh.rest.issues.addLabels({ ...repo, issue_number: issue, labels: add });
  for (const label of current) {
    if (managed.includes(label) && !wanted.includes(label)) await gh.rest.issues.removeLabel({ ...repo, issue_number: issue, name: label });
  }
}

/** Requests reviews from the people and team slugs given (the caller leaves out those already asked). */
export async function requestReviews(gh: GitHub, repo: Repo, pull: number, reviewers: readonly string[], teams: readonly string[]): Promise<void> {
  if (reviewers.length === 0 && teams.length === 0) return;
  await gh.rest.pulls.requestReviewers({ ...repo, pull_number: pull, reviewers: [...reviewers], team_reviewers: [...teams] });
}
