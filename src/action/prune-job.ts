// mode: prune — one pull request that removes every expired grant from the default branch,
// kept up to date across runs, and one post-approval review issue per emergency grant.
import * as core from '@actions/core';
import { emergencyReviews, type EmergencyReview } from '../core/emergency-review.js';
import { compileGlob } from '../core/glob.js';
import { parseGrantsFile } from '../core/grants-file.js';
import { loadPolicy } from '../core/policy.js';
import { planPrune } from '../core/prune.js';
import type { GitHub, Repo } from '../github/client.js';
import { closePull, putBranchCommit, refSha, upsertPull } from '../github/prune-branch.js';
import { emergencyIssue, emergencyMarker, pruneCommitMessage, prunePullBody, prunePullTitle, pruneSummary } from '../report/prune-markdown.js';
import { GateError } from './gate.js';
import type { Inputs } from './inputs.js';
import { readBaseTree } from './trees.js';

export const PRUNE_LABEL = 'access:prune';
export const EMERGENCY_REVIEW_LABEL = 'access:emergency-review';

export interface PruneRun {
  gh: GitHub;
  repo: Repo;
  inputs: Inputs;
  defaultBranch: string | undefined;
  workspace: string | undefined;
}

/** Runs the prune job against the default branch's head. */
export async function runPrune(run: PruneRun): Promise<void> {
  const { gh, repo, inputs } = run;
  const branch = run.defaultBranch ?? (await gh.rest.repos.get({ ...repo })).data.default_branch;
  const head = await refSha(gh, repo, branch);
  if (!head) throw new GateError(`the default branch ${branch} does not exist`);
  const match = compileGlob(inputs.grants);
  const tree = await readBaseTree(gh, repo, head, run.workspace, inputs.policy, match, (l) => core.notice(l));
  const plan = planPrune(tree.grants, inputs.now);
  for (const s of plan.skipped) core.warning(`left unchanged: ${s.message}`, { file: s.file, startLine: s.line });
  if (plan.skipped.length) throw new GateError(`${plan.skipped.length} grants file(s) could not be read or cut safely; fix them and re-run`);

  let pullUrl = '';
  if (plan.removed.length) {
    const wrote = await putBranchCommit(gh, repo, inputs.pruneBranch, {
      parent: head,
      message: pruneCommitMessage(plan.removed),
      files: plan.files.map((f) => ({ path: f.path, content: f.after })),
    });
    core.info(wrote ? `branch ${inputs.pruneBranch} now removes ${plan.removed.length} grant(s)` : `branch ${inputs.pruneBranch} is up to date`);
    const pr = await upsertPull(gh, repo, inputs.pruneBranch, branch, prunePullTitle(plan.removed), prunePullBody(plan.removed, inputs.now), PRUNE_LABEL);
    pullUrl = pr.url;
    core.setOutput('prune-pr', String(pr.number));
  } else {
    const closed = await closePull(gh, repo, inputs.pruneBranch, branch, 'Nothing has expired any more on the default branch: closing. grant-gate prune will open a new pull request when a grant expires.');
    core.info(closed ? `closed pull request #${closed}: nothing to remove` : 'nothing has expired');
    core.setOutput('prune-pr', '');
  }
  core.setOutput('removed', JSON.stringify(plan.removed.map((r) => r.id)));

  const records = tree.grants.flatMap((f) => parseGrantsFile(f.path, f.text, []).grants);
  if (tree.policyText !== undefined) await openEmergencyReviews(gh, repo, inputs, tree.policyText, tree.grants);
  await core.summary.addRaw(`${pruneSummary(plan.removed, records, inputs.now, inputs.noticeWindow)}${pullUrl ? `\n\nPull request: ${pullUrl}` : ''}`, true).write();
}

async function openEmergencyReviews(gh: GitHub, repo: Repo, inputs: Inputs, policyText: string, files: ReadonlyArray<{ path: string; text: string }>): Promise<void> {
  const loaded = loadPolicy(inputs.policy, policyText);
  if (!loaded.ok) throw new GateError(`the policy is invalid: ${inputs.policy}:${loaded.errors[0]!.line}: ${loaded.errors[0]!.message}`);
  const policy = loaded.policy;
  const grants = files.flatMap((f) => parseGrantsFile(f.path, f.text, policy.accessLevels).grants);
  const reviews = emergencyReviews(policy, grants).filter((r) => r.record.expiresAt !== undefined);
  if (reviews.length === 0) return;
  const existing = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, labels: EMERGENCY_REVIEW_LABEL, state: 'all', per_page: 100 });
  const bodies = existing.map((i) => i.body ?? '');
  for (const review of reviews) {
    if (bodies.some((b) => b.includes(emergencyMarker(review.record.id)))) continue;
    const { title, body } = emergencyIssue(review, approvalNote(review), inputs.now + review.dueAfter);
    const { data } = await gh.rest.issues.create({ ...repo, title, body, labels: [EMERGENCY_REVIEW_LABEL] });
    core.info(`opened post-approval review #${data.number} for emergency grant ${review.record.id}`);
  }
}

function approvalNote(review: EmergencyReview): string {
  return `approved by the emergency authority through the pull request that added \`${review.record.file}\`'s entry (see its grant-gate comment for the approving review, commit and time)`;
}
