// The engine: from a pull request's data, the policy and `now`, a decision for each changed
// grant and for the pull request. Pure: no I/O, no clock.
import {
  currentReviewStates,
  eligibility,
  pullRequestExclusions,
  tally,
  type ReviewState,
} from './approvals.js';
import { requestOf, resolveAuthority, type AuthorityLevel } from './authority.js';
import { classifyChanges, type ChangeKind } from './changes.js';
import { worst, type Decision } from './decision.js';
import { parseGrantsFile, type GrantRecord, type GrantsFile } from './grants-file.js';
import type { Policy, Rule } from './policy.js';
import { problem, warning, type Problem, type Warning } from './problems.js';
import type { PullRequestData } from './pull-request.js';
import { isLogin, normalizeLogin } from './text-rules.js';
import { lineAt } from './yaml-tree.js';

export interface GrantResult {
  id: string;
  file: string;
  line: number;
  change: ChangeKind;
  decision: Decision;
  authority: AuthorityLevel;
  rule: Rule | undefined;
  approvalsRequired: number;
  approvers: string[];
  /** approvals that count, with the review that gave each (evidence for auditors) */
  approvedBy: ReviewState[];
  problems: Problem[];
  warnings: Warning[];
  /** the grant as written in head (base for removed grants) */
  record: GrantRecord;
  /** teams among the approvers whose members are unknown */
  unknownTeams: string[];
}

export interface Evaluation {
  decision: Decision;
  now: number;
  grants: GrantResult[];
  problems: Problem[];
  warnings: Warning[];
}

/** Evaluates the pull request against the (base) policy at instant `now` (ms). */
export function evaluate(policy: Policy, pr: PullRequestData, now: number): Evaluation {
  const warnings: Warning[] = [];
  const baseFiles = pr.baseFiles.map((f) => parseGrantsFile(f.path, f.text, policy.accessLevels));
  for (const f of baseFiles) {
    const p = f.problems[0];
    if (p)
      warnings.push(
        warning(
          'base-unparsable',
          `the base version of ${f.path} cannot be read (${p.message}); its grants count as new`,
          f.path,
          p.line,
        ),
      );
  }
  const headFiles = pr.headFiles.map((f) => parseGrantsFile(f.path, f.text, policy.accessLevels));
  const problems = headFiles.flatMap((f) => f.problems);
  const duplicates = duplicateProblems(headFiles);
  const states = currentReviewStates(pr.reviews);
  const excludedForPr = pullRequestExclusions(pr.author, pr.commits);
  const author = pr.author === undefined ? undefined : normalizeLogin(pr.author);

  const grants = classifyChanges(
    policy,
    readable(baseFiles),
    headFiles.flatMap((f) => f.grants),
  ).map((change): GrantResult => {
    const record = change.head ?? change.base!;
    const result: GrantResult = {
      id: record.id,
      file: record.file,
      line: record.line,
      change: change.kind,
      decision: 'approved',
      authority: 'none',
      rule: undefined,
      approvalsRequired: 0,
      approvers: [],
      approvedBy: [],
      problems: [...record.problems, ...(duplicates.get(record) ?? [])],
      warnings: [],
      record,
      unknownTeams: [],
    };
    if (change.kind === 'removed') return { ...result, problems: [] };
    if (change.kind !== 'narrowed') result.problems.push(...requestProblems(record, author, now));
    if (result.problems.length) return { ...result, decision: 'returned' };
    if (change.kind === 'narrowed') return result;

    const authority = resolveAuthority(policy, requestOf(record), now);
    const excluded = new Set(excludedForPr);
    excluded.add(normalizeLogin(record.grant!.requester));
    excluded.add(normalizeLogin(record.grant!.identity));
    const who = eligibility(authority.approvers, excluded, pr.teams);
    Object.assign(result, {
      authority: authority.level,
      rule: authority.rule,
      approvalsRequired: authority.approvals,
      approvers: who.approvers,
      unknownTeams: who.unknownTeams,
      warnings: authority.warnings,
    });
    result.problems.push(...authority.problems);
    if (
      authority.level !== 'none' &&
      who.unknownTeams.length === 0 &&
      who.people.size < authority.approvals
    ) {
      result.problems.push(
        problem(
          'no-eligible-approver',
          `needs ${authority.approvals} approval(s) but only ${who.people.size} eligible approver(s) remain once the requester, the identity, the author and the pull request's committers are excluded`,
          record.file,
          record.line,
        ),
      );
    }
    if (who.unknownTeams.length) {
      result.warnings.push(
        warning(
          'unconfirmed-team',
          `members of ${who.unknownTeams.join(', ')} are unknown: approvals through ${who.unknownTeams.length > 1 ? 'them' : 'it'} cannot be confirmed and do not count`,
          record.file,
          record.line,
        ),
      );
    }
    const count = tally(states, who.people, pr.headSha);
    result.approvedBy = count.approvedBy;
    for (const s of count.changesRequestedBy) {
      result.problems.push(
        problem(
          'changes-requested',
          `${s.login} requested changes; they must approve or their review be dismissed`,
          record.file,
          record.line,
        ),
      );
    }
    if (result.problems.length) return { ...result, decision: 'blocked' };
    return {
      ...result,
      decision: count.approvedBy.length >= authority.approvals ? 'approved' : 'pending',
    };
  });

  if (pr.headSha === undefined && pr.reviews.length > 0) {
    warnings.push(
      warning('no-head-commit', 'no head commit was given, so no approval can count', '', 0),
    );
  }
  const decision = worst([
    ...grants.map((g) => g.decision),
    ...(problems.length ? (['returned'] as const) : []),
  ]);
  return { decision, now, grants, problems, warnings };
}

function readable(files: readonly GrantsFile[]): GrantRecord[] {
  return files.flatMap((f) => (f.problems.length ? [] : f.grants));
}

/** Validation that depends on the request, not on the schema: expiry and requester. */
function requestProblems(record: GrantRecord, author: string | undefined, now: number): Problem[] {
  const out: Problem[] = [];
  if (record.expiresAt !== undefined && record.expiresAt <= now) {
    out.push(
      problem(
        'expired',
        `expires ${String(record.value['expires'])} is not after now; pick a future date`,
        record.file,
        lineAt(record.node, ['expires']),
      ),
    );
  }
  const requester = record.value['requester'];
  if (
    author !== undefined &&
    typeof requester === 'string' &&
    isLogin(requester) &&
    normalizeLogin(requester) !== author
  ) {
    out.push(
      problem(
        'requester-mismatch',
        `requester ${requester} is not the pull request's author ${author}; the person asking opens the request`,
        record.file,
        lineAt(record.node, ['requester']),
      ),
    );
  }
  return out;
}

/** A duplicate-id problem for every place an id appears more than once in head, naming the others. */
function duplicateProblems(files: readonly GrantsFile[]): Map<GrantRecord, Problem[]> {
  const byId = new Map<string, GrantRecord[]>();
  for (const g of files.flatMap((f) => f.grants)) {
    if (!g.id) continue;
    const list = byId.get(g.id);
    if (list) list.push(g);
    else byId.set(g.id, [g]);
  }
  const out = new Map<GrantRecord, Problem[]>();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const g of list) {
      const others = list.filter((o) => o !== g).map((o) => `${o.file}:${lineAt(o.node, ['id'])}`);
      out.set(g, [
        problem(
          'duplicate-id',
          `id ${id} is also used at ${others.join(', ')}; ids are unique across all grants files`,
          g.file,
          lineAt(g.node, ['id']),
        ),
      ]);
    }
  }
  return out;
}
