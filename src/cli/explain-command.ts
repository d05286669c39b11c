// `grant-gate explain`: the rule that governs a resource and the level a request would need.
import { accessRank } from '../core/access.js';
import { resolveAuthority } from '../core/authority.js';
import type { Policy, Rule } from '../core/policy.js';
import { normalizeLogin } from '../core/text-rules.js';
import { formatDuration, iso, parseInstant } from '../core/time.js';
import { durationOption, formatOption, nowOption, parseCommand } from './args.js';
import { print } from './output.js';
import { DEFAULT_POLICY, readPolicy } from './policy-file.js';
import { UsageError } from './usage-error.js';

export const EXPLAIN_HELP = `Usage: grant-gate explain RESOURCE [--access LEVEL] [--expires DATE | --duration D]

Shows the rule that governs RESOURCE (file and line), its owners and limits, the escalation,
the delegations that apply, and the level a request for it would need.

  --access LEVEL    the access asked for (default: the lowest level)
  --expires DATE    when it would expire (YYYY-MM-DD or RFC 3339)
  --duration D      or for how long (90m, 12h, 7d, 2w; default 1d)
  --policy PATH     the policy (default ${DEFAULT_POLICY}, relative to --dir)
  --dir DIR         the repository tree (default: the current directory)
  --now ISO         the instant (default: now)
  --format F        text (default) or json`;

const OPTIONS = {
  access: { type: 'string' },
  expires: { type: 'string' },
  duration: { type: 'string' },
  policy: { type: 'string' },
  dir: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
} as const;

const RESOURCE_RE = /^[A-Za-z0-9._@:+=-]+(?:\/[A-Za-z0-9._@:+=-]+)*$/;

/** Runs `explain`; resolves to the exit status. */
export async function explainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 'explain');
  if (values.help) return print(EXPLAIN_HELP).then(() => 0);
  const [resource, ...extra] = positionals;
  if (!resource || extra.length)
    throw new UsageError('grant-gate explain takes one RESOURCE (see grant-gate explain --help)');
  if (!RESOURCE_RE.test(resource) || resource.split('/').some((s) => s === '.' || s === '..')) {
    throw new UsageError(
      `${resource} is not a resource path (slash-separated segments of A-Z a-z 0-9 . _ @ : + = -)`,
    );
  }
  if (values.expires && values.duration)
    throw new UsageError('give --expires or --duration, not both');
  const format = formatOption(values.format);
  const now = nowOption(values.now);
  const policyPath = values.policy ?? DEFAULT_POLICY;
  const policy = readPolicy(values.dir ?? '.', policyPath);
  const access = values.access ?? policy.accessLevels[0]!;
  if (accessRank(policy, access) < 0)
    throw new UsageError(`--access ${access} is not one of ${policy.accessLevels.join(', ')}`);
  let expiresAt =
    now + (values.duration ? durationOption('duration', values.duration) : 86_400_000);
  if (values.expires) {
    const t = parseInstant(values.expires);
    if (t === undefined || t <= now)
      throw new UsageError(
        `--expires ${values.expires} is not a future date or RFC 3339 timestamp`,
      );
    expiresAt = t;
  }
  const explanation = explain(policy, resource, access, expiresAt, now);
  await print(
    format === 'json' ? JSON.stringify(explanation, null, 2) : renderExplanation(explanation),
  );
  return 0;
}

interface Explanation {
  resource: string;
  request: { access: string; expires: string; duration: string };
  rule: null | {
    pattern: string;
    file: string;
    line: number;
    owners: string[];
    max_access: string;
    max_duration: string;
    approvals: number;
  };
  escalation: null | {
    owners: string[];
    max_access: string;
    max_duration: string;
    approvals: number;
  };
  delegations: Array<{
    to: string[];
    granted_by: string;
    pattern: string;
    line: number;
    max_access: string | null;
    max_duration: string | null;
    expires: string | null;
  }>;
  level: string;
  needs_rationale: boolean;
  approvers: string[];
  problems: string[];
}

function explain(
  policy: Policy,
  resource: string,
  access: string,
  expiresAt: number,
  now: number,
): Explanation {
  const index = policy.index.lastMatch(resource);
  const rule: Rule | undefined = index < 0 ? undefined : policy.rules[index];
  const level = (rank: number) => policy.accessLevels[rank] ?? '?';
  const owners = new Set(rule?.owners.map(normalizeLogin) ?? []);
  const outcome = resolveAuthority(
    policy,
    {
      resource,
      access,
      expiresAt,
      exception: { rationale: 'stated rationale for explain' },
      file: '',
      lineOf: () => 0,
    },
    now,
  );
  return {
    resource,
    request: { access, expires: iso(expiresAt), duration: formatDuration(expiresAt - now) },
    rule: rule
      ? {
          pattern: rule.pattern,
          file: policy.file,
          line: rule.line,
          owners: rule.owners,
          max_access: level(rule.maxAccess),
          max_duration: formatDuration(rule.maxDuration),
          approvals: rule.approvals,
        }
      : null,
    escalation: rule?.escalation
      ? {
          owners: rule.escalation.owners,
          max_access: level(rule.escalation.maxAccess),
          max_duration: formatDuration(rule.escalation.maxDuration),
          approvals: rule.escalation.approvals,
        }
      : null,
    delegations: policy.delegations
      .filter(
        (d) =>
          d.matcher.matches(resource) &&
          owners.has(normalizeLogin(d.grantedBy)) &&
          (d.expiresAt === undefined || d.expiresAt > now),
      )
      .map((d) => ({
        to: d.to,
        granted_by: d.grantedBy,
        pattern: d.pattern,
        line: d.line,
        max_access: d.maxAccess === undefined ? null : level(d.maxAccess),
        max_duration: d.maxDuration === undefined ? null : formatDuration(d.maxDuration),
        expires: d.expiresAt === undefined ? null : iso(d.expiresAt),
      })),
    level: outcome.level,
    needs_rationale: outcome.level === 'escalation',
    approvers: outcome.approvers,
    problems: outcome.problems.map((p) => `${p.code}: ${p.message}`),
  };
}

function renderExplanation(e: Explanation): string {
  const out = [
    `${e.resource}: ${e.request.access} for ${e.request.duration} needs ${e.level === 'none' ? 'an authority the policy does not give' : `${e.level} approval`}${e.needs_rationale ? ' with exception.rationale' : ''}`,
  ];
  if (e.approvers.length) out.push(`  approvers: ${e.approvers.join(', ')}`);
  for (const p of e.problems) out.push(`  ${p}`);
  if (e.rule) {
    out.push(`rule ${e.rule.pattern} (${e.rule.file}:${e.rule.line})`);
    out.push(`  owners: ${e.rule.owners.join(', ') || 'none'}`);
    out.push(
      `  limits: ${e.rule.max_access} for ${e.rule.max_duration}, ${e.rule.approvals} approval(s)`,
    );
  } else out.push('no rule governs this resource');
  if (e.escalation) {
    out.push(
      `escalation: ${e.escalation.owners.join(', ')} up to ${e.escalation.max_access} for ${e.escalation.max_duration}, ${e.escalation.approvals} approval(s), with a rationale`,
    );
  } else if (e.rule) out.push('escalation: none (requests past the limits are blocked)');
  for (const d of e.delegations) {
    out.push(
      `delegation (line ${d.line}): ${d.to.join(', ')} for ${d.granted_by} on ${d.pattern}, up to ${d.max_access ?? 'the rule'} for ${d.max_duration ?? 'the rule'}${d.expires ? `, until ${d.expires}` : ''}`,
    );
  }
  return out.join('\n');
}
