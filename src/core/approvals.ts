// Turns reviews into approvals: who may approve a grant, whose approval counts, who blocks it.
import type { PullCommit, Review, TeamDirectory } from './pull-request.js';
import { isTeam, normalizeLogin, teamKey } from './text-rules.js';

/** A person's current review state on the pull request. */
export interface ReviewState {
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED';
  commitId: string | undefined;
  reviewId: number | undefined;
  submittedAt: string | undefined;
}

/** The latest deciding review per person (bots ignored, dismissals clear), keyed by lower-case login. */
export function currentReviewStates(reviews: readonly Review[]): Map<string, ReviewState> {
  const ordered = reviews
    .map((review, order) => ({ review, order, time: Date.parse(review.submitted_at ?? '') }))
    // Reviews without a time keep their list order, which GitHub gives oldest first.
    .sort((a, b) =>
      Number.isNaN(a.time) || Number.isNaN(b.time)
        ? a.order - b.order
        : a.time - b.time || a.order - b.order,
    );
  const states = new Map<string, ReviewState>();
  for (const { review } of ordered) {
    const user = review.user;
    if (!user || isBot(user)) continue;
    const key = normalizeLogin(user.login);
    if (review.state === 'DISMISSED') states.delete(key);
    else if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED') {
      states.set(key, {
        login: user.login,
        state: review.state,
        commitId: review.commit_id ?? undefined,
        reviewId: review.id,
        submittedAt: review.submitted_at ?? undefined,
      });
    }
  }
  return states;
}

function isBot(user: { login: string; type?: string | undefined }): boolean {
  return user.type === 'Bot' || user.login.toLowerCase().endsWith('[bot]');
}

/** Lower-case logins that may never approve this pull request's grants: its author and commit authors. */
export function pullRequestExclusions(
  author: string | undefined,
  commits: readonly PullCommit[] | undefined,
): Set<string> {
  const out = new Set<string>(author === undefined ? [] : [normalizeLogin(author)]);
  for (const c of commits ?? []) {
    if (c.author?.login) out.add(normalizeLogin(c.author.login));
    if (c.committer?.login) out.add(normalizeLogin(c.committer.login));
  }
  return out;
}

export interface Eligibility {
  /** approver entries as written, without excluded individual logins (deduplicated) */
  approvers: string[];
  /** lower-case logins confirmed eligible */
  people: Set<string>;
  /** teams among the approvers whose members are unknown */
  unknownTeams: string[];
}

/** Expands approver entries into eligible people, removing everyone in `excluded`. */
export function eligibility(
  entries: readonly string[],
  excluded: ReadonlySet<string>,
  teams: TeamDirectory,
): Eligibility {
  const approvers: string[] = [];
  const seen = new Set<string>();
  const people = new Set<string>();
  const unknownTeams: string[] = [];
  for (const entry of entries) {
    const key = normalizeLogin(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    if (isTeam(entry)) {
      approvers.push(entry);
      const members = teams.get(teamKey(entry));
      if (members === undefined) unknownTeams.push(entry);
      // A bot account in a team can never approve (its reviews never count), so it is nobody.
      for (const m of members ?? []) {
        if (!excluded.has(normalizeLogin(m)) && !m.toLowerCase().endsWith('[bot]'))
          people.add(normalizeLogin(m));
      }
    } else if (!excluded.has(key)) {
      approvers.push(entry);
      people.add(key);
    }
  }
  return { approvers, people, unknownTeams };
}

export interface ApprovalTally {
  /** states of eligible people who approved the head commit, in the order they approved */
  approvedBy: ReviewState[];
  /** eligible people whose current state is changes requested */
  changesRequestedBy: ReviewState[];
}

/** Counts approvals of the head commit and change requests among the eligible people. */
export function tally(
  states: ReadonlyMap<string, ReviewState>,
  people: ReadonlySet<string>,
  headSha: string | undefined,
): ApprovalTally {
  const approvedBy: ReviewState[] = [];
  const changesRequestedBy: ReviewState[] = [];
  for (const [key, s] of states) {
    if (!people.has(key)) continue;
    if (s.state === 'CHANGES_REQUESTED') changesRequestedBy.push(s);
    else if (headSha !== undefined && s.commitId?.toLowerCase() === headSha.toLowerCase())
      approvedBy.push(s);
  }
  approvedBy.sort((a, b) => Date.parse(a.submittedAt ?? '') - Date.parse(b.submittedAt ?? '') || 0);
  return { approvedBy, changesRequestedBy };
}
