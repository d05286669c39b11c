// Texts of the prune job: the commit and pull request, the emergency review issues, and the
// job summary. Texts that GitHub stores hold nothing that changes from run to run (no clock),
// so a re-run with nothing new finds them equal and writes nothing.
import type { ApprovalTrail, EmergencyReview } from '../core/emergency-review.js';
import type { GrantRecord } from '../core/grants-file.js';
import type { PrunedGrant } from '../core/prune.js';
import { formatDuration, iso } from '../core/time.js';

const cell = (v: unknown) =>
  String(v ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|');
const mention = (owner: string) => (owner.startsWith('@') ? owner : `@${owner}`);

/** The prune commit's message; it lists the removed ids, which is how a re-run recognises it. */
export function pruneCommitMessage(removed: readonly PrunedGrant[]): string {
  const lines = removed.map((r) => `- ${r.id} (expired ${r.expires})`);
  return `Remove ${removed.length} expired grant(s)\n\n${lines.join('\n')}`;
}

/** Title of the prune pull request. */
export function prunePullTitle(removed: readonly PrunedGrant[]): string {
  return removed.length === 1
    ? `Remove expired grant ${removed[0]!.id}`
    : `Remove ${removed.length} expired grants`;
}

/** Body of the prune pull request: a table of what it removes. */
export function prunePullBody(removed: readonly PrunedGrant[]): string {
  const rows = removed.map((r) => {
    const v = r.record.value;
    return `| \`${cell(r.id)}\` | ${cell(v['identity'])} | ${cell(v['resource'])} | ${cell(v['access'])} | ${cell(v['requester'])} | ${cell(r.expires)} | \`${cell(r.file)}:${r.line}\` |`;
  });
  return [
    'These grants have expired: their `expires` is not after the time grant-gate prune last ran. This pull request removes them and changes nothing else in the files.',
    '',
    '| id | identity | resource | access | requester | expired | file |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Removing access needs no approval: the gate approves a pull request that only removes grants. Revoke the access in the target systems if it is not revoked there automatically.',
    '',
    '_Opened and kept up to date by grant-gate prune: changes pushed to this branch are replaced on its next run._',
  ].join('\n');
}

/** The hidden marker of the comment that closes a prune pull request. */
export const CLOSE_MARKER = '<!-- grant-gate:prune-closed -->';

/** Why an open prune pull request is closed. */
export const CLOSE_REASON =
  'Nothing on the default branch has expired any more (the grants were removed or renewed there): closing. grant-gate prune opens a new pull request when a grant expires.';

/** The hidden marker of an emergency grant's review issue: one issue per grant and expiry, so a renewal is reviewed again. */
export function emergencyMarker(record: GrantRecord): string {
  const expires = record.expiresAt === undefined ? '' : iso(record.expiresAt);
  return `<!-- grant-gate:emergency-review id=${JSON.stringify(record.id)} expires=${JSON.stringify(expires)} -->`;
}

/** Title and body of the post-approval review issue for an emergency grant. */
export function emergencyIssue(
  review: EmergencyReview,
  trail: ApprovalTrail,
  due: number,
  policyFile: string,
): { title: string; body: string } {
  const v = review.record.value;
  const emergency = (v['emergency'] ?? {}) as Record<string, unknown>;
  const rule = review.rule;
  const addressed = rule
    ? `${review.reviewers.map(mention).join(', ')}: this break-glass grant went through the emergency authority, bypassing you, the owners of rule \`${rule.pattern}\` (${policyFile} line ${rule.line}).`
    : `No rule of ${policyFile} governs this resource, so no owners were bypassed: this break-glass grant went through the emergency authority alone.`;
  const since = trail.pull?.mergedAt
    ? `after pull request #${trail.pull.number} was merged`
    : 'after this issue was opened: the merge that approved the grant is not known';
  return {
    title: `Post-approval review: emergency grant ${review.record.id}`,
    body: [
      emergencyMarker(review.record),
      `${addressed} Please review it by **${iso(due)}** (${formatDuration(review.dueAfter)} ${since}).`,
      '',
      '| field | value |',
      '|---|---|',
      ...[
        'id',
        'identity',
        'identity_type',
        'owner',
        'resource',
        'access',
        'requester',
        'purpose',
        'expires',
      ]
        // `owner` is written for non-human identities only.
        .filter((k) => v[k] !== undefined)
        .map((k) => `| ${k} | ${cell(v[k])} |`),
      `| incident | ${cell(emergency['incident'] ?? 'not given')} |`,
      `| rationale | ${cell(emergency['rationale'])} |`,
      `| file | \`${review.record.file}:${review.record.line}\` |`,
      '',
      ...approvalSection(trail),
      '',
      'Close this issue once reviewed; note any follow-up (revocation, policy change) here.',
    ].join('\n'),
  };
}

function approvalSection(trail: ApprovalTrail): string[] {
  const head = ['#### Approving review', ''];
  if (!trail.found) {
    return [
      ...head,
      `**No approving review was found**: ${trail.missing}. Find out how this grant was approved.`,
    ];
  }
  const { pull } = trail;
  return [
    ...head,
    `Pull request [#${pull.number}](${pull.url}) added the grant in commit \`${trail.commit}\` and was merged at ${pull.mergedAt ?? 'an unknown time'}; approved on its final head \`${pull.headSha}\` by:`,
    '',
    '| reviewer | review | commit | submitted |',
    '|---|---|---|---|',
    ...trail.reviews.map(
      (r) =>
        `| @${r.reviewer} | [${r.reviewId ?? '?'}](${pull.url}#pullrequestreview-${r.reviewId ?? ''}) | \`${r.commit}\` | ${r.submittedAt ?? 'unknown'} |`,
    ),
  ];
}

export interface SummaryFacts {
  removed: readonly PrunedGrant[];
  /** every grant on the default branch */
  grants: readonly GrantRecord[];
  now: number;
  /** how far ahead "expiring soon" looks (ms) */
  window: number;
  /** what happened to the pull request, one line */
  pull: string;
  /** one line per review issue opened */
  issues: readonly string[];
}

/** Grants the Gantt chart shows at most: past that it stops being readable. */
export const CHART_LIMIT = 50;

/** The job summary: what the run did, what expires soon, and a timeline of active grants. */
export function pruneSummary(facts: SummaryFacts): string {
  const { now, window } = facts;
  const active = facts.grants
    .filter((g) => g.expiresAt !== undefined && g.expiresAt > now)
    .sort((a, b) => a.expiresAt! - b.expiresAt!);
  const soon = active.filter((g) => g.expiresAt! <= now + window);
  const out = [
    `### grant-gate prune: ${facts.removed.length} expired grant(s) to remove`,
    '',
    facts.pull,
  ];
  if (facts.issues.length) out.push('', ...facts.issues.map((l) => `- ${l}`));
  out.push('', `#### Expiring within ${formatDuration(window)}: renew in time`, '');
  if (soon.length) {
    out.push('| id | requester | resource | expires |', '|---|---|---|---|');
    for (const g of soon)
      out.push(
        `| \`${cell(g.id)}\` | ${cell(g.value['requester'])} | ${cell(g.value['resource'])} | ${iso(g.expiresAt!)} |`,
      );
  } else out.push('No grant expires in that time.');
  if (active.length)
    out.push('', '#### Active grants', '', ...ganttChart(active.slice(0, CHART_LIMIT), now));
  if (active.length > CHART_LIMIT)
    out.push(
      '',
      `The chart shows the ${CHART_LIMIT} grants that expire first, of ${active.length}.`,
    );
  return out.join('\n');
}

/** A Mermaid gantt chart: one bar per grant, from now to its expiry. */
function ganttChart(grants: readonly GrantRecord[], now: number): string[] {
  const day = (ms: number) => iso(ms).slice(0, 10);
  return [
    '```mermaid',
    'gantt',
    '  dateFormat YYYY-MM-DD',
    '  axisFormat %m-%d',
    '  section now',
    `  today :milestone, ${day(now)}, 0d`,
    '  section grants',
    ...grants.map((g) => `  ${taskName(g.id)} :${day(now)}, ${day(g.expiresAt!)}`),
    '```',
  ];
}

// Mermaid's gantt lexer reads these words (and a leading date) at the start of a line as
// keywords, even inside a longer name: `gantt-db` would end the parse.
const KEYWORD_START =
  /^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|acc|section|click|\d)/i;

/** A task name Mermaid reads as plain text: no `:`, `#`, `;` or `%`, and no leading keyword. */
function taskName(id: string): string {
  const text = id.replace(/[^A-Za-z0-9._@/+=-]+/g, ' ').trim() || '(no id)';
  return KEYWORD_START.test(text) ? `grant ${text}` : text;
}
