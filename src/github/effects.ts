// The gate's writes to GitHub, each idempotent: a write happens only where something changes.
import { currentReviewStates } from '../core/approvals.js';
import type { Evaluation } from '../core/evaluate.js';
import type { Review } from '../core/pull-request.js';
import { isTeam, normalizeLogin } from '../core/text-rules.js';
import { httpStatus, type GitHub, type Repo } from './client.js';
import type { PullRequestInfo } from './pull-request-reader.js';

export type StatusState = 'success' | 'pending' | 'failure' | 'error';

/** Sets the commit status of `sha` under `context`. */
export async function setStatus(
  gh: GitHub,
  repo: Repo,
  sha: string,
  context: string,
  state: StatusState,
  description: string,
  targetUrl: string | undefined,
): Promise<void> {
  await gh.rest.repos.createCommitStatus({
    ...repo,
    sha,
    context,
    state,
    description,
    ...(targetUrl ? { target_url: targetUrl } : {}),
  });
}

/** Creates the comment holding `marker`, or updates it in place when its body differs; returns what it did. */
export async function upsertComment(
  gh: GitHub,
  repo: Repo,
  issue: number,
  marker: string,
  body: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  const full = `${marker}\n${body}`;
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    ...repo,
    issue_number: issue,
    per_page: 100,
  });
  // Only a bot's comment can be ours (GITHUB_TOKEN and App tokens act as bots): a person who
  // pastes the marker into their own comment must not get the gate to edit it.
  const mine = comments.find((c) => c.user?.type === 'Bot' && c.body?.startsWith(marker));
  if (!mine) {
    await gh.rest.issues.createComment({ ...repo, issue_number: issue, body: full });
    return 'created';
  }
  if (mine.body === full) return 'unchanged';
  await gh.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: full });
  return 'updated';
}

/** Makes the labels among `managed` on the issue exactly `wanted`, given the labels it has now. */
export async function syncLabels(
  gh: GitHub,
  repo: Repo,
  issue: number,
  current: readonly string[],
  managed: readonly string[],
  wanted: readonly string[],
): Promise<void> {
  const have = new Set(current);
  const add = wanted.filter((l) => !have.has(l));
  if (add.length) await gh.rest.issues.addLabels({ ...repo, issue_number: issue, labels: add });
  for (const label of current) {
    if (managed.includes(label) && !wanted.includes(label))
      await gh.rest.issues.removeLabel({ ...repo, issue_number: issue, name: label });
  }
}

/**
 * Requests reviews from exactly the people and teams who may approve a pending grant, leaving
 * out whoever is already asked or approved the head; `warn` hears of a request GitHub refused.
 */
export async function requestMissingReviews(
  gh: GitHub,
  repo: Repo,
  pr: PullRequestInfo,
  evaluation: Evaluation,
  reviews: readonly Review[],
  warn: (line: string) => void,
): Promise<void> {
  // A returned request goes back to its author: approvals given now would go stale with the fix.
  if (evaluation.decision === 'returned') return;
  const askedPeople = new Set(pr.requestedReviewers.map((x) => x.toLowerCase()));
  const askedTeams = new Set(pr.requestedTeams.map((x) => x.toLowerCase()));
  // Whoever approved the head has nothing left to review; an approval of an earlier commit no
  // longer counts, so its author is asked to look again.
  const head = pr.headSha.toLowerCase();
  const approvedHead = new Set(
    [...currentReviewStates(reviews)]
      .filter(([, s]) => s.state === 'APPROVED' && s.commitId?.toLowerCase() === head)
      .map(([login]) => login),
  );
  const people = new Set<string>();
  const teams = new Set<string>();
  for (const a of evaluation.grants
    .filter((g) => g.decision === 'pending')
    .flatMap((g) => g.approvers)) {
    if (isTeam(a)) {
      const [org, slug] = a.slice(1).split('/') as [string, string];
      // GitHub only takes review requests for teams of the repository's own organisation.
      const own = org.toLowerCase() === repo.owner.toLowerCase();
      if (own && !askedTeams.has(slug.toLowerCase())) teams.add(slug);
    } else {
      const login = normalizeLogin(a);
      if (!askedPeople.has(login) && !approvedHead.has(login)) people.add(a.replace(/^@/, ''));
    }
  }
  if (people.size === 0 && teams.size === 0) return;
  try {
    await gh.rest.pulls.requestReviewers({
      ...repo,
      pull_number: pr.number,
      reviewers: [...people],
      team_reviewers: [...teams],
    });
  } catch (e) {
    // GitHub refuses requests for people without access to the repository; the status still
    // says who must approve, so this is reported, not fatal.
    if (httpStatus(e) !== 422) throw e;
    warn(
      `could not request reviews from ${[...people, ...teams].join(', ')}: ${(e as Error).message}`,
    );
  }
}
