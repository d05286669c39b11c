// Post-approval review of break-glass grants: who reviews (the owners the emergency path
// bypassed) and when it is due.
import type { GrantRecord } from './grants-file.js';
import type { Policy, Rule } from './policy.js';

export interface EmergencyReview {
  record: GrantRecord;
  /** the rule that governs the resource, whose owners review */
  rule: Rule | undefined;
  reviewers: string[];
  /** how long after approval the review is due (ms) */
  dueAfter: number;
}

/** The post-approval review owed for each emergency grant among `grants`. */
export function emergencyReviews(policy: Policy, grants: readonly GrantRecord[]): EmergencyReview[] {
  return grants
    .filter((g) => g.grant?.emergency !== undefined)
    .map((record) => {
      const index = policy.index.lastMatch(record.grant!.resource);
      const rule = index < 0 ? undefined : policy.rules[index];
      return { record, rule, reviewers: rule?.owners ?? [], dueAfter: policy.emergency?.postReview ?? 72 * 3_600_000 };
    });
}
