// The report document that `grant-gate evaluate --format json` prints and the action writes.
import type { Decision } from './decision.js';
import type { Evaluation } from './evaluate.js';
import type { Problem, Warning } from './problems.js';
import { iso } from './time.js';

export interface GrantReport {
  id: string;
  file: string;
  line: number;
  change: string;
  decision: Decision;
  authority: string;
  rule: { pattern: string; file: string; line: number } | null;
  approvals_required: number;
  approvers: string[];
  approved_by: string[];
  problems: Problem[];
  warnings: Warning[];
}

export interface Report {
  decision: Decision;
  now: string;
  grants: GrantReport[];
  problems: Problem[];
  warnings: Warning[];
}

/** The spec's JSON document for an evaluation; `policyFile` is the path the rules came from. */
export function toReport(evaluation: Evaluation, policyFile: string): Report {
  return {
    decision: evaluation.decision,
    now: iso(evaluation.now),
    grants: evaluation.grants.map((g) => ({
      id: g.id,
      file: g.file,
      line: g.line,
      change: g.change,
      decision: g.decision,
      authority: g.authority,
      rule: g.rule ? { pattern: g.rule.pattern, file: policyFile, line: g.rule.line } : null,
      approvals_required: g.approvalsRequired,
      approvers: g.approvers,
      approved_by: g.approvedBy.map((s) => s.login),
      problems: g.problems,
      warnings: g.warnings,
    })),
    problems: evaluation.problems,
    warnings: evaluation.warnings,
  };
}
