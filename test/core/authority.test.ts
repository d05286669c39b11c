import { describe, expect, it } from 'vitest';
import { requestOf, resolveAuthority } from '../../src/core/authority.js';
import type { Policy } from '../../src/core/policy.js';
import {
  after,
  DAY,
  grantFile,
  HOUR,
  lineOfKey,
  MINUTE,
  NOW,
  policyOf,
  SPEC_POLICY,
  validRecord,
  type GrantFields,
} from './fixtures.js';

const SPEC = policyOf(SPEC_POLICY);
const RATIONALE = ['rationale: The quarterly close needs write access past the owners limit'];
const EMERGENCY = [
  'rationale: Payments are down and the database must be inspected now',
  'incident: INC-42',
];

function resolve(overrides: GrantFields, policy: Policy = SPEC, now = NOW) {
  const outcome = resolveAuthority(
    policy,
    requestOf(validRecord(overrides, policy.accessLevels)),
    now,
  );
  return {
    level: outcome.level,
    approvers: outcome.approvers,
    approvals: outcome.approvals,
    problems: outcome.problems.map((p) => p.code),
    warnings: outcome.warnings.map((w) => w.code),
  };
}

const PROD = '@acme/prod-owners';

// The spec's policy: `aws/prod/` allows read for 7d, escalation admin for 30d; `*` inherits write
// for 30d with no escalation; carol is delegated read for 3d on aws/prod/payments-*; emergency
// allows admin for 8h.
const CASES: Array<
  [
    string,
    GrantFields,
    {
      level: string;
      approvers?: string[];
      approvals?: number;
      problems?: string[];
      warnings?: string[];
    },
  ]
> = [
  [
    'a request within the rule goes to its owners',
    { expires: after(5 * DAY) },
    { level: 'owner', approvers: [PROD, 'dana'], approvals: 1, problems: [] },
  ],
  [
    'a request of exactly max_duration is within the rule',
    { expires: after(7 * DAY) },
    { level: 'owner', approvers: [PROD, 'dana'], problems: [] },
  ],
  [
    'a request one minute past max_duration escalates',
    { expires: after(7 * DAY + MINUTE), exception: RATIONALE },
    { level: 'escalation', approvers: ['@acme/security-leads'], approvals: 1, problems: [] },
  ],
  [
    'a request above max_access escalates',
    { access: 'write', expires: after(DAY), exception: RATIONALE },
    { level: 'escalation', approvers: ['@acme/security-leads'], problems: [] },
  ],
  [
    'a request of exactly the escalation limits escalates',
    { access: 'admin', expires: after(30 * DAY), exception: RATIONALE },
    { level: 'escalation', problems: [] },
  ],
  [
    'a request past the escalation duration would need a second hop',
    { access: 'admin', expires: after(30 * DAY + MINUTE), exception: RATIONALE },
    { level: 'none', approvers: [], problems: ['multi-hop'] },
  ],
  [
    'an escalation without an exception lacks a rationale',
    { access: 'write', expires: after(DAY) },
    { level: 'escalation', problems: ['missing-rationale'] },
  ],
  [
    'an escalation with a placeholder rationale lacks a rationale',
    { access: 'write', expires: after(DAY), exception: ['rationale: TBD'] },
    { level: 'escalation', problems: ['missing-rationale'] },
  ],
  [
    'an escalation with a 14-character rationale lacks a rationale',
    { access: 'write', expires: after(DAY), exception: [`rationale: ${'a'.repeat(14)}`] },
    { level: 'escalation', problems: ['missing-rationale'] },
  ],
  [
    'an escalation with an empty exception lacks a rationale',
    { access: 'write', expires: after(DAY), exception: '{}' },
    { level: 'escalation', problems: ['missing-rationale'] },
  ],
  [
    'a request within the rule is owner-level whatever its exception says, with a warning',
    { expires: after(DAY), exception: RATIONALE },
    { level: 'owner', problems: [], warnings: ['unneeded-exception'] },
  ],
  [
    'a request within the rule without exception has no warning',
    { expires: after(5 * DAY) },
    { level: 'owner', warnings: [] },
  ],
  [
    'the catch-all rule inherits write for 30 days from defaults',
    { resource: 'gcp/project-x', access: 'write', expires: after(30 * DAY) },
    { level: 'owner', approvers: ['@acme/security'], problems: [] },
  ],
  [
    'past a rule without escalation exceeds authority (access)',
    { resource: 'gcp/project-x', access: 'admin', expires: after(DAY) },
    { level: 'none', approvers: [], problems: ['exceeds-authority'] },
  ],
  [
    'past a rule without escalation exceeds authority (duration)',
    { resource: 'gcp/project-x', expires: after(30 * DAY + MINUTE) },
    { level: 'none', problems: ['exceeds-authority'] },
  ],
  [
    'a rationale does not lift a rule without escalation',
    { resource: 'gcp/project-x', access: 'admin', expires: after(DAY), exception: RATIONALE },
    { level: 'none', problems: ['exceeds-authority'] },
  ],
  [
    'the last matching rule governs, not the first',
    { resource: 'aws/prod/x', access: 'write', expires: after(DAY), exception: RATIONALE },
    { level: 'escalation' },
  ],
  [
    'a delegate within the delegation joins the owners',
    { expires: after(2 * DAY) },
    { level: 'owner', approvers: [PROD, 'dana', 'carol'] },
  ],
  [
    'a delegate at exactly the delegation max_duration joins the owners',
    { expires: after(3 * DAY) },
    { level: 'owner', approvers: [PROD, 'dana', 'carol'] },
  ],
  [
    'a delegate past the delegation max_duration does not join',
    { expires: after(3 * DAY + MINUTE) },
    { level: 'owner', approvers: [PROD, 'dana'] },
  ],
  [
    'a delegate whose pattern does not match the resource does not join',
    { resource: 'aws/prod/billing-db', expires: after(DAY) },
    { level: 'owner', approvers: [PROD, 'dana'] },
  ],
  [
    'a delegate never approves an escalation',
    { access: 'write', expires: after(DAY), exception: RATIONALE },
    { level: 'escalation', approvers: ['@acme/security-leads'] },
  ],
  [
    'an emergency goes to the emergency owners',
    { access: 'admin', expires: after(8 * HOUR), emergency: EMERGENCY },
    { level: 'emergency', approvers: ['@acme/oncall'], approvals: 1, problems: [] },
  ],
  [
    'an emergency skips the resource rule',
    { resource: 'gcp/project-x', access: 'admin', expires: after(HOUR), emergency: EMERGENCY },
    { level: 'emergency', approvers: ['@acme/oncall'] },
  ],
  [
    'an emergency past its max_duration exceeds authority',
    { access: 'admin', expires: after(8 * HOUR + MINUTE), emergency: EMERGENCY },
    { level: 'none', approvers: [], problems: ['exceeds-authority'] },
  ],
  [
    'an emergency without a rationale is blocked',
    { access: 'admin', expires: after(HOUR), emergency: ['incident: INC-42'] },
    { level: 'none', problems: ['missing-rationale'] },
  ],
  [
    'an emergency with a placeholder rationale is blocked',
    { access: 'admin', expires: after(HOUR), emergency: ['rationale: urgent'] },
    { level: 'none', problems: ['missing-rationale'] },
  ],
];

describe('resolveAuthority with the spec policy', () => {
  it.each(CASES)('%s', (_name, overrides, expected) => {
    expect(resolve(overrides)).toMatchObject(expected);
  });
});

const NO_CATCH_ALL = policyOf(`version: 1
rules:
  - pattern: aws/prod/
    owners: [dana]
    max_access: read
    max_duration: 7d
`);

const NO_EMERGENCY = policyOf(SPEC_POLICY.slice(0, SPEC_POLICY.indexOf('emergency:')));

function withDelegation(...delegation: string[]): Policy {
  return policyOf(`version: 1
rules:
  - pattern: aws/prod/
    owners: ["@acme/prod-owners", Dana]
    max_access: write
    max_duration: 7d
    approvals: 2
    escalation: {owners: [leo], max_access: admin, max_duration: 30d, approvals: 3}
delegations:
${delegation.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)).join('\n')}
`);
}

describe('resolveAuthority with other policies', () => {
  it('finds no authority for a resource no rule matches', () => {
    expect(resolve({ resource: 'gcp/project-x' }, NO_CATCH_ALL)).toMatchObject({
      level: 'none',
      approvers: [],
      problems: ['no-authority'],
    });
  });

  it('finds no authority for an emergency when the policy defines no emergency authority', () => {
    expect(
      resolve({ access: 'admin', expires: after(HOUR), emergency: EMERGENCY }, NO_EMERGENCY),
    ).toMatchObject({ level: 'none', problems: ['no-authority'] });
  });

  it.each([
    [
      'a live delegation from a login owner (any case) joins',
      ['to: [carol]', 'granted_by: dana', 'pattern: aws/prod/', 'expires: 2027-01-01'],
      ['carol'],
    ],
    [
      'a delegation without limits or expiry joins',
      ['to: [carol]', 'granted_by: "@acme/prod-owners"', 'pattern: aws/prod/'],
      ['carol'],
    ],
    [
      'an expired delegation does not join',
      ['to: [carol]', 'granted_by: dana', 'pattern: aws/prod/', 'expires: 2026-12-01'],
      [],
    ],
    [
      'a delegation expiring exactly now has expired',
      ['to: [carol]', 'granted_by: dana', 'pattern: aws/prod/', 'expires: 2026-12-03'],
      [],
    ],
    [
      'a delegation granted by someone who does not own the rule does not join',
      ['to: [carol]', 'granted_by: erin', 'pattern: aws/prod/'],
      [],
    ],
    [
      'a delegation whose max_access the grant exceeds does not join',
      ['to: [carol]', 'granted_by: dana', 'pattern: aws/prod/', 'max_access: read'],
      [],
    ],
  ])('%s', (_name, delegation, delegates) => {
    const outcome = resolve(
      { access: 'write', expires: after(DAY) },
      withDelegation(...delegation),
    );
    expect(outcome).toMatchObject({
      level: 'owner',
      approvers: [PROD, 'Dana', ...delegates],
      approvals: 2,
    });
  });

  it("uses the escalation's own approvals", () => {
    const policy = withDelegation('to: [carol]', 'granted_by: dana', 'pattern: aws/prod/');
    expect(
      resolve({ access: 'admin', expires: after(DAY), exception: RATIONALE }, policy),
    ).toMatchObject({ level: 'escalation', approvers: ['leo'], approvals: 3 });
  });

  it('measures the duration from now', () => {
    const expires = after(7 * DAY);
    expect(resolve({ expires }, SPEC, NOW).level).toBe('owner');
    expect(resolve({ expires, exception: RATIONALE }, SPEC, NOW - HOUR).level).toBe('escalation');
  });
});

describe('resolveAuthority points each problem at the offending key', () => {
  it.each([
    [
      'exceeds-authority by access points at access',
      { resource: 'gcp/x', access: 'admin', expires: after(DAY) },
      'access',
    ],
    [
      'exceeds-authority by duration points at expires',
      { resource: 'gcp/x', expires: after(31 * DAY) },
      'expires',
    ],
    [
      'multi-hop by duration points at expires',
      { expires: after(31 * DAY), exception: RATIONALE },
      'expires',
    ],
    ['no-authority points at resource', { resource: 'gcp/x' }, 'resource'],
    [
      'a placeholder rationale points at the rationale',
      { access: 'write', expires: after(DAY), exception: ['rationale: n/a'] },
      'rationale',
    ],
  ] as Array<[string, GrantFields, string]>)('%s', (_name, overrides, key) => {
    const policy = key === 'resource' ? NO_CATCH_ALL : SPEC;
    const record = validRecord(overrides);
    const outcome = resolveAuthority(policy, requestOf(record), NOW);
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]!.line).toBe(lineOfKey(grantFile(overrides), key));
    expect(outcome.problems[0]!.file).toBe(record.file);
  });
});
