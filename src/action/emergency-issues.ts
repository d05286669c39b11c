// The post-approval review issues of the prune job: one per emergency grant on the default
// branch, found again by a hidden marker, naming the review that approved the grant.
import * as core from '@actions/core';
import { emergencyReviews, reviewDue } from '../core/emergency-review.js';
import { parseGrantsFile } from '../core/grants-file.js';
import { loadPolicy } from '../core/policy.js';
import type { SourceFile } from '../core/pull-request.js';
import { findApprovalTrail } from '../github/approval-trail.js';
import type { GitHub, Repo } from '../github/client.js';
import { createOnce } from '../github/create-once.js';
import { emergencyIssue, emergencyMarker } from '../report/prune-markdown.js';
import { GateError } from './gate.js';

export const EMERGENCY_REVIEW_LABEL = 'access:emergency-review';

export interface EmergencyRun {
  gh: GitHub;
  repo: Repo;
  policyFile: string;
  policyText: string;
  files: readonly SourceFile[];
  /** the default branch and its head commit */
  branch: string;
  head: string;
  now: number;
}

/** Opens the review issues still missing; returns one line per issue opened. */
export async function openEmergencyReviews(run: EmergencyRun): Promise<string[]> {
  const { gh, repo } = run;
  const loaded = loadPolicy(run.policyFile, run.policyText);
  if (!loaded.ok)
    throw new GateError(
      `the policy is invalid: ${run.policyFile}:${loaded.errors[0]!.line}: ${loaded.errors[0]!.message}`,
    );
  const grants = run.files.flatMap(
    (f) => parseGrantsFile(f.path, f.text, loaded.policy.accessLevels).grants,
  );
  const reviews = emergencyReviews(loaded.policy, grants).filter(
    (r) => r.record.expiresAt !== undefined,
  );
  if (reviews.length === 0) return [];
  const listed = () =>
    gh.paginate(gh.rest.issues.listForRepo, {
      ...repo,
      labels: EMERGENCY_REVIEW_LABEL,
      state: 'all',
      per_page: 100,
    });
  const existing = await listed();
  const opened: string[] = [];
  for (const review of reviews) {
    const marker = emergencyMarker(review.record);
    if (existing.some((i) => i.body?.includes(marker))) continue;
    // Only a grant without its issue is traced back to its approval: the search costs requests.
    const trail = await findApprovalTrail(gh, repo, review.record, run.head, run.branch);
    const { title, body } = emergencyIssue(
      review,
      trail,
      reviewDue(review, trail, run.now),
      run.policyFile,
    );
    const issue = await createOnce(
      async () =>
        (
          await gh.rest.issues.create({
            ...repo,
            title,
            body,
            labels: [EMERGENCY_REVIEW_LABEL],
            request: { retries: 0 },
          })
        ).data,
      async () => (await listed()).find((i) => i.body?.includes(marker)),
    );
    core.info(
      `opened post-approval review #${issue.number} for emergency grant ${review.record.id}`,
    );
    opened.push(
      `opened post-approval review #${issue.number} for emergency grant \`${review.record.id}\``,
    );
  }
  return opened;
}
