// Who may approve a valid grant: the governing rule's owners (and delegates) within its
// boundary, one escalation hop past it, or the separate emergency authority.
import { accessRank } from './access.js';
import type { GrantRecord } from './grants-file.js';
import type { Policy, Rule } from './policy.js';
import { problem, warning, type Problem, type Warning } from './problems.js';
import { isExplanation, normalizeLogin } from './text-rules.js';
import { formatDuration } from './time.js';
import { lineAt } from './yaml-tree.js';

export type AuthorityLevel = 'owner' | 'escalation' | 'emergency' | 'none';

export interface AuthorityOutcome {
  level: AuthorityLevel;
  /** the rule that governs the resource (none for emergency grants and ungoverned resources) */
  rule: Rule | undefined;
  /** owners as the policy writes them, delegates after the rule's owners */
  approvers: string[];
  approvals: number;
  problems: Problem[];
  warnings: Warning[];
}

/** What authority resolution needs to know of a request, and where to point its problems. */
export interface AccessRequest {
  resource: string;
  access: string;
  expiresAt: number;
  exception?: { rationale?: string | undefined } | undefined;
  emergency?: { rationale?: string | undefined } | undefined;
  file: string;
  /** line of a key of the request (the request's first line when absent) */
  lineOf(path: readonly string[]): number;
}

/** The access request a schema-valid grant makes. */
export function requestOf(record: GrantRecord): AccessRequest {
  const grant = record.grant!;
  return {
    resource: grant.resource,
    access: grant.access,
    expiresAt: record.expiresAt!,
    exception: grant.exception,
    emergency: grant.emergency,
    file: record.file,
    lineOf: (path) => lineAt(record.node, path),
  };
}

/** Decides who may approve the request at instant `now` (its time-box runs from now to expiry). */
export function resolveAuthority(
  policy: Policy,
  grant: AccessRequest,
  now: number,
): AuthorityOutcome {
  const duration = grant.expiresAt - now;
  const access = accessRank(policy, grant.access);
  const at = (key: string) => grant.lineOf([key]);
  const record = { file: grant.file, line: grant.lineOf([]) };
  const none = (problems: Problem[], rule?: Rule): AuthorityOutcome => ({
    level: 'none',
    rule,
    approvers: [],
    approvals: 0,
    problems,
    warnings: [],
  });
  const pastLine = (maxAccess: number) => (access > maxAccess ? at('access') : at('expires'));
  const describe = (maxAccess: number, maxDuration: number) =>
    `${policy.accessLevels[maxAccess] ?? '?'} for ${formatDuration(maxDuration)}`;

  if (grant.emergency) {
    const e = policy.emergency;
    if (!e)
      return none([
        problem(
          'no-authority',
          'the policy defines no emergency authority',
          record.file,
          at('emergency'),
        ),
      ]);
    const problems: Problem[] = [];
    if (!isExplanation(grant.emergency.rationale)) {
      problems.push(
        problem(
          'missing-rationale',
          'an emergency grant needs emergency.rationale explaining the incident (at least 15 characters)',
          record.file,
          grant.lineOf(['emergency', 'rationale']),
        ),
      );
    }
    if (access > e.maxAccess || duration > e.maxDuration) {
      problems.push(
        problem(
          'exceeds-authority',
          `the emergency authority approves at most ${describe(e.maxAccess, e.maxDuration)}; shorten or lower the request`,
          record.file,
          pastLine(e.maxAccess),
        ),
      );
    }
    if (problems.length) return none(problems);
    return {
      level: 'emergency',
      rule: undefined,
      approvers: [...e.owners],
      approvals: e.approvals,
      problems: [],
      warnings: [],
    };
  }

  const index = policy.index.lastMatch(grant.resource);
  const rule = index < 0 ? undefined : policy.rules[index];
  if (!rule)
    return none([
      problem(
        'no-authority',
        `no rule of ${policy.file} governs ${grant.resource}`,
        record.file,
        at('resource'),
      ),
    ]);

  if (access <= rule.maxAccess && duration <= rule.maxDuration) {
    const warnings = grant.exception
      ? [
          warning(
            'unneeded-exception',
            `the request is within the owners' limits (${describe(rule.maxAccess, rule.maxDuration)}); the exception is not needed`,
            record.file,
            at('exception'),
          ),
        ]
      : [];
    return {
      level: 'owner',
      rule,
      approvers: ownerApprovers(policy, rule, grant, access, duration, now),
      approvals: rule.approvals,
      problems: [],
      warnings,
    };
  }
  const e = rule.escalation;
  if (!e) {
    return none(
      [
        problem(
          'exceeds-authority',
          `rule ${rule.pattern} allows at most ${describe(rule.maxAccess, rule.maxDuration)} and has no escalation; shorten or lower the request`,
          record.file,
          pastLine(rule.maxAccess),
        ),
      ],
      rule,
    );
  }
  if (access > e.maxAccess || duration > e.maxDuration) {
    return none(
      [
        problem(
          'multi-hop',
          `past the escalation's limit too (${describe(e.maxAccess, e.maxDuration)}): it would need a second hop; split or shorten the request`,
          record.file,
          pastLine(e.maxAccess),
        ),
      ],
      rule,
    );
  }
  const problems = isExplanation(grant.exception?.rationale)
    ? []
    : [
        problem(
          'missing-rationale',
          `past the owners' limit (${describe(rule.maxAccess, rule.maxDuration)}), the request goes to the escalation and needs exception.rationale (at least 15 characters)`,
          record.file,
          grant.lineOf(['exception', 'rationale']),
        ),
      ];
  return {
    level: 'escalation',
    rule,
    approvers: [...e.owners],
    approvals: e.approvals,
    problems,
    warnings: [],
  };
}

function ownerApprovers(
  policy: Policy,
  rule: Rule,
  grant: AccessRequest,
  access: number,
  duration: number,
  now: number,
): string[] {
  const owners = new Set(rule.owners.map(normalizeLogin));
  const out = [...rule.owners];
  for (const d of policy.delegations) {
    if (!owners.has(normalizeLogin(d.grantedBy))) continue;
    if (d.expiresAt !== undefined && d.expiresAt <= now) continue;
    if (d.maxAccess !== undefined && access > d.maxAccess) continue;
    if (d.maxDuration !== undefined && duration > d.maxDuration) continue;
    if (d.matcher.matches(grant.resource)) out.push(...d.to);
  }
  return out;
}
