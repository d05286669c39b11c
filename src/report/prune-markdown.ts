// Texts of the prune job: the pull request, the emergency review issues, and the job summary.
import type { EmergencyReview } from '../core/emergency-review.js';
import type { GrantRecord } from '../core/grants-file.js';
import type { PrunedGrant } from '../core/prune.js';
import { iso } from '../core/time.js';

const cell = (v: unknown) => String(v ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** The prune commit's message; it lists the removed ids, which is how a re-run recognises it. */
export function pruneCommitMessage(removed: readonly PrunedGrant[]): string {
  return `Remove ${removed.length} expired grant(s)\n\n${removed.map((r) => `- ${r.id} (expired ${r.expires})`).join('\n')}\n`;
}

/** Title of the prune pull request. */
export function prunePullTitle(removed: readonly PrunedGrant[]): string {
  return removed.length === 1 ? `Remove expired grant ${removed[0]!.id}` : `Remove ${removed.length} expired grants`;
}

/** Body of the prune pull request: a table of what it removes. */
export function prunePullBody(removed: readonly PrunedGrant[], now: number): string {
  const rows = removed.map((r) => {
    const v = r.record.value;
    return `| \`${cell(r.id)}\` | ${cell(v['identity'])} | ${cell(v['resource'])} | ${cell(v['access'])} | ${cell(v['requester'])} | ${cell(r.expires)} | \`${cell(r.file)}\` |`;
  });
  return [
    `These grants expired (their \`expires\` is not after ${iso(now)}). This pull request removes them and changes nothing else in the files.`,
    '',
    '| id | identity | resource | access | requester | expired | file |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Removing access needs no approval: the gate approves a pull request that only removes grants. Revoke the access in the target systems if it is not revoked there automatically.',
    '',
    '_Opened and kept up to date by grant-gate prune._',
  ].join('\n');
}

/** The hidden marker of an emergency grant's review issue. */
export function emergencyMarker(id: string): string {
  return `<!-- grant-gate:emergency-review id=${JSON.stringify(id)} -->`;
}

/** Title and body of the post-approval review issue for an emergency grant. */
export function emergencyIssue(review: EmergencyReview, approval: string, due: number): { title: string; body: string } {
  const v = review.record.value;
  const emergency = (v['emergency'] ?? {}) as Record<string, unknown>;
  const reviewers = review.reviewers.length ? review.reviewers.join(', ') : 'the security team (no rule governs this resource)';
  return {
    title: `Post-approval review: emergency grant ${review.record.id}`,
    body: [
      emergencyMarker(review.record.id),
      `${reviewers}: the break-glass grant below was approved by the on-call authority, bypassing the owners of ${review.rule ? `rule \`${review.rule.pattern}\`` : 'its resource'}. Please review it by **${iso(due)}**.`,
      '',
      '| field | value |',
      '|---|---|',
      ...['id', 'identity', 'identity_type', 'resource', 'access', 'requester', 'purpose', 'expires'].map((k) => `| ${k} | ${cell(v[k])} |`),
      `| incident | ${cell(emergency['incident'])} |`,
      `| rationale | ${cell(emergency['rationale'])} |`,
      `| file | \`${review.record.file}:${review.record.line}\` |`,
      `| approval | ${approval} |`,
      '',
      'Close this issue once reviewed; note any follow-up (revocation, policy change) here.',
    ].join('\n'),
  };
}

/** The job summary: what expires soon and a timeline of active grants. */
export function pruneSummary(removed: readonly PrunedGrant[], active: readonly GrantRecord[], now: number, window: number): string {
  const soon = active.filter((g) => g.expiresAt !== undefined && g.expiresAt > now && g.expiresAt <= now + window).sort((a, b) => a.expiresAt! - b.expiresAt!);
  const out = [`### grant-gate prune: ${removed.length} expired grant(s) to remove`, ''];
  if (soon.length) {
    out.push(`#### Expiring within ${Math.round(window / 86_400_000)} day(s): renew in time`, '', '| id | requester | resource | expires |', '|---|---|---|---|');
    for (const g of soon) out.push(`| \`${cell(g.id)}\` | ${cell(g.value['requester'])} | ${cell(g.value['resource'])} | ${iso(g.expiresAt!)} |`);
  } else out.push('No grant expires soon.');
  const live = active.filter((g) => g.expiresAt !== undefined && g.expiresAt > now).slice(0, 50);
  if (live.length) {
    out.push('', '#### Active grants', '', '```mermaid', 'gantt', '  dateFormat YYYY-MM-DD', '  axisFormat %m-%d');
    out.push(`  section now`, `  today :milestone, ${iso(now).slice(0, 10)}, 0d`);
    out.push('  section grants');
    for (const g of live) out.push(`  ${mermaidText(g.id)} :${iso(now).slice(0, 10)}, ${iso(g.expiresAt!).slice(0, 10)}`);
    out.push('```');
  }
  return out.join('\n');
}

function mermaidText(text: string): string {
  return text.replace(/[:#;]/g, ' ');
}
