// Authority scenarios (decision `blocked` when it fails), delegations and CODEOWNERS-style
// pattern matching, derived from SPEC.md "Authority policy" and "Evaluation > Authority".
// now = 2027-01-01T00:00:00Z; the default policy is in helpers.ts (aws/prod/: read, 7d,
// escalation write/30d; "*": defaults write/30d, no escalation; aws/prod/vault: read, 2d,
// approvals 2, no escalation; emergency admin/8h).
import { describe } from 'vitest';
import {
  RULE_AWS_PROD,
  RULE_STAR,
  RULE_VAULT,
  evaluate,
  expectOutcome,
  grant,
  grantsFile,
  scenarios,
  type GrantExp,
  type GrantFields,
  type Row,
} from './helpers.js';

const F = 'grants/req.yaml';
const RATIONALE = 'The repair script must update rows; read access cannot fix them';
const EMERGENCY = '"Production outage: payments are failing and need a direct fix"';

interface AuthRow extends Row {
  fields: GrantFields;
  policy?: string;
  exit?: number;
  expect: GrantExp;
}

function runAuth(row: AuthRow) {
  const exp = row.expect;
  const exit = row.exit ?? (exp.decision === 'approved' ? 0 : 1);
  expectOutcome(
    evaluate({ head: { [F]: grantsFile(grant('req', row.fields)) }, policy: row.policy }),
    {
      exit,
      decision: exp.decision,
      grants: { req: { change: 'added', ...exp } },
    },
  );
}

const OWNER_AWS = {
  decision: 'pending',
  authority: 'owner',
  rule: RULE_AWS_PROD,
  approvers: ['@acme/prod-owners', 'dana'],
  approvals_required: 1,
  approved_by: [],
  problems: [],
} satisfies GrantExp;
const ESCALATION_AWS = {
  decision: 'pending',
  authority: 'escalation',
  rule: RULE_AWS_PROD,
  approvers: ['@acme/security-leads'],
  approvals_required: 1,
  approved_by: [],
  problems: [],
} satisfies GrantExp;
const EMERGENCY_OK = {
  decision: 'pending',
  authority: 'emergency',
  approvers: ['@acme/oncall'],
  approvals_required: 1,
  approved_by: [],
  problems: [],
  // Ambiguity: the spec does not say which `rule` an emergency grant reports (the routine
  // chain is not used), so `rule` is not asserted for emergency grants.
} satisfies GrantExp;
/** Blocked for lack of authority: nobody is routed. */
function noAuthority(code: string, rule: GrantExp['rule']): GrantExp {
  return {
    decision: 'blocked',
    // SPEC: authority is "none (removed and narrowed grants, and grants with no authority)".
    authority: 'none',
    approvers: [],
    approved_by: [],
    // Ambiguity: for exceeds-authority / multi-hop the spec does not say whether `rule` is the
    // governing rule or null. A security engineer wants to see whose boundary was exceeded, so
    // the governing rule is expected; null only when no rule matched.
    rule,
    problems: [{ code }],
  };
}

const NO_STAR_POLICY = `version: 1
defaults: { max_access: write, max_duration: 30d }
rules:
  - pattern: aws/
    owners: ["@acme/cloud"]
emergency:
  owners: ["@acme/oncall"]
  max_access: write
  max_duration: 8h
`;
const NO_EMERGENCY_POLICY = `version: 1
defaults: { max_access: write, max_duration: 30d }
rules:
  - pattern: "*"
    owners: ["@acme/security"]
`;
const ESCALATION_DEFAULT_APPROVALS_POLICY = `version: 1
defaults: { max_access: read, max_duration: 7d }
rules:
  - pattern: aws/
    owners: ["@acme/cloud"]
    approvals: 2
    escalation:
      owners: ["@acme/security-leads"]
      max_access: admin
      max_duration: 30d
`;
const DELEGATION_ACCESS_POLICY = `version: 1
defaults: { max_access: write, max_duration: 30d }
rules:
  - pattern: gcp/
    owners: [dana]
delegations:
  - to: [carol]
    granted_by: dana
    pattern: gcp/x
    max_access: read
    max_duration: 7d
    expires: 2027-06-01
  - to: [erin]
    granted_by: dana
    pattern: gcp/y
    max_access: read
    max_duration: 7d
    expires: 2027-01-01T00:00:00Z
`;
const WEEKS_POLICY = `version: 1
access_levels: [viewer, operator, owner]
defaults: { max_access: operator, max_duration: 2w, approvals: 1 }
rules:
  - pattern: "*"
    owners: ["@dana"]
`;

describe('authority: which level approves', () => {
  const rows: AuthRow[] = [
    {
      name: 'the last matching rule wins: aws/prod/db is governed by aws/prod/, not by "*"',
      fields: {},
      expect: OWNER_AWS,
    },
    {
      name: 'the last matching rule wins: aws/prod/vault/key is governed by aws/prod/vault (later) with approvals 2',
      fields: { resource: 'aws/prod/vault/key', expires: '2027-01-02' },
      expect: {
        ...OWNER_AWS,
        rule: RULE_VAULT,
        approvers: ['@acme/vault-keepers'],
        approvals_required: 2,
      },
    },
    {
      name: 'a resource only "*" matches is governed by "*" with the defaults\u2019 limits',
      fields: { resource: 'gcp/proj/bucket', access: 'write', expires: '2027-01-31' },
      expect: { ...OWNER_AWS, rule: RULE_STAR, approvers: ['@acme/security'] },
    },
    {
      name: 'within the owners\u2019 limits exactly (7d, read) is owner level',
      fields: { expires: '2027-01-08' },
      expect: OWNER_AWS,
    },
    {
      name: 'an offset timestamp inside the limit in UTC is owner level (2027-01-08T00:30+01:00 = 6d23h30m)',
      fields: { expires: '2027-01-08T00:30:00+01:00' },
      expect: OWNER_AWS,
    },
    {
      name: 'an unneeded exception within the owners\u2019 limits is a warning and still owner level',
      fields: { exception: RATIONALE },
      expect: { ...OWNER_AWS, warnings: 'some' },
    },
    {
      name: 'a grant past the owners\u2019 access limit with a rationale goes one hop to the escalation owners',
      fields: { access: 'write', exception: RATIONALE },
      expect: ESCALATION_AWS,
    },
    {
      name: 'a grant one second past the owners\u2019 duration limit with a rationale goes to the escalation owners',
      fields: { expires: '2027-01-08T00:00:01Z', exception: RATIONALE },
      expect: ESCALATION_AWS,
    },
    {
      name: 'an offset timestamp past the limit in UTC goes to escalation (2027-01-08T00:30-01:00 = 7d1h30m)',
      fields: { expires: '2027-01-08T00:30:00-01:00', exception: RATIONALE },
      expect: ESCALATION_AWS,
    },
    {
      name: 'a grant at exactly the escalation\u2019s limits (write, 30d) with a rationale is escalation',
      fields: { access: 'write', expires: '2027-01-31', exception: RATIONALE },
      expect: ESCALATION_AWS,
    },
    {
      name: 'the escalation needs approvals 1 by default even when the rule needs more',
      fields: { resource: 'aws/x', access: 'write', exception: RATIONALE },
      policy: ESCALATION_DEFAULT_APPROVALS_POLICY,
      expect: {
        decision: 'pending',
        authority: 'escalation',
        rule: { pattern: 'aws/', line: 4 },
        approvers: ['@acme/security-leads'],
        approvals_required: 1,
        problems: [],
      },
    },
    {
      name: 'escalation delegations do not apply: a delegated resource past the owners\u2019 limit lists only the escalation owners',
      fields: {
        resource: 'aws/prod/payments-db',
        access: 'write',
        expires: '2027-01-02',
        exception: RATIONALE,
      },
      expect: ESCALATION_AWS,
    },
    {
      name: 'past the owners\u2019 limit without any exception is blocked: missing-rationale',
      fields: { access: 'write' },
      // Ambiguity: the spec gives no `authority` for a grant blocked by missing-rationale (the
      // level is escalation, but nobody is routed). Only decision and problem are asserted.
      expect: { decision: 'blocked', approved_by: [], problems: [{ code: 'missing-rationale' }] },
    },
    {
      name: 'an exception whose rationale is a placeholder (n/a) is missing-rationale, never invalid-field',
      fields: { access: 'write', exception: 'n/a' },
      expect: { decision: 'blocked', problems: [{ code: 'missing-rationale' }] },
    },
    {
      name: 'an exception whose rationale is shorter than 15 characters is missing-rationale',
      fields: { access: 'write', exception: '"needs write"' },
      expect: { decision: 'blocked', problems: [{ code: 'missing-rationale' }] },
    },
    {
      name: 'an exception block without a rationale is missing-rationale, never missing-field',
      fields: { access: 'write', extra: ['    exception: {}'] },
      expect: { decision: 'blocked', problems: [{ code: 'missing-rationale' }] },
    },
    {
      name: 'past the escalation\u2019s access limit too (admin) is blocked: multi-hop',
      fields: { access: 'admin', exception: RATIONALE },
      expect: noAuthority('multi-hop', RULE_AWS_PROD),
    },
    {
      name: 'past the escalation\u2019s duration limit too (31d) is blocked: multi-hop',
      fields: { expires: '2027-02-01', exception: RATIONALE },
      expect: noAuthority('multi-hop', RULE_AWS_PROD),
    },
    {
      name: 'a second hop without rationale is multi-hop only (the escalation is never reached)',
      fields: { access: 'admin' },
      expect: noAuthority('multi-hop', RULE_AWS_PROD),
    },
    {
      name: 'past a rule that has no escalation (access) is blocked: exceeds-authority',
      fields: { resource: 'gcp/proj/bucket', access: 'admin', exception: RATIONALE },
      expect: noAuthority('exceeds-authority', RULE_STAR),
    },
    {
      name: 'past a rule that has no escalation (duration 31d) is blocked: exceeds-authority',
      fields: { resource: 'gcp/proj/bucket', expires: '2027-02-01', exception: RATIONALE },
      expect: noAuthority('exceeds-authority', RULE_STAR),
    },
    {
      name: 'past the later aws/prod/vault rule (no escalation) is exceeds-authority even though aws/prod/ has one',
      fields: { resource: 'aws/prod/vault', expires: '2027-01-04', exception: RATIONALE },
      expect: noAuthority('exceeds-authority', RULE_VAULT),
    },
    {
      name: 'a resource no rule matches is blocked: no-authority, rule null',
      fields: { resource: 'gcp/proj/bucket' },
      policy: NO_STAR_POLICY,
      expect: noAuthority('no-authority', null),
    },
    {
      name: 'a rule\u2019s line is that of its `- ` item even when its first key is not pattern',
      fields: { resource: 'gcp/x' },
      policy:
        'version: 1\ndefaults: { max_access: write, max_duration: 30d }\nrules:\n  - owners: [dana]\n    pattern: gcp/\n',
      expect: {
        decision: 'pending',
        authority: 'owner',
        rule: { pattern: 'gcp/', line: 4 },
        approvers: ['dana'],
      },
    },
    {
      name: 'approvals from defaults apply to a rule that sets none',
      fields: { resource: 'gcp/x' },
      policy:
        'version: 1\ndefaults: { max_access: write, max_duration: 30d, approvals: 2 }\nrules:\n  - pattern: "*"\n    owners: ["@acme/vault-keepers"]\n',
      expect: { decision: 'pending', authority: 'owner', approvals_required: 2 },
    },
    {
      name: 'an escalation\u2019s own approvals: 2 is required at the escalation level',
      fields: { resource: 'gcp/x', access: 'admin', exception: RATIONALE },
      policy:
        'version: 1\ndefaults: { max_access: write, max_duration: 30d }\nrules:\n  - pattern: "*"\n    owners: ["@acme/security"]\n' +
        '    escalation:\n      owners: ["@acme/security-leads"]\n      max_access: admin\n      max_duration: 30d\n      approvals: 2\n',
      expect: {
        decision: 'pending',
        authority: 'escalation',
        approvers: ['@acme/security-leads'],
        approvals_required: 2,
        rule: { pattern: '*', line: 4 },
      },
    },
    {
      name: 'durations in weeks and custom access levels: 2w of operator is owner level',
      fields: { resource: 'gcp/x', access: 'operator', expires: '2027-01-15' },
      policy: WEEKS_POLICY,
      expect: {
        decision: 'pending',
        authority: 'owner',
        rule: { pattern: '*', line: 5 },
        approvers: ['@dana'], // "approvers lists owners as the policy writes them"
        approvals_required: 1,
        problems: [],
      },
    },
    {
      name: 'custom access levels rank by their order: owner is past max_access operator (no escalation)',
      fields: { resource: 'gcp/x', access: 'owner', expires: '2027-01-15', exception: RATIONALE },
      policy: WEEKS_POLICY,
      expect: noAuthority('exceeds-authority', { pattern: '*', line: 5 }),
    },
    {
      name: 'a duration one day past 2w is exceeds-authority',
      fields: { resource: 'gcp/x', access: 'viewer', expires: '2027-01-16', exception: RATIONALE },
      policy: WEEKS_POLICY,
      expect: noAuthority('exceeds-authority', { pattern: '*', line: 5 }),
    },
  ];
  scenarios(rows, runAuth);
});

describe('authority: emergency (break-glass)', () => {
  const rows: AuthRow[] = [
    {
      name: 'an emergency within the emergency limits is routed to the emergency owners',
      fields: { access: 'admin', expires: '"2027-01-01T04:00:00Z"', emergency: EMERGENCY },
      expect: EMERGENCY_OK,
    },
    {
      name: 'an emergency at exactly its max_duration (8h) is emergency',
      fields: { access: 'admin', expires: '"2027-01-01T08:00:00Z"', emergency: EMERGENCY },
      expect: EMERGENCY_OK,
    },
    {
      name: 'an emergency on a resource no rule matches still uses the emergency authority',
      fields: {
        resource: 'gcp/proj/bucket',
        access: 'write',
        expires: '"2027-01-01T04:00:00Z"',
        emergency: EMERGENCY,
      },
      policy: NO_STAR_POLICY,
      expect: EMERGENCY_OK,
    },
    {
      name: 'an emergency without a rationale is blocked: missing-rationale',
      fields: {
        access: 'admin',
        expires: '"2027-01-01T04:00:00Z"',
        extra: ['    emergency:', '      incident: INC-42'],
      },
      expect: { decision: 'blocked', approved_by: [], problems: [{ code: 'missing-rationale' }] },
    },
    {
      name: 'an emergency whose rationale is a placeholder (urgent) is missing-rationale',
      fields: { access: 'admin', expires: '"2027-01-01T04:00:00Z"', emergency: 'urgent' },
      expect: { decision: 'blocked', problems: [{ code: 'missing-rationale' }] },
    },
    {
      name: 'an emergency past its max_duration (9h > 8h) is blocked: exceeds-authority',
      fields: { access: 'read', expires: '"2027-01-01T09:00:00Z"', emergency: EMERGENCY },
      expect: {
        decision: 'blocked',
        authority: 'none',
        approvers: [],
        problems: [{ code: 'exceeds-authority' }],
      },
    },
    {
      name: 'an emergency past its max_access (admin > write) is blocked: exceeds-authority',
      fields: {
        resource: 'aws/x',
        access: 'admin',
        expires: '"2027-01-01T04:00:00Z"',
        emergency: EMERGENCY,
      },
      policy: NO_STAR_POLICY,
      expect: {
        decision: 'blocked',
        authority: 'none',
        approvers: [],
        problems: [{ code: 'exceeds-authority' }],
      },
    },
    {
      name: 'an emergency when the policy defines none is blocked: no-authority (not routed to the rule owners)',
      fields: { resource: 'gcp/x', expires: '"2027-01-01T04:00:00Z"', emergency: EMERGENCY },
      policy: NO_EMERGENCY_POLICY,
      expect: {
        decision: 'blocked',
        authority: 'none',
        approvers: [],
        problems: [{ code: 'no-authority' }],
      },
    },
  ];
  scenarios(rows, runAuth);
});

describe('delegations: a delegate joins the owners when pattern, grantor, expiry and limits fit', () => {
  const rows: AuthRow[] = [
    {
      name: 'a delegate is added when the pattern matches, granted_by is a rule owner, it has not expired and the grant fits',
      fields: { resource: 'aws/prod/payments-db', expires: '2027-01-03' },
      expect: { ...OWNER_AWS, approvers: ['@acme/prod-owners', 'dana', 'carol'] },
    },
    {
      name: 'a grant at exactly the delegation\u2019s max_duration (3d) still gets the delegate',
      fields: { resource: 'aws/prod/payments-db', expires: '2027-01-04' },
      expect: { ...OWNER_AWS, approvers: ['@acme/prod-owners', 'dana', 'carol'] },
    },
    {
      name: 'a grant past the delegation\u2019s max_duration (5d) but within the rule is owner level without the delegate',
      fields: { resource: 'aws/prod/payments-db', expires: '2027-01-06' },
      expect: OWNER_AWS,
    },
    {
      name: 'a delegation whose pattern does not match (payments-* vs a deeper path) adds nobody',
      fields: { resource: 'aws/prod/payments-db/replica', expires: '2027-01-03' },
      expect: OWNER_AWS,
    },
    {
      name: 'an expired delegation adds nobody',
      fields: { resource: 'aws/prod/orders', expires: '2027-01-03' },
      expect: OWNER_AWS,
    },
    {
      name: 'a delegation granted by someone who is not among the governing rule\u2019s owners adds nobody; granted_by "@DANA" matches owner dana',
      fields: { resource: 'aws/prod/ledger', expires: '2027-01-03' },
      expect: { ...OWNER_AWS, approvers: ['@acme/prod-owners', 'dana', 'gina'] },
    },
    {
      name: 'a delegate is not added when the grant\u2019s access is above the delegation\u2019s max_access (rule allows it)',
      fields: { resource: 'gcp/x', access: 'write', expires: '2027-01-02' },
      policy: DELEGATION_ACCESS_POLICY,
      expect: {
        decision: 'pending',
        authority: 'owner',
        approvers: ['dana'],
        rule: { pattern: 'gcp/', line: 4 },
      },
    },
    {
      name: 'the same delegation adds its delegate for a read grant',
      fields: { resource: 'gcp/x', access: 'read', expires: '2027-01-02' },
      policy: DELEGATION_ACCESS_POLICY,
      expect: { decision: 'pending', authority: 'owner', approvers: ['dana', 'carol'] },
    },
    {
      // Ambiguity: "which has not expired" is read like a grant's expires: a delegation whose
      // expires is not after now has expired.
      name: 'a delegation expiring exactly now has expired and adds nobody',
      fields: { resource: 'gcp/y', access: 'read', expires: '2027-01-02' },
      policy: DELEGATION_ACCESS_POLICY,
      expect: { decision: 'pending', authority: 'owner', approvers: ['dana'] },
    },
  ];
  scenarios(rows, runAuth);
});

// ---------------------------------------------------------------------------------------------
// CODEOWNERS-style matching, observed through which rule governs a resource.
// ---------------------------------------------------------------------------------------------
interface MatchRow extends Row {
  pattern: string;
  resource: string;
  matches: boolean;
}
function matchPolicy(pattern: string): string {
  return `version: 1
defaults: { max_access: admin, max_duration: 30d }
rules:
  - pattern: "*"
    owners: ["@acme/security"]
  - pattern: "${pattern}"
    owners: [matcher]
`;
}
const m = (pattern: string, resource: string, matches: boolean, why = ''): MatchRow => ({
  name: `pattern ${pattern} ${matches ? 'matches' : 'does not match'} ${resource}${why ? ` (${why})` : ''}`,
  pattern,
  resource,
  matches,
});

describe('pattern matching (CODEOWNERS rules applied to resource paths)', () => {
  const rows: MatchRow[] = [
    m('secrets', 'k8s/prod/secrets', true, 'no slash: may start at any segment'),
    m('secrets', 'k8s/prod/secrets/db', true, 'a leading run of whole segments'),
    m('secrets', 'secrets', true),
    m('secrets', 'k8s/prod/secrets-old', false, 'segments, not string prefixes'),
    m('secrets', 'k8s/prod/mysecrets', false),
    m('docs/*', 'docs/a', true),
    m('docs/*', 'docs/a/b', false, '* never crosses /; last segment has a wildcard'),
    m('docs/*', 'x/docs/a', false, 'inner slash anchors at the root'),
    m('docs/*', 'docs', false),
    m('logs/', 'x/logs/a', true, 'only a trailing slash: any segment, strictly below'),
    m('logs/', 'logs/a', true),
    m('logs/', 'x/logs', false, 'trailing / means strictly below'),
    m('logs/', 'logs', false),
    m('github/**/admin', 'github/admin', true, '** matches zero segments'),
    m('github/**/admin', 'github/a/b/admin', true, '** matches several segments'),
    m('github/**/admin', 'github/a/admin/x', true, 'leading run: last segment has no wildcard'),
    m('github/**/admin', 'x/github/admin', false, 'anchored'),
    m('github/**/admin', 'github/a/admin2', false),
    m('/db/prod/', 'db/prod/orders', true),
    m('/db/prod/', 'x/db/prod/orders', false, 'leading slash anchors at the root'),
    m('/db/prod/', 'db/prod', false, 'strictly below'),
    m('aws/prod', 'aws/prod', true),
    m('aws/prod', 'aws/prod/db', true),
    m('aws/prod', 'x/aws/prod', false, 'inner slash anchors'),
    m('aws/prod', 'aws/production', false),
    m('aws/*/db', 'aws/prod/db', true),
    m('aws/*/db', 'aws/prod/eu/db', false, '* never crosses /'),
    m('payments-*', 'aws/prod/payments-db', true),
    m(
      'payments-*',
      'aws/prod/payments-db/replica',
      false,
      'last segment has a wildcard: whole path only',
    ),
    m('db?', 'x/db1', true),
    m('db?', 'x/db12', false, '? is exactly one character'),
    m('*', 'anything/at/all', true),
    m('Secrets', 'k8s/secrets', false, 'matching is case-sensitive'),
    m('aws/prod/', 'AWS/prod/db', false, 'matching is case-sensitive'),
  ];
  scenarios(rows, (row) => {
    const rule = row.matches ? { pattern: row.pattern, line: 6 } : { pattern: '*', line: 4 };
    const approvers = row.matches ? ['matcher'] : ['@acme/security'];
    expectOutcome(
      evaluate({
        head: { [F]: grantsFile(grant('req', { resource: row.resource })) },
        policy: matchPolicy(row.pattern),
      }),
      { exit: 1, grants: { req: { authority: 'owner', decision: 'pending', rule, approvers } } },
    );
  });
});
