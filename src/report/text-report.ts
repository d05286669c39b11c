// The human report: what a requester reads first, then per grant why and who must approve.
import type { Evaluation, GrantResult } from '../core/evaluate.js';
import type { Problem, Warning } from '../core/problems.js';
import { iso } from '../core/time.js';

export interface Style {
  bold(text: string): string;
  decision(decision: string, text: string): string;
  dim(text: string): string;
}

/** No colour at all. */
export const PLAIN: Style = { bold: (t) => t, decision: (_d, t) => t, dim: (t) => t };

const SUMMARY: Record<string, string> = {
  approved: 'every changed grant has the approvals it needs',
  pending: 'waiting for approvals',
  blocked: 'some grants cannot be approved as they stand',
  returned: 'some grants must be fixed by their requester',
};

/** Renders an evaluation as text; `policyFile` names where the rules came from. */
export function renderText(
  evaluation: Evaluation,
  policyFile: string,
  style: Style = PLAIN,
): string {
  const out: string[] = [];
  const counts = new Map<string, number>();
  for (const g of evaluation.grants) counts.set(g.decision, (counts.get(g.decision) ?? 0) + 1);
  const tally = [...counts].map(([d, n]) => `${n} ${d}`).join(', ');
  out.push(
    `${style.decision(evaluation.decision, evaluation.decision.toUpperCase())}: ${SUMMARY[evaluation.decision]}` +
      ` (${evaluation.grants.length} changed grant${evaluation.grants.length === 1 ? '' : 's'}${tally ? `: ${tally}` : ''}; now ${iso(evaluation.now)})`,
  );
  for (const p of evaluation.problems) out.push(problemLine(p, style));
  for (const w of evaluation.warnings) out.push(warningLine(w, style));
  for (const g of evaluation.grants) out.push('', ...grantLines(g, policyFile, style));
  return out.join('\n');
}

function grantLines(g: GrantResult, policyFile: string, style: Style): string[] {
  const lines = [
    `${style.decision(g.decision, g.decision.padEnd(8))} ${style.bold(g.id || '(no id)')}  ${g.change}  ${style.dim(`${g.file}:${g.line}`)}`,
  ];
  if (g.rule) lines.push(`         rule ${g.rule.pattern} (${policyFile}:${g.rule.line})`);
  if (g.authority !== 'none') {
    const who = g.approvers.length ? g.approvers.join(', ') : 'nobody';
    lines.push(`         ${g.authority} approval: ${g.approvalsRequired} of ${who}`);
    const by = g.approvedBy.map((s) => s.login);
    lines.push(`         approved by: ${by.length ? by.join(', ') : 'nobody yet'}`);
  } else if (g.change === 'removed') {
    lines.push('         removal needs no approval');
  } else if (g.change === 'narrowed') {
    lines.push('         narrowing needs no approval');
  }
  for (const p of g.problems) lines.push(`         ${problemLine(p, style)}`);
  for (const w of g.warnings) lines.push(`         ${warningLine(w, style)}`);
  return lines;
}

function problemLine(p: Problem, style: Style): string {
  return `${style.dim(where(p))}${p.code}: ${p.message}`;
}

function warningLine(w: Warning, style: Style): string {
  return `${style.dim(where(w))}warning ${w.code}: ${w.message}`;
}

function where(p: { file: string; line: number }): string {
  return p.file ? `${p.file}:${p.line}: ` : '';
}
