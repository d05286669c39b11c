// mode: prune — one pull request that removes every expired grant from the default branch,
// kept up to date across runs, and one post-approval review issue per emergency grant.
// Every step compares with what GitHub already holds before writing, so a re-run with nothing
// new writes nothing and a run stopped halfway is completed by the next one.
import * as core from '@actions/core';
import { compileGlob } from '../core/glob.js';
import { parseGrantsFile } from '../core/grants-file.js';
import { planPrune, type PrunePlan } from '../core/prune.js';
import type { GitHub, Repo } from '../github/client.js';
import {
  branchTip,
  closePull,
  putBranchCommit,
  upsertPull,
  type BranchTip,
} from '../github/prune-branch.js';
import {
  CLOSE_MARKER,
  CLOSE_REASON,
  pruneCommitMessage,
  prunePullBody,
  prunePullTitle,
  pruneSummary,
} from '../report/prune-markdown.js';
import { openEmergencyReviews } from './emergency-issues.js';
import { GateError } from './gate.js';
import type { Inputs } from './inputs.js';
import { readBaseTree } from './trees.js';

export const PRUNE_LABEL = 'access:prune';

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
  const head = await branchTip(gh, repo, branch);
  if (!head) throw new GateError(`the default branch ${branch} does not exist`);
  const tree = await readBaseTree(
    gh,
    repo,
    head.sha,
    run.workspace,
    inputs.policy,
    compileGlob(inputs.grants),
    (l) => core.notice(l),
  );
  const plan = planPrune(tree.grants, inputs.now);
  // A file that cannot be cut safely stays as it is; the other files are still pruned.
  for (const s of plan.skipped)
    core.warning(`left unchanged: ${s.message}`, { file: s.file, startLine: s.line });

  const pull = plan.removed.length
    ? await proposeRemoval(run, branch, head, plan)
    : await withdraw(run, branch);
  core.setOutput('removed', JSON.stringify(plan.removed.map((r) => r.id)));

  const issues =
    tree.policyText === undefined
      ? []
      : await openEmergencyReviews({
          gh,
          repo,
          policyFile: inputs.policy,
          policyText: tree.policyText,
          files: tree.grants,
          branch,
          head: head.sha,
          now: inputs.now,
        });
  if (tree.policyText === undefined)
    core.warning(
      `the policy ${inputs.policy} does not exist on ${branch}: no post-approval review of emergency grants`,
    );
  const grants = tree.grants.flatMap((f) => parseGrantsFile(f.path, f.text, []).grants);
  await core.summary
    .addRaw(
      pruneSummary({
        removed: plan.removed,
        grants,
        now: inputs.now,
        window: inputs.noticeWindow,
        pull,
        issues,
      }),
      true,
    )
    .write();
  if (plan.skipped.length)
    throw new GateError(
      `${plan.skipped.length} grants file(s) could not be read or cut safely and were left as they are; fix them and re-run`,
    );
}

/** Puts the pruned files on the prune branch and opens or updates its pull request; returns a line for the summary. */
async function proposeRemoval(
  run: PruneRun,
  branch: string,
  head: BranchTip,
  plan: PrunePlan,
): Promise<string> {
  const { gh, repo, inputs } = run;
  const current = await branchTip(gh, repo, inputs.pruneBranch);
  const wrote = await putBranchCommit(gh, repo, inputs.pruneBranch, current, {
    parent: head,
    message: pruneCommitMessage(plan.removed),
    files: plan.files.map((f) => ({ path: f.path, content: f.after })),
  });
  core.info(
    wrote
      ? `branch ${inputs.pruneBranch} now removes ${plan.removed.length} grant(s) on top of ${head.sha}`
      : `branch ${inputs.pruneBranch} is up to date`,
  );
  const pr = await upsertPull(gh, repo, inputs.pruneBranch, branch, {
    title: prunePullTitle(plan.removed),
    body: prunePullBody(plan.removed),
    label: PRUNE_LABEL,
  });
  core.setOutput('prune-pr', String(pr.number));
  return `Pull request [#${pr.number}](${pr.url}) removes them.`;
}

/** Closes the prune pull request once nothing is left to remove; returns a line for the summary. */
async function withdraw(run: PruneRun, branch: string): Promise<string> {
  const { gh, repo, inputs } = run;
  const closed = await closePull(gh, repo, inputs.pruneBranch, branch, CLOSE_MARKER, CLOSE_REASON);
  core.setOutput('prune-pr', '');
  core.info(closed ? `closed pull request #${closed}: nothing to remove` : 'nothing has expired');
  return closed
    ? `Nothing has expired any more: closed pull request #${closed}.`
    : 'Nothing has expired.';
}
