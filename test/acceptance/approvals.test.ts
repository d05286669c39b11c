// Approval scenarios (pending / approved / blocked), derived from SPEC.md "Who may approve",
// "Approvals" and the `--teams` / `--commits` options.
// Default: author alice, requester alice, identity alice; grant `req` = read on aws/prod/db for
// 4 days -> owner level of aws/prod/ (owners @acme/prod-owners = [pat, quinn] and dana).
import { describe, it } from 'vitest';
import {
  DEFAULT_TEAMS,
  OLD_SHA,
  evaluate,
  expectOutcome,
  commit,
  grant,
  grantsFile,
  review,
  scenarios,
  type Expectation,
  type GrantExp,
  type GrantFields,
  type Row,
} from './helpers.js';

const F = 'grants/req.yaml';
const RATIONALE = 'The repair script must update rows; read access cannot fix them';

interface ApprovalRow extends Row {
  fields?: GrantFields;
  reviews: unknown[];
  teams?: Record<string, string[]> | null;
  commits?: unknown[];
  policy?: string;
  expect: GrantExp;
}

function runApproval(row: ApprovalRow) {
  const d = row.expect.decision;
  const exp: Expectation = {
    exit: d === 'approved' ? 0 : 1,
    decision: d,
    grants: { req: row.expect },
  };
  expectOutcome(
    evaluate({
      head: { [F]: grantsFile(grant('req', row.fields ?? {})) },
      reviews: row.reviews,
      teams: row.teams,
      commits: row.commits,
      policy: row.policy,
    }),
    exp,
  );
}

const APPROVED = (...by: string[]): GrantExp => ({
  decision: 'approved',
  approved_by: by,
  problems: [],
});
const PENDING: GrantExp = { decision: 'pending', approved_by: [], problems: [] };
const CHANGES_REQUESTED: GrantExp = {
  decision: 'blocked',
  problems: [{ code: 'changes-requested' }],
};
const NO_ELIGIBLE: GrantExp = { decision: 'blocked', problems: [{ code: 'no-eligible-approver' }] };

const policyWithOwners = (owners: string, approvals = 1) => `version: 1
defaults: { max_access: write, max_duration: 30d }
rules:
  - pattern: "*"
    owners: ${owners}
    approvals: ${approvals}
`;

describe('approvals: latest state per person, on the head commit', () => {
  const rows: ApprovalRow[] = [
    {
      name: 'a team member\u2019s approval of the head commit approves the grant',
      reviews: [review('pat', 'APPROVED')],
      expect: APPROVED('pat'),
    },
    {
      name: 'a login owner\u2019s approval of the head commit approves the grant',
      reviews: [review('dana', 'APPROVED')],
      expect: APPROVED('dana'),
    },
    {
      name: 'team members compare case-insensitively: team lists Pat, reviewer pat counts',
      reviews: [review('pat', 'APPROVED')],
      teams: { ...DEFAULT_TEAMS, 'acme/prod-owners': ['Pat'] },
      expect: APPROVED('pat'),
    },
    {
      name: 'policy owners compare case-insensitively: owner DANA, reviewer dana counts',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('[DANA]'),
      reviews: [review('dana', 'APPROVED')],
      expect: APPROVED('dana'),
    },
    {
      name: 'logins compare case-insensitively: Dana approving counts for owner dana',
      reviews: [review('Dana', 'APPROVED')],
      expect: APPROVED('dana'),
    },
    {
      name: 'with no reviews the grant is pending',
      reviews: [],
      expect: { ...PENDING, authority: 'owner', approvals_required: 1 },
    },
    {
      name: 'an approval of an older commit does not count (a push makes it stale)',
      reviews: [review('pat', 'APPROVED', { sha: OLD_SHA })],
      expect: PENDING,
    },
    {
      name: 'a stale approval followed by an approval of the head commit counts',
      reviews: [
        review('pat', 'APPROVED', { sha: OLD_SHA, minute: 1 }),
        review('pat', 'APPROVED', { minute: 2 }),
      ],
      expect: APPROVED('pat'),
    },
    {
      name: 'an approval of the head followed by a later approval of an older commit is stale',
      // "Each person's state is their latest review" and it counts only on the head commit.
      reviews: [
        review('pat', 'APPROVED', { minute: 1 }),
        review('pat', 'APPROVED', { sha: OLD_SHA, minute: 2 }),
      ],
      expect: PENDING,
    },
    {
      name: 'an eligible person\u2019s later CHANGES_REQUESTED on an older commit blocks (whatever its commit)',
      reviews: [
        review('pat', 'APPROVED', { minute: 1 }),
        review('pat', 'CHANGES_REQUESTED', { sha: OLD_SHA, minute: 2 }),
      ],
      expect: CHANGES_REQUESTED,
    },
    {
      name: 'CHANGES_REQUESTED by one owner blocks even when another owner approved',
      reviews: [
        review('dana', 'APPROVED', { minute: 1 }),
        review('quinn', 'CHANGES_REQUESTED', { minute: 2 }),
      ],
      expect: CHANGES_REQUESTED,
    },
    {
      name: 'CHANGES_REQUESTED then an approval of the head by the same person approves',
      reviews: [
        review('pat', 'CHANGES_REQUESTED', { minute: 1 }),
        review('pat', 'APPROVED', { minute: 2 }),
      ],
      expect: APPROVED('pat'),
    },
    {
      name: 'CHANGES_REQUESTED then DISMISSED clears the block: pending',
      reviews: [
        review('pat', 'CHANGES_REQUESTED', { minute: 1 }),
        review('pat', 'DISMISSED', { minute: 2 }),
      ],
      expect: PENDING,
    },
    {
      name: 'APPROVED then DISMISSED clears the approval: pending',
      reviews: [
        review('pat', 'APPROVED', { minute: 1 }),
        review('pat', 'DISMISSED', { minute: 2 }),
      ],
      expect: PENDING,
    },
    {
      name: 'APPROVED then COMMENTED changes nothing: still approved',
      reviews: [
        review('pat', 'APPROVED', { minute: 1 }),
        review('pat', 'COMMENTED', { minute: 2 }),
      ],
      expect: APPROVED('pat'),
    },
    {
      name: 'CHANGES_REQUESTED then COMMENTED changes nothing: still blocked',
      reviews: [
        review('pat', 'CHANGES_REQUESTED', { minute: 1 }),
        review('pat', 'COMMENTED', { minute: 2 }),
      ],
      expect: CHANGES_REQUESTED,
    },
    {
      name: 'APPROVED then PENDING changes nothing: still approved',
      reviews: [review('pat', 'APPROVED', { minute: 1 }), review('pat', 'PENDING', { minute: 2 })],
      expect: APPROVED('pat'),
    },
    {
      name: 'the latest review is decided by submitted_at, not by array order',
      // Ambiguity: "latest" is read as latest submitted_at; GitHub lists reviews chronologically,
      // so both readings agree on real data.
      reviews: [
        review('pat', 'APPROVED', { minute: 5 }),
        review('pat', 'CHANGES_REQUESTED', { minute: 1 }),
      ],
      expect: APPROVED('pat'),
    },
    {
      name: 'CHANGES_REQUESTED by someone who may not approve the grant does not block',
      reviews: [
        review('zed', 'CHANGES_REQUESTED', { minute: 1 }),
        review('pat', 'APPROVED', { minute: 2 }),
      ],
      expect: APPROVED('pat'),
    },
    {
      name: 'CHANGES_REQUESTED by the requester (who can never approve) does not block',
      reviews: [review('alice', 'CHANGES_REQUESTED')],
      teams: { ...DEFAULT_TEAMS, 'acme/prod-owners': ['pat', 'quinn', 'alice'] },
      expect: PENDING,
    },
    {
      name: 'an approval by someone who is not an approver does not count (approved_by lists only eligible approvers)',
      reviews: [review('zed', 'APPROVED'), review('sam', 'APPROVED')],
      expect: PENDING,
    },
    {
      name: 'an owner of the rule cannot approve an escalation-level grant; the escalation owners can',
      fields: { access: 'write', exception: RATIONALE },
      reviews: [review('pat', 'APPROVED'), review('dana', 'APPROVED')],
      expect: { ...PENDING, authority: 'escalation' },
    },
    {
      name: 'an escalation owner\u2019s approval approves an escalation-level grant',
      fields: { access: 'write', exception: RATIONALE },
      reviews: [review('lee', 'APPROVED')],
      expect: { ...APPROVED('lee'), authority: 'escalation' },
    },
    {
      name: 'CHANGES_REQUESTED by a rule owner does not block an escalation-level grant they may not approve',
      fields: { access: 'write', exception: RATIONALE },
      reviews: [
        review('pat', 'CHANGES_REQUESTED', { minute: 1 }),
        review('lou', 'APPROVED', { minute: 2 }),
      ],
      expect: APPROVED('lou'),
    },
    {
      name: 'an emergency owner\u2019s approval approves an emergency grant',
      fields: {
        access: 'admin',
        expires: '"2027-01-01T04:00:00Z"',
        emergency: '"Production outage: payments are failing"',
      },
      reviews: [review('ops2', 'APPROVED')],
      expect: { ...APPROVED('ops2'), authority: 'emergency' },
    },
    {
      name: 'a delegate\u2019s approval approves a grant within the delegation',
      fields: { resource: 'aws/prod/payments-db', expires: '2027-01-03' },
      reviews: [review('carol', 'APPROVED')],
      expect: APPROVED('carol'),
    },
    {
      name: 'a delegate\u2019s approval does not count for a grant past the delegation\u2019s limits',
      fields: { resource: 'aws/prod/payments-db', expires: '2027-01-06' },
      reviews: [review('carol', 'APPROVED')],
      expect: PENDING,
    },
    {
      name: 'CHANGES_REQUESTED by an eligible delegate blocks',
      fields: { resource: 'aws/prod/payments-db', expires: '2027-01-03' },
      reviews: [
        review('carol', 'CHANGES_REQUESTED', { minute: 1 }),
        review('pat', 'APPROVED', { minute: 2 }),
      ],
      expect: CHANGES_REQUESTED,
    },
    {
      name: 'a review by a deleted account (user: null) is ignored and does not break evaluation',
      reviews: [
        {
          id: 1,
          user: null,
          state: 'APPROVED',
          commit_id: 'b'.repeat(40),
          submitted_at: '2026-12-31T12:00:00Z',
        },
        review('pat', 'APPROVED'),
      ],
      expect: APPROVED('pat'),
    },
    {
      name: 'an expired delegate\u2019s approval does not count',
      fields: { resource: 'aws/prod/orders', expires: '2027-01-03' },
      reviews: [review('erin', 'APPROVED')],
      expect: PENDING,
    },
  ];
  scenarios(rows, runApproval);
});

describe('approvals: bots, requester, identity, author and commit authors never count', () => {
  const rows: ApprovalRow[] = [
    {
      name: 'a review by a login ending in [bot] never counts, even as a team member',
      reviews: [review('deploy[bot]', 'APPROVED')],
      teams: { ...DEFAULT_TEAMS, 'acme/prod-owners': ['pat', 'deploy[bot]'] },
      expect: PENDING,
    },
    {
      name: 'a review whose user.type is Bot never counts',
      reviews: [review('pat', 'APPROVED', { type: 'Bot' })],
      expect: PENDING,
    },
    {
      name: 'the requester (also the PR author) cannot approve, even as a team member',
      reviews: [review('alice', 'APPROVED')],
      teams: { ...DEFAULT_TEAMS, 'acme/prod-owners': ['pat', 'quinn', 'alice'] },
      expect: PENDING,
    },
    {
      name: 'the requester cannot approve in another letter case with a leading @ (requester "@ALICE")',
      fields: { requester: '"@ALICE"' },
      reviews: [review('Alice', 'APPROVED')],
      teams: { ...DEFAULT_TEAMS, 'acme/prod-owners': ['pat', 'Alice'] },
      expect: PENDING,
    },
    {
      name: 'the grant\u2019s identity cannot approve its own access',
      fields: { identity: 'quinn' },
      reviews: [review('quinn', 'APPROVED')],
      expect: PENDING,
    },
    {
      name: 'the identity cannot approve in another letter case (identity QUINN, reviewer quinn)',
      fields: { identity: 'QUINN' },
      reviews: [review('quinn', 'APPROVED')],
      expect: PENDING,
    },
    {
      name: 'with --commits, a commit author cannot approve',
      reviews: [review('pat', 'APPROVED')],
      commits: [commit('pat', 'web-flow')],
      expect: PENDING,
    },
    {
      name: 'with --commits, a committer cannot approve',
      reviews: [review('pat', 'APPROVED')],
      commits: [commit('alice', 'alice'), commit(null, 'pat', 'c'.repeat(40))],
      expect: PENDING,
    },
    {
      name: 'with --commits, commit logins compare case-insensitively',
      reviews: [review('pat', 'APPROVED')],
      commits: [commit('PAT', 'PAT')],
      expect: PENDING,
    },
    {
      name: 'with --commits, an owner who wrote no commit still approves',
      reviews: [review('pat', 'APPROVED')],
      commits: [commit('alice', 'alice'), commit(null, null, 'c'.repeat(40))],
      expect: APPROVED('pat'),
    },
  ];
  scenarios(rows, runApproval);
});

describe('approvals: no-eligible-approver', () => {
  const rows: ApprovalRow[] = [
    {
      name: 'a rule whose only owner is the requester is blocked: no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('[alice]'),
      reviews: [],
      expect: { ...NO_ELIGIBLE, authority: 'owner' },
    },
    {
      name: 'owner "@ALICE" is the requester alice too (case-insensitive, @ ignored): no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@ALICE"]'),
      reviews: [],
      expect: NO_ELIGIBLE,
    },
    {
      name: 'a team whose only member is the requester is blocked: no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/solo"]'),
      teams: { 'acme/solo': ['alice'] },
      reviews: [],
      expect: NO_ELIGIBLE,
    },
    {
      name: 'a team whose only member is the identity is blocked: no-eligible-approver',
      fields: { resource: 'gcp/x', identity: 'quinn' },
      policy: policyWithOwners('["@acme/solo"]'),
      teams: { 'acme/solo': ['quinn'] },
      reviews: [],
      expect: NO_ELIGIBLE,
    },
    {
      name: 'approvals 2 with one person left after removing the requester is no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/pair"]', 2),
      teams: { 'acme/pair': ['alice', 'pat'] },
      reviews: [],
      expect: { ...NO_ELIGIBLE, approvals_required: 2 },
    },
    {
      name: 'approvals 2 with a single login owner is no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('[dana]', 2),
      reviews: [],
      expect: NO_ELIGIBLE,
    },
    {
      name: 'a team listed in --teams twice over the same person counts that person once',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/a", "@acme/b", pat]', 2),
      teams: { 'acme/a': ['pat'], 'acme/b': ['PAT'] },
      reviews: [],
      expect: NO_ELIGIBLE,
    },
    {
      name: 'a delegate counts as an eligible person: owner = requester plus a matching delegate is pending, not blocked',
      fields: { resource: 'gcp/x' },
      policy:
        policyWithOwners('[alice]') +
        'delegations:\n  - to: [carol]\n    granted_by: alice\n    pattern: gcp/\n    max_access: read\n    max_duration: 7d\n    expires: 2027-06-01\n',
      reviews: [],
      // Ambiguity: whether `approvers` still lists a login owner who is excluded (here the
      // requester alice) is not specified; only the decision is asserted.
      expect: PENDING,
    },
    {
      name: 'a team not in --teams is assumed to hold eligible people: never no-eligible-approver (pending)',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('[alice, "@acme/ghosts"]', 2),
      teams: {},
      reviews: [],
      expect: PENDING,
    },
    {
      name: 'without --teams at all, team owners are unknown: pending, not no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/ghosts"]', 3),
      teams: null,
      reviews: [],
      expect: { ...PENDING, approvals_required: 3 },
    },
    {
      // Ambiguity: the spec removes "requester, identity, PR author" before counting; a bot can
      // never approve ("Reviews by bots never count"), so a security engineer would not count
      // a [bot] member as an eligible person either.
      name: 'a team of the requester and a [bot] account has no eligible person: no-eligible-approver',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/botty"]'),
      teams: { 'acme/botty': ['alice', 'deploy[bot]'] },
      reviews: [],
      expect: NO_ELIGIBLE,
    },
  ];
  scenarios(rows, runApproval);
});

describe('approvals: teams and distinct people', () => {
  const rows: ApprovalRow[] = [
    {
      name: 'approvals 2 needs two distinct people: two members approve',
      fields: { resource: 'aws/prod/vault', expires: '2027-01-02' },
      reviews: [review('vic', 'APPROVED'), review('val', 'APPROVED')],
      expect: { ...APPROVED('vic', 'val'), approvals_required: 2 },
    },
    {
      name: 'approvals 2: the same person approving twice counts once (pending)',
      fields: { resource: 'aws/prod/vault', expires: '2027-01-02' },
      reviews: [review('vic', 'APPROVED', { minute: 1 }), review('vic', 'APPROVED', { minute: 2 })],
      expect: { decision: 'pending', approved_by: ['vic'], approvals_required: 2 },
    },
    {
      name: 'approvals 2: the same login in another letter case counts once (pending)',
      fields: { resource: 'aws/prod/vault', expires: '2027-01-02' },
      reviews: [review('vic', 'APPROVED', { minute: 1 }), review('VIC', 'APPROVED', { minute: 2 })],
      expect: { decision: 'pending', approvals_required: 2 },
    },
    {
      name: 'approvals 2: one fresh and one stale approval is pending',
      fields: { resource: 'aws/prod/vault', expires: '2027-01-02' },
      reviews: [review('vic', 'APPROVED'), review('val', 'APPROVED', { sha: OLD_SHA })],
      expect: { decision: 'pending', approved_by: ['vic'], approvals_required: 2 },
    },
    {
      name: 'approvals 2: two approvals and one member\u2019s CHANGES_REQUESTED is blocked',
      fields: { resource: 'aws/prod/vault', expires: '2027-01-02' },
      reviews: [
        review('vic', 'APPROVED'),
        review('val', 'APPROVED'),
        review('vera', 'CHANGES_REQUESTED'),
      ],
      expect: CHANGES_REQUESTED,
    },
    {
      name: 'team membership comes from --teams: a listed member approves',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/platform"]'),
      teams: { 'acme/platform': ['ravi'] },
      reviews: [review('ravi', 'APPROVED')],
      expect: APPROVED('ravi'),
    },
    {
      name: 'team membership comes from --teams: someone not listed does not approve',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@acme/platform"]'),
      teams: { 'acme/platform': ['ravi'] },
      reviews: [review('pat', 'APPROVED')],
      expect: PENDING,
    },
    {
      name: 'approvals through a team --teams does not name cannot be confirmed and do not count',
      reviews: [review('pat', 'APPROVED')],
      teams: { 'acme/security-leads': ['lee'] },
      expect: PENDING,
    },
    {
      name: 'a login owner still approves when the rule\u2019s team is unknown',
      reviews: [review('pat', 'APPROVED'), review('dana', 'APPROVED')],
      teams: {},
      expect: APPROVED('dana'),
    },
    {
      name: 'an owner written "@dana" in the policy is listed as written and dana\u2019s approval counts',
      fields: { resource: 'gcp/x' },
      policy: policyWithOwners('["@dana"]'),
      reviews: [review('dana', 'APPROVED')],
      expect: { ...APPROVED('dana'), approvers: ['@dana'] },
    },
  ];
  scenarios(rows, runApproval);

  // Ambiguity: --head-sha is optional in the CLI synopsis. Without it the head commit is unknown,
  // so no approval can be shown to be for the head commit: fail closed (pending).
  it('without --head-sha no approval can be confirmed for the head commit: pending', () => {
    expectOutcome(
      evaluate({
        head: { [F]: grantsFile(grant('req')) },
        headSha: null,
        reviews: [review('pat', 'APPROVED')],
      }),
      { exit: 1, decision: 'pending', grants: { req: PENDING } },
    );
  });

  it('--teams accepts a YAML mapping of org/team to logins', () => {
    expectOutcome(
      evaluate({
        head: { [F]: grantsFile(grant('req')) },
        teams: 'acme/prod-owners:\n  - pat\nacme/security: [sam]\n',
        reviews: [review('pat', 'APPROVED')],
      }),
      { exit: 0, decision: 'approved', grants: { req: APPROVED('pat') } },
    );
  });

  scenarios(
    [
      {
        name: 'one review approves several grants',
        head: grantsFile(
          grant('r1'),
          grant('r2', { resource: 'aws/prod/orders' }),
          grant('r3', { resource: 'aws/prod/payments-db' }),
        ),
        reviews: [review('quinn', 'APPROVED')],
        expect: {
          exit: 0,
          decision: 'approved',
          grants: { r1: APPROVED('quinn'), r2: APPROVED('quinn'), r3: APPROVED('quinn') },
        } as Expectation,
      },
      {
        name: 'a CHANGES_REQUESTED blocks only the grants its author may approve',
        head: grantsFile(grant('r1'), grant('r2', { resource: 'gcp/x' })),
        reviews: [review('pat', 'CHANGES_REQUESTED')],
        expect: {
          exit: 1,
          decision: 'blocked',
          grants: { r1: CHANGES_REQUESTED, r2: PENDING },
        } as Expectation,
      },
    ],
    (row) => expectOutcome(evaluate({ head: { [F]: row.head }, reviews: row.reviews }), row.expect),
  );
});
