// Post-approval review of break-glass grants: who reviews (the owners the emergency path
// bypassed), which review approved the grant, and when the follow-up is due.
import { currentReviewStates } from './approvals.js';
import type { GrantRecord } from './grants-file.js';
import type { Policy, Rule } from './policy.js';
import type { Review } from './pull-request.js';

export interface EmergencyReview {
  record: GrantRecord;
  /** the rule that governs the resource, whose owners review */
  rule: Rule | undefined;
  reviewers: string[];
  /** how long after approval the review is due (ms) */
  dueAfter: number;
}

/** An APPROVED review that counted for the grant: on the pull request's final head. */
export interface ApprovingReview {
  reviewer: string;
  reviewId: number | undefined;
  commit: string;
  submittedAt: string | undefined;
}

/** The merged pull request that brought a grant in. */
export interface MergedPull {
  number: number;
  url: string;
  /** its final head commit, the one approvals count on */
  headSha: string;
  mergedAt: string | undefined;
}

/** How an emergency grant came to be approved, as far as it could be traced. */
export type ApprovalTrail =
  | { found: true; commit: string; pull: MergedPull; reviews: ApprovingReview[] }
  /** `missing` says in plain words why no approving review is named */
  | { found: false; pull: MergedPull | undefined; missing: string };

const DEFAULT_POST_REVIEW = 72 * 3_600_000;

/** The post-approval review owed for each emergency grant among `grants`. */
export function emergencyReviews(
  policy: Policy,
  grants: readonly GrantRecord[],
): EmergencyReview[] {
  return grants
    .filter((g) => g.grant?.emergency !== undefined)
    .map((record) => {
      const index = policy.index.lastMatch(record.grant!.resource);
      const rule = index < 0 ? undefined : policy.rules[index];
      return {
        record,
        rule,
        reviewers: rule?.owners ?? [],
        dueAfter: policy.emergency?.postReview ?? DEFAULT_POST_REVIEW,
      };
    });
}

/** The reviews that approved `headSha`: each person's standing APPROVED review on it (bots and dismissed reviews never count). */
export function approvingReviews(reviews: readonly Review[], headSha: string): ApprovingReview[] {
  return [...currentReviewStates(reviews).values()]
    .filter((s) => s.state === 'APPROVED' && s.commitId === headSha)
    .map((s) => ({
      reviewer: s.login,
      reviewId: s.reviewId,
      commit: headSha,
      submittedAt: s.submittedAt,
    }));
}

/** When the post-approval review is due: `dueAfter` from the merge that approved the grant, else from `now`. */
export function reviewDue(review: EmergencyReview, trail: ApprovalTrail, now: number): number {
  const merged = Date.parse(trail.pull?.mergedAt ?? '');
  return (Number.isNaN(merged) ? now : merged) + review.dueAfter;
}
