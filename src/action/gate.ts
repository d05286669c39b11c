// mode: gate — evaluates one pull request at one head commit and publishes the result.
import * as core from '@actions/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { currentReviewStates } from '../core/approvals.js';
import { evaluate, type Evaluation } from '../core/evaluate.js';
import { compileGlob } from '../core/glob.js';
import { loadPolicy, type Policy } from '../core/policy.js';
import type { Review } from '../core/pull-request.js';
import { toReport } from '../core/report.js';
import { isTeam, normalizeLogin } from '../core/text-rules.js';
import type { GitHub, Repo } from '../github/client.js';
import { requestReviews, setStatus, syncLabels, upsertComment, type StatusState } from '../github/effects.js';
import { readChangedFiles, readCommits, readPullRequest, readReviews, type PullRequestInfo } from '../github/pull-request-reader.js';
import { readTeams } from '../github/teams.js';
import { commentMarker, renderMarkdown, statusDescription, truncate } from '../report/markdown.js';
import type { Inputs } from './inputs.js';
import { readBaseTree, readHeadGrants } from './trees.js';

/** Events the gate acts on, with the activity types that can change a decision. */
export const GATE_EVENTS: Record<string, readonly string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened', 'edited', 'ready_for_review'],
  pull_request_target: ['opened', 'synchronize', 'reopened', 'edited', 'ready_for_review'],
  pull_request_review: ['submitted', 'edited', 'dismissed'],
};

export const STATE_LABELS = ['access:returned', 'access:blocked', 'access:pending', 'access:approved'];
export const EMERGENCY_LABEL = 'access:emergency';

const STATUS: Record<string, StatusState> = { approved: 'success', pending: 'pending', blocked: 'failure', returned: 'failure' };

export interface GateRun {
  gh: GitHub;
  repo: Repo;
  inputs: Inputs;
  pullNumber: number;
  /** head SHA named by the event, used for an error status before the pull request is read */
  eventHeadSha: string | undefined;
  workspace: string | undefined;
  runUrl: string | undefined;
}

/** A failure the gate explains to the user; the status becomes `error` with this text. */
export class GateError extends Error {
  override name = 'GateError';
}

/** The status context for a pull request: base branches other than the default get their own, so one head SHA in two pull requests cannot collide. */
export function statusContextFor(context: string, pr: Pick<PullRequestInfo, 'baseRef' | 'defaultBranch'>): string {
  return pr.defaultBranch === undefined || pr.baseRef === pr.defaultBranch ? context : `${context}/${pr.baseRef}`;
}

/** Runs the gate; resolves to the decision it published. */
export async function runGate(run: GateRun): Promise<string> {
  const { gh, repo, inputs } = run;
  const pr = await readPullRequest(gh, repo, run.pullNumber);
  const context = statusContextFor(inputs.statusContext, pr);
  try {
    return await gateAt(run, pr, context);
  } catch (e) {
    await setStatus(gh, repo, pr.headSha, context, 'error', truncate(`error: ${(e as Error).message}`), run.runUrl).catch((s: Error) =>
      core.warning(`could not set the error status either: ${s.message}`),
    );
    throw e;
  }
}

async function gateAt(run: GateRun, pr: PullRequestInfo, context: string): Promise<string> {
  const { gh, repo, inputs } = run;
  if (pr.state !== 'open') {
    core.notice(`pull request #${pr.number} is ${pr.state}: nothing to gate`);
    return 'skipped';
  }
  core.info(`evaluating pull request #${pr.number} at head ${pr.headSha} against base ${pr.baseSha}`);
  const match = compileGlob(inputs.grants);
  const changed = await readChangedFiles(gh, repo, pr.number);
  const base = await readBaseTree(gh, repo, pr.baseSha, run.workspace, inputs.policy, match, (l) => core.notice(l));
  if (base.policyText === undefined) throw new GateError(`the policy ${inputs.policy} does not exist on the base branch ${pr.baseRef}`);
  const policy = compilePolicy(inputs.policy, base.policyText);
  const headFiles = await readHeadGrants(gh, repo, base.grants, changed, match);
  const [reviews, commits] = [await readReviews(gh, repo, pr.number), await readCommits(gh, repo, pr.number)];
  const data = { author: pr.author, headSha: pr.headSha, baseFiles: base.grants, headFiles, reviews, commits };

  // Team members are read only for the teams that can approve a grant still in play.
  const firstPass = evaluate(policy, { ...data, teams: new Map() }, inputs.now);
  const teams = await readTeams(gh, consultedTeams(firstPass));
  const evaluation = evaluate(policy, { ...data, teams }, inputs.now);

  const reportPath = join(process.env['RUNNER_TEMP'] || tmpdir(), `grant-gate-report-${pr.number}.json`);
  writeFileSync(reportPath, `${JSON.stringify(toReport(evaluation, inputs.policy), null, 2)}\n`);
  core.setOutput('decision', evaluation.decision);
  core.setOutput('report', reportPath);

  const markdown = renderMarkdown(evaluation, {
    headSha: pr.headSha,
    baseSha: pr.baseSha,
    policyFile: inputs.policy,
    policyChanged: changed.some((f) => f.filename === inputs.policy || f.previousFilename === inputs.policy),
  });
  annotate(evaluation);
  await core.summary.addRaw(markdown, true).write();

  if (inputs.requestReviews) await requestMissingReviews(gh, repo, pr, evaluation, reviews);
  if (inputs.comment) {
    const did = await upsertComment(gh, repo, pr.number, commentMarker(context), markdown);
    core.info(`comment ${did}`);
  }
  const wanted = [`access:${evaluation.decision}`, ...(evaluation.grants.some((g) => g.authority === 'emergency') ? [EMERGENCY_LABEL] : [])];
  await syncLabels(gh, repo, pr.number, pr.labels, [...STATE_LABELS, EMERGENCY_LABEL], wanted);
  // The status goes last: once it says success, everything else is already in place.
  await setStatus(gh, repo, pr.headSha, context, STATUS[evaluation.decision]!, statusDescription(evaluation), run.runUrl);
  return evaluation.decision;
}

function compilePolicy(path: string, text: string): Policy {
  const result = loadPolicy(path, text);
  if (result.ok) return result.policy;
  for (const e of result.errors) core.error(e.message, { file: path, startLine: e.line, title: 'grant-gate: invalid policy' });
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

async function requestMissingReviews(gh: GitHub, repo: Repo, pr: PullRequestInfo, evaluation: Evaluation, reviews: readonly Review[]): Promise<void> {
  const asked = new Set([...pr.requestedReviewers, ...pr.requestedTeams].map((x) => x.toLowerCase()));
  const approved = new Set([...currentReviewStates(reviews)].filter(([, s]) => s.state === 'APPROVED').map(([login]) => login));
  const people = new Set<string>();
  const teams = new Set<string>();
  for (const g of evaluation.grants) {
    if (g.decision !== 'pending') continue;
    for (const a of g.approvers) {
      if (isTeam(a)) {
        const [org, slug] = a.slice(1).split('/') as [string, string];
        // GitHub only takes review requests for teams of the repository's own organisation.
        if (org.toLowerCase() === repo.owner.toLowerCase() && !asked.has(slug.toLowerCase())) teams.add(slug);
      } else {
        const login = normalizeLogin(a);
        if (!asked.has(login) && !approved.has(login)) people.add(a.replace(/^@/, ''));
      }
    }
  }
  try {
    await requestReviews(gh, repo, pr.number, [...people], [...teams]);
  } catch (e) {
    // GitHub refuses requests for people without access to the repository; the status still
    // says who must approve, so this is reported, not fatal.
    if ((e as { status?: number }).status !== 422) throw e;
    core.warning(`could not request reviews from ${[...people, ...teams].join(', ')}: ${(e as Error).message}`);
  }
}

function annotate(evaluation: Evaluation): void {
  for (const p of evaluation.problems) core.error(`${p.code}: ${p.message}`, { file: p.file, startLine: p.line, title: `grant-gate: ${p.code}` });
  for (const g of evaluation.grants) {
    for (const p of g.problems) core.error(`${p.code}: ${p.message}`, { file: p.file, startLine: p.line, title: `grant-gate: ${g.id} ${g.decision}` });
    for (const w of g.warnings) core.warning(`${w.code}: ${w.message}`, { file: w.file, startLine: w.line, title: `grant-gate: ${g.id}` });
  }
}
