// The pull request comment and the job summary: the grants table, what to change, and the
// evidence auditors need for every approved grant.
import type { Evaluation, GrantResult } from '../core/evaluate.js';
import type { Problem } from '../core/problems.js';
import { iso } from '../core/time.js';

/** The hidden marker that finds the gate's comment again; one per status context. */
export function commentMarker(context: string): string {
  return `<!-- grant-gate:report context=${JSON.stringify(context)} -->`;
}

const ICON: Record<string, string> = {
  approved: '✅',
  pending: '⏳',
  blocked: '⛔',
  returned: '↩️',
};
const HEADLINE: Record<string, string> = {
  approved: 'every changed grant has the approvals it needs',
  pending: 'waiting for approvals',
  blocked: 'some grants cannot be approved as requested',
  returned: 'returned to the author: some grants must be fixed',
};

export interface MarkdownContext {
  headSha: string;
  baseSha: string;
  policyFile: string;
  /** the pull request changes the policy, which takes effect only once merged */
  policyChanged: boolean;
}

/** The full report in Markdown, for the comment and the job summary. */
export function renderMarkdown(evaluation: Evaluation, ctx: MarkdownContext): string {
  const out: string[] = [
    `### grant-gate: ${ICON[evaluation.decision]} **${evaluation.decision}** — ${HEADLINE[evaluation.decision]}`,
    '',
    // No clock time here: the comment must stay byte for byte the same while nothing changes.
    `Evaluated head \`${ctx.headSha.slice(0, 12)}\` with the policy \`${ctx.policyFile}\` of base \`${ctx.baseSha.slice(0, 12)}\`.`,
  ];
  if (ctx.policyChanged) {
    out.push(
      '',
      `> This pull request changes \`${ctx.policyFile}\`. It is judged by the base branch's policy; the change applies once merged.`,
    );
  }
  if (evaluation.grants.length === 0) out.push('', 'No grant changes.');
  else out.push('', ...grantsTable(evaluation.grants));
  const fixes = [
    ...evaluation.problems.map((p) => ({ id: '', p })),
    ...evaluation.grants.flatMap((g) => g.problems.map((p) => ({ id: g.id, p }))),
  ];
  if (fixes.length) {
    out.push('', '#### What to change', '');
    for (const { id, p } of fixes)
      out.push(
        `- ${id ? `\`${cell(id)}\` — ` : ''}${where(p)} **${p.code}**: ${cell(p.message)}. ${advice(p)}`,
      );
  }
  const warnings = [...evaluation.warnings, ...evaluation.grants.flatMap((g) => g.warnings)];
  if (warnings.length) {
    out.push('', '#### Warnings', '');
    for (const w of warnings)
      out.push(`- ${w.file ? `${where(w)} ` : ''}${w.code}: ${cell(w.message)}`);
  }
  const approved = evaluation.grants.filter(
    (g) => g.approvedBy.length > 0 && g.decision === 'approved',
  );
  if (approved.length) {
    out.push(
      '',
      '#### Evidence',
      '',
      '| grant | approver | review | commit | submitted | rationale |',
      '|---|---|---|---|---|---|',
    );
    for (const g of approved) {
      const rationale =
        g.record.grant?.exception?.rationale ?? g.record.grant?.emergency?.rationale ?? '';
      for (const s of g.approvedBy) {
        out.push(
          `| \`${cell(g.id)}\` | ${cell(s.login)} | ${s.reviewId ?? ''} | \`${(s.commitId ?? '').slice(0, 12)}\` | ${s.submittedAt ?? ''} | ${cell(rationale)} |`,
        );
      }
    }
  }
  return out.join('\n');
}

/** The job summary: the report, and when it was evaluated. */
export function renderSummary(evaluation: Evaluation, ctx: MarkdownContext): string {
  return `${renderMarkdown(evaluation, ctx)}\n\nEvaluated at ${iso(evaluation.now)}.`;
}

function grantsTable(grants: readonly GrantResult[]): string[] {
  const rows = [
    '| grant | change | authority | who may approve | approved by | state |',
    '|---|---|---|---|---|---|',
  ];
  for (const g of grants) {
    const authority =
      g.authority === 'none'
        ? '—'
        : `${g.authority}${g.rule ? ` (\`${cell(g.rule.pattern)}\`)` : ''}`;
    const who = g.approvers.length
      ? `${g.approvalsRequired} of ${g.approvers.map((a) => `\`${cell(a)}\``).join(', ')}`
      : '—';
    const by = g.approvedBy.length
      ? g.approvedBy
          .map((s) => `${cell(s.login)} on \`${(s.commitId ?? '').slice(0, 7)}\``)
          .join(', ')
      : '—';
    rows.push(
      `| \`${cell(g.id || '(no id)')}\` | ${g.change} | ${authority} | ${who} | ${by} | ${ICON[g.decision]} ${g.decision} |`,
    );
  }
  return rows;
}

const ADVICE: Record<string, string> = {
  'yaml-syntax': 'Fix the YAML so the file parses.',
  'file-too-large': 'Split the file: grants files are read up to 1 MiB.',
  'missing-field': 'Add the field.',
  'invalid-field': 'Correct the value.',
  'unknown-field': 'Remove or rename the key.',
  'duplicate-id': 'Give each grant its own id.',
  expired: 'Choose an expiry in the future.',
  'requester-mismatch': 'The person asking opens the pull request: set requester to its author.',
  'no-authority': 'No one may approve this: ask the policy owners to add a rule.',
  'missing-rationale': 'Add a rationale of at least 15 characters explaining the need.',
  'exceeds-authority': 'Ask for less access or a shorter time.',
  'multi-hop': 'Split the request or shorten it to fit one escalation.',
  'no-eligible-approver':
    'Someone other than the requester, the identity and the committers must be able to approve.',
  'changes-requested': 'Address the review, then ask the reviewer to approve or dismiss it.',
};

function advice(p: Problem): string {
  return ADVICE[p.code] ?? '';
}

function where(p: { file: string; line: number }): string {
  return `\`${p.file}:${p.line}\``;
}

/** Makes text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'");
}

/** The commit status description: under 140 characters, saying what is missing. */
export function statusDescription(evaluation: Evaluation): string {
  const grants = evaluation.grants;
  const first = (decision: string) => grants.find((g) => g.decision === decision);
  let text: string;
  switch (evaluation.decision) {
    case 'approved':
      text = grants.length
        ? `approved: ${grants.length} grant change(s) approved`
        : 'approved: no grant changes';
      break;
    case 'pending': {
      const g = first('pending')!;
      const waiting = grants.filter((x) => x.decision === 'pending').length;
      text = `pending: ${waiting} grant(s) need approval; ${g.id} needs ${g.approvalsRequired - g.approvedBy.length} more from ${g.approvers.join(', ')}`;
      break;
    }
    case 'blocked': {
      const g = first('blocked')!;
      text = `blocked: ${g.id}: ${g.problems[0]?.code ?? 'cannot be approved'}`;
      break;
    }
    case 'returned': {
      const p = evaluation.problems[0] ?? first('returned')?.problems[0];
      text = p ? `returned: fix ${p.code} at ${p.file}:${p.line}` : 'returned: fix the grants';
      break;
    }
  }
  return truncate(text);
}

/** The longest commit status description GitHub shows whole. */
export const STATUS_DESCRIPTION_MAX = 139;

/** Shortens a status description to GitHub's limit. */
export function truncate(text: string, max = STATUS_DESCRIPTION_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
