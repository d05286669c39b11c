// mode: gate — evaluates one pull request at one head commit and publishes the result.
import * as core from '@actions/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { evaluate, type Evaluation } from '../core/evaluate.js';
import { compileGlob } from '../core/glob.js';
import { loadPolicy, type Policy } from '../core/policy.js';
import type { SourceFile } from '../core/pull-request.js';
import { toReport } from '../core/report.js';
import { isTeam } from '../core/text-rules.js';
import { describeFailure, type GitHub, type Repo } from '../github/client.js';
import {
  requestMissingReviews,
  setStatus,
  syncLabels,
  upsertComment,
  type StatusState,
} from '../github/effects.js';
import {
  readChangedFiles,
  readCommits,
  readPullRequest,
  readReviews,
  type PullRequestInfo,
} from '../github/pull-request-reader.js';
import { readTeams } from '../github/teams.js';
import {
  commentMarker,
  renderMarkdown,
  renderSummary,
  STATUS_DESCRIPTION_MAX,
  statusDescription,
  truncate,
} from '../report/markdown.js';
import type { Inputs } from './inputs.js';
import { readBaseTree, readHeadGrants } from './trees.js';

/** Events the gate acts on, with the activity types that can change a decision. */
export const GATE_EVENTS: Record<string, readonly string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened', 'edited', 'ready_for_review'],
  pull_request_target: ['opened', 'synchronize', 'reopened', 'edited', 'ready_for_review'],
  pull_request_review: ['submitted', 'edited', 'dismissed'],
};

export const STATE_LABELS = [
  'access:returned',
  'access:blocked',
  'access:pending',
  'access:approved',
];
export const EMERGENCY_LABEL = 'access:emergency';

const STATUS: Record<string, StatusState> = {
  approved: 'success',
  pending: 'pending',
  blocked: 'failure',
  returned: 'failure',
};

/** The pull request as the event payload saw it; possibly stale, so used only for an error status. */
export interface EventPull {
  headSha: string | undefined;
  baseRef: string | undefined;
  defaultBranch: string | undefined;
}

export interface GateRun {
  gh: GitHub;
  repo: Repo;
  inputs: Inputs;
  pullNumber: number;
  /** where an error status goes when the pull request itself cannot be read */
  event: EventPull;
  workspace: string | undefined;
  runUrl: string | undefined;
}

/** A failure the gate explains to the user; the status becomes `error` with this text. */
export class GateError extends Error {
  override name = 'GateError';
}

/** The status context for a pull request: base branches other than the default get their own, so one head SHA in two pull requests cannot collide. */
export function statusContextFor(
  context: string,
  pr: { baseRef: string | undefined; defaultBranch: string | undefined },
): string {
  return pr.defaultBranch === undefined ||
    pr.baseRef === undefined ||
    pr.baseRef === pr.defaultBranch
    ? context
    : `${context}/${pr.baseRef}`;
}

/** Runs the gate; resolves to the decision it published. Any failure leaves an `error` status and is rethrown. */
export async function runGate(run: GateRun): Promise<string> {
  const { gh, repo, inputs } = run;
  // Until the pull request is read, the event's view is the best guess of where the status goes:
  // a failure must not leave an earlier `success` standing on the head.
  let target = {
    sha: run.event.headSha,
    context: statusContextFor(inputs.statusContext, run.event),
  };
  try {
    const pr = await readPullRequest(gh, repo, run.pullNumber);
    target = { sha: pr.headSha, context: statusContextFor(inputs.statusContext, pr) };
    return await gateAt(run, pr, target.context);
  } catch (e) {
    if (target.sha) {
      await setStatus(
        gh,
        repo,
        target.sha,
        target.context,
        'error',
        truncate(`error: ${describeFailure(e, STATUS_DESCRIPTION_MAX - 'error: '.length)}`),
        run.runUrl,
      ).catch((s: unknown) =>
        core.warning(`could not set the error status either: ${describeFailure(s)}`),
      );
    }
    throw e;
  }
}

async function gateAt(run: GateRun, pr: PullRequestInfo, context: string): Promise<string> {
  const { gh, repo, inputs } = run;
  if (pr.state !== 'open') {
    core.notice(`pull request #${pr.number} is ${pr.state}: nothing to gate`);
    return 'skipped';
  }
  core.info(
    `evaluating pull request #${pr.number} at head ${pr.headSha} against base ${pr.baseSha}`,
  );
  const match = compileGlob(inputs.grants);
  const changed = await readChangedFiles(gh, repo, pr.number);
  const base = await readBaseTree(gh, repo, pr.baseSha, run.workspace, inputs.policy, match, (l) =>
    core.notice(l),
  );
  if (base.policyText === undefined)
    throw new GateError(
      `the policy ${inputs.policy} does not exist on the base branch ${pr.baseRef}`,
    );
  const policy = compilePolicy(inputs.policy, base.policyText);
  const headFiles = await readHeadGrants(gh, repo, base.grants, changed, match);
  const [reviews, commits] = [
    await readReviews(gh, repo, pr.number),
    await readCommits(gh, repo, pr.number, pr.commitCount),
  ];
  const data = {
    author: pr.author,
    headSha: pr.headSha,
    baseFiles: base.grants,
    headFiles,
    reviews,
    commits,
  };

  // Team members are read only for the teams that can approve a grant still in play. Such grants
  // all sit in changed files, so a first pass over those alone finds them (a superset at worst).
  const changedPaths = new Set(
    changed.flatMap((f) => [f.filename, f.previousFilename ?? f.filename]),
  );
  const inChanged = (f: SourceFile) => changedPaths.has(f.path);
  const firstPass = evaluate(
    policy,
    {
      ...data,
      baseFiles: base.grants.filter(inChanged),
      headFiles: headFiles.filter(inChanged),
      teams: new Map(),
    },
    inputs.now,
  );
  const teams = await readTeams(gh, consultedTeams(firstPass));
  const evaluation = evaluate(policy, { ...data, teams }, inputs.now);

  // The changed files were listed for whatever the head was at that moment: if it moved, they
  // may belong to another commit, and the run for the new head will decide.
  const latest = await readPullRequest(gh, repo, pr.number);
  if (latest.headSha !== pr.headSha) {
    core.notice(
      `the head of #${pr.number} moved from ${pr.headSha} to ${latest.headSha} during the evaluation: nothing written, the run for the new head decides`,
    );
    return 'superseded';
  }

  const reportPath = join(
    process.env['RUNNER_TEMP'] || tmpdir(),
    `grant-gate-report-${pr.number}.json`,
  );
  writeFileSync(reportPath, `${JSON.stringify(toReport(evaluation, inputs.policy), null, 2)}\n`);
  core.setOutput('decision', evaluation.decision);
  core.setOutput('report', reportPath);

  const markdownContext = {
    headSha: pr.headSha,
    baseSha: pr.baseSha,
    policyFile: inputs.policy,
    policyChanged: changed.some(
      (f) => f.filename === inputs.policy || f.previousFilename === inputs.policy,
    ),
  };
  const markdown = renderMarkdown(evaluation, markdownContext);
  annotate(evaluation);
  await core.summary.addRaw(renderSummary(evaluation, markdownContext), true).write();

  // The effects start from the pull request as it is now, not as it was before the reads.
  if (inputs.requestReviews)
    await requestMissingReviews(gh, repo, latest, evaluation, reviews, (l) => core.warning(l));
  if (inputs.comment) {
    const did = await upsertComment(gh, repo, pr.number, commentMarker(context), markdown);
    core.info(`comment ${did}`);
  }
  const wanted = [
    `access:${evaluation.decision}`,
    ...(evaluation.grants.some((g) => g.authority === 'emergency') ? [EMERGENCY_LABEL] : []),
  ];
  await syncLabels(gh, repo, pr.number, latest.labels, [...STATE_LABELS, EMERGENCY_LABEL], wanted);
  // The status goes last: once it says success, everything else is already in place.
  await setStatus(
    gh,
    repo,
    pr.headSha,
    context,
    STATUS[evaluation.decision]!,
    statusDescription(evaluation),
    run.runUrl,
  );
  return evaluation.decision;
}

function compilePolicy(path: string, text: string): Policy {
  const result = loadPolicy(path, text);
  if (result.ok) return result.policy;
  for (const e of result.errors)
    core.error(e.message, { file: path, startLine: e.line, title: 'grant-gate: invalid policy' });
  const first = result.errors[0]!;
  throw new GateError(`the base policy is invalid: ${path}:${first.line}: ${first.message}`);
}

/** Teams whose members decide a grant that is still in play (not returned). */
function consultedTeams(evaluation: Evaluation): string[] {
  const teams = new Set<string>();
  for (const g of evaluation.grants) {
    if (g.decision === 'returned' || g.authority === 'none') continue;
    for (const a of g.approvers) if (isTeam(a)) teams.add(a.toLowerCase());
  }
  return [...teams].sort();
}

function annotate(evaluation: Evaluation): void {
  for (const p of evaluation.problems)
    core.error(`${p.code}: ${p.message}`, {
      file: p.file,
      startLine: p.line,
      title: `grant-gate: ${p.code}`,
    });
  for (const g of evaluation.grants) {
    for (const p of g.problems)
      core.error(`${p.code}: ${p.message}`, {
        file: p.file,
        startLine: p.line,
        title: `grant-gate: ${g.id} ${g.decision}`,
      });
    for (const w of g.warnings)
      core.warning(`${w.code}: ${w.message}`, {
        file: w.file,
        startLine: w.line,
        title: `grant-gate: ${g.id}`,
      });
  }
}
