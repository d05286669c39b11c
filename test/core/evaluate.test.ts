import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../../src/core/evaluate.js';
import type { Policy } from '../../src/core/policy.js';
import type { PullCommit, Review } from '../../src/core/pull-request.js';
import {
  after,
  commit,
  DAY,
  grantBody,
  grantsYaml,
  HOUR,
  lineOfKey,
  lines,
  NOW,
  OLD_SHA,
  policyOf,
  pullRequest,
  review,
  SPEC_POLICY,
  type GrantFields,
  type PullRequestInput,
} from './fixtures.js';

const SPEC = policyOf(SPEC_POLICY);
const FILE = 'grants/payments.yaml';
const RATIONALE = ['rationale: The quarterly close needs write access past the owners limit'];
const EMERGENCY = ['rationale: Payments are down and the database must be inspected now'];

/** A pull request that adds the example grant (with overrides) to an empty base. */
function adding(
  overrides: GrantFields = {},
  extra: Omit<PullRequestInput, 'head'> = {},
): PullRequestInput {
  return {
    base: { [FILE]: 'grants: []\n' },
    head: { [FILE]: grantsYaml(grantBody(overrides)) },
    ...extra,
  };
}

function run(input: PullRequestInput, policy: Policy = SPEC, now = NOW): Evaluation {
  return evaluate(policy, pullRequest(input), now);
}

/** The decision and the problem codes of each grant, then of the pull request. */
function summary(e: Evaluation) {
  return {
    decision: e.decision,
    grants: e.grants.map((g) => [g.id, g.change, g.decision, g.problems.map((p) => p.code)]),
    problems: e.problems.map((p) => p.code),
  };
}

const ID = 'pay-db-read-invoice-exporter';
const approvedBy = (...logins: string[]): Review[] =>
  logins.map((login, i) => review(login, 'APPROVED', undefined, `2026-12-02T1${i}:00:00Z`));

describe('evaluate: one added grant under the spec policy', () => {
  // The example grant asks read for 5 days on aws/prod/payments-db: owner level,
  // approvers @acme/prod-owners (erin, frank) and dana, one approval.
  it.each([
    ['no review leaves it pending', {}, {}, 'pending', []],
    [
      'an owner-team member approving the head commit approves it',
      {},
      { reviews: approvedBy('erin') },
      'approved',
      [],
    ],
    ['an owner login approving approves it', {}, { reviews: approvedBy('dana') }, 'approved', []],
    [
      'an approval of an earlier commit is stale',
      {},
      { reviews: [review('erin', 'APPROVED', OLD_SHA)] },
      'pending',
      [],
    ],
    [
      'an approval by someone without authority does not count',
      {},
      { reviews: approvedBy('mallory') },
      'pending',
      [],
    ],
    [
      'an approval by a bot does not count',
      {},
      { reviews: [review('dana', 'APPROVED', undefined, undefined, 'Bot')] },
      'pending',
      [],
    ],
    [
      'without a head commit no approval counts',
      {},
      { reviews: approvedBy('erin'), headSha: undefined },
      'pending',
      [],
    ],
    [
      'an owner who committed to the pull request cannot approve it',
      {},
      { reviews: approvedBy('erin'), commits: [commit('alice'), commit('alice', 'erin')] },
      'pending',
      [],
    ],
    [
      'an owner who requested changes blocks it, whatever the commit',
      {},
      { reviews: [...approvedBy('erin'), review('frank', 'CHANGES_REQUESTED', OLD_SHA)] },
      'blocked',
      ['changes-requested'],
    ],
    [
      'a dismissed change request no longer blocks',
      {},
      {
        reviews: [
          review('frank', 'CHANGES_REQUESTED', undefined, '2026-12-02T08:00:00Z'),
          review('frank', 'DISMISSED', undefined, '2026-12-02T09:00:00Z'),
          ...approvedBy('erin'),
        ],
      },
      'approved',
      [],
    ],
    [
      'a change request by someone without authority does not block',
      {},
      { reviews: [...approvedBy('erin'), review('mallory', 'CHANGES_REQUESTED')] },
      'approved',
      [],
    ],
    [
      'an owner who requested changes and then approved unblocks it',
      {},
      {
        reviews: [
          review('frank', 'CHANGES_REQUESTED', OLD_SHA, '2026-12-02T08:00:00Z'),
          review('frank', 'APPROVED', undefined, '2026-12-02T09:00:00Z'),
        ],
      },
      'approved',
      [],
    ],
    [
      'a delegate approves within the delegation',
      { expires: after(2 * DAY) },
      { reviews: approvedBy('carol') },
      'approved',
      [],
    ],
    [
      'a delegate cannot approve past the delegation',
      { expires: after(5 * DAY) },
      { reviews: approvedBy('carol') },
      'pending',
      [],
    ],
    [
      'an escalation with a rationale waits for the escalation owners',
      { access: 'write', expires: after(DAY), exception: RATIONALE },
      { reviews: approvedBy('erin') },
      'pending',
      [],
    ],
    [
      'an escalation owner approves an escalation',
      { access: 'write', expires: after(DAY), exception: RATIONALE },
      { reviews: approvedBy('leo') },
      'approved',
      [],
    ],
    [
      'an emergency goes to on-call',
      { access: 'admin', expires: after(4 * HOUR), emergency: EMERGENCY },
      { reviews: approvedBy('otto') },
      'approved',
      [],
    ],
    [
      'a rule owner cannot approve an emergency',
      { access: 'admin', expires: after(4 * HOUR), emergency: EMERGENCY },
      { reviews: approvedBy('erin') },
      'pending',
      [],
    ],
    // Validation: returned.
    ['a placeholder purpose is returned', { purpose: 'TBD' }, {}, 'returned', ['invalid-field']],
    ['a missing field is returned', { purpose: undefined }, {}, 'returned', ['missing-field']],
    ['an unknown field is returned', { expiry: '2027-01-01' }, {}, 'returned', ['unknown-field']],
    ['expires exactly now is expired', { expires: '2026-12-03' }, {}, 'returned', ['expired']],
    ['expires in the past is expired', { expires: '2026-12-01' }, {}, 'returned', ['expired']],
    [
      'a requester other than the author is returned',
      { requester: 'bob' },
      {},
      'returned',
      ['requester-mismatch'],
    ],
    [
      'a requester written @Alice is the author alice',
      { requester: '"@Alice"' },
      {},
      'pending',
      [],
    ],
    [
      'a returned grant is checked no further',
      { purpose: 'TBD', access: 'admin', expires: after(60 * DAY) },
      { reviews: [review('frank', 'CHANGES_REQUESTED')] },
      'returned',
      ['invalid-field'],
    ],
    // Authority: blocked.
    [
      'a request past a rule without escalation is blocked',
      { resource: 'gcp/project-x', access: 'admin' },
      {},
      'blocked',
      ['exceeds-authority'],
    ],
    [
      'a request past the escalation too is blocked',
      { access: 'admin', expires: after(40 * DAY), exception: RATIONALE },
      {},
      'blocked',
      ['multi-hop'],
    ],
    [
      'an escalation without a rationale is blocked',
      { access: 'write', expires: after(DAY) },
      { reviews: approvedBy('leo') },
      'blocked',
      ['missing-rationale'],
    ],
    [
      'an emergency without a rationale is blocked',
      { access: 'admin', expires: after(HOUR), emergency: ['incident: INC-1'] },
      {},
      'blocked',
      ['missing-rationale'],
    ],
    [
      'an emergency past its limits is blocked',
      { access: 'admin', expires: after(9 * HOUR), emergency: EMERGENCY },
      {},
      'blocked',
      ['exceeds-authority'],
    ],
  ] as Array<[string, GrantFields, Omit<PullRequestInput, 'head'>, string, string[]]>)(
    '%s',
    (_name, overrides, extra, decision, problems) => {
      const e = run(adding(overrides, extra));
      expect(summary(e)).toEqual({
        decision,
        grants: [[ID, 'added', decision, problems]],
        problems: [],
      });
    },
  );

  it('routes a pending grant to the rule owners as the policy writes them', () => {
    const [g] = run(adding()).grants;
    expect(g).toMatchObject({
      authority: 'owner',
      approvalsRequired: 1,
      approvers: ['@acme/prod-owners', 'dana'],
      file: FILE,
      line: 2,
    });
    expect(g!.rule?.pattern).toBe('aws/prod/');
  });

  it('routes a returned grant to no one', () => {
    const [g] = run(adding({ purpose: 'TBD' })).grants;
    expect(g).toMatchObject({
      decision: 'returned',
      authority: 'none',
      approvers: [],
      approvedBy: [],
    });
  });

  it('reports the logins whose approvals count', () => {
    const [g] = run(adding({}, { reviews: approvedBy('mallory', 'Erin', 'dana') })).grants;
    expect(g!.approvedBy.map((s) => s.login.toLowerCase()).sort()).toEqual(['dana', 'erin']);
  });

  it.each([
    ['expired', { expires: '2026-12-02' }, 'expires'],
    ['requester-mismatch', { requester: 'bob' }, 'requester'],
  ] as Array<[string, GrantFields, string]>)(
    'points %s at the offending key',
    (code, overrides, key) => {
      const text = grantsYaml(grantBody(overrides));
      const [g] = run(adding(overrides)).grants;
      expect(g!.problems.map((p) => [p.code, p.file, p.line])).toEqual([
        [code, FILE, lineOfKey(text, key)],
      ]);
    },
  );
});

describe('evaluate: who is never eligible', () => {
  const policy = (owners: string, approvals = 1) =>
    policyOf(
      lines(
        'version: 1',
        'rules:',
        `  - {pattern: aws/, owners: ${owners}, max_access: admin, max_duration: 30d, approvals: ${approvals}}`,
      ),
    );

  it.each([
    ['the requester is the only owner', '[alice]', 1, {}, {}, 'blocked'],
    [
      'the identity is the only owner',
      '[dana]',
      1,
      { identity: 'dana', identity_type: 'user', owner: undefined },
      {},
      'blocked',
    ],
    [
      'the only owner committed to the pull request',
      '[dana]',
      1,
      {},
      { commits: [commit('dana')] },
      'blocked',
    ],
    [
      'a known team holds only the requester',
      '["@acme/solo"]',
      1,
      {},
      { teams: { 'acme/solo': ['Alice'] } },
      'blocked',
    ],
    [
      'two approvals needed and one eligible person left',
      '[dana, erin]',
      2,
      {},
      { commits: [commit('alice', 'erin')] },
      'blocked',
    ],
    ['two approvals needed and two eligible people', '[dana, erin]', 2, {}, {}, 'pending'],
    [
      'a team with unknown members never causes no-eligible-approver',
      '["@acme/ghosts"]',
      1,
      {},
      {},
      'pending',
    ],
  ] as Array<[string, string, number, GrantFields, Omit<PullRequestInput, 'head'>, string]>)(
    '%s',
    (_name, owners, approvals, overrides, extra, decision) => {
      const e = run(adding(overrides, extra), policy(owners, approvals));
      expect(summary(e)).toEqual({
        decision,
        grants: [[ID, 'added', decision, decision === 'blocked' ? ['no-eligible-approver'] : []]],
        problems: [],
      });
    },
  );

  it('matches a policy owner written @Dana with the reviewer dana', () => {
    expect(run(adding({}, { reviews: approvedBy('dana') }), policy('["@Dana"]')).decision).toBe(
      'approved',
    );
  });

  it('does not count approvals through a team whose members are unknown, and warns', () => {
    const e = run(adding({}, { reviews: approvedBy('ghost') }), policy('["@acme/ghosts"]'));
    expect(e.decision).toBe('pending');
    expect(e.grants[0]!.warnings.map((w) => w.code)).toContain('unconfirmed-team');
  });

  it('needs as many distinct eligible approvals as the rule requires', () => {
    const p = policy('["@acme/prod-owners", dana]', 2);
    expect(run(adding({}, { reviews: approvedBy('erin') }), p).decision).toBe('pending');
    expect(
      run(
        adding(
          {},
          {
            reviews: [
              ...approvedBy('erin'),
              review('ERIN', 'APPROVED', undefined, '2026-12-02T15:00:00Z'),
            ],
          },
        ),
        p,
      ).decision,
    ).toBe('pending');
    expect(run(adding({}, { reviews: approvedBy('erin', 'dana') }), p).decision).toBe('approved');
  });
});

describe('evaluate: changes that need no approval', () => {
  const base = (overrides: GrantFields = {}) => ({ [FILE]: grantsYaml(grantBody(overrides)) });

  it.each([
    ['a pull request that changes no grant', base(), base(), 'approved', []],
    ['a pull request with no grants files', {}, {}, 'approved', []],
    [
      'a removed grant',
      base(),
      { [FILE]: 'grants: []\n' },
      'approved',
      [[ID, 'removed', 'approved', []]],
    ],
    [
      'a narrowed grant (earlier expires)',
      base({ expires: '2026-12-20' }),
      base({ expires: '2026-12-05' }),
      'approved',
      [[ID, 'narrowed', 'approved', []]],
    ],
    [
      'a narrowed grant (lower access)',
      base({ access: 'write' }),
      base({ access: 'read' }),
      'approved',
      [[ID, 'narrowed', 'approved', []]],
    ],
    [
      'a narrowed grant whose expires is already past',
      base({ expires: '2026-12-20' }),
      base({ expires: '2026-12-01' }),
      'approved',
      [[ID, 'narrowed', 'approved', []]],
    ],
    [
      'a narrowed grant whose requester is not the author',
      base({ requester: 'bob', expires: '2026-12-20' }),
      base({ requester: 'bob', expires: '2026-12-05' }),
      'approved',
      [[ID, 'narrowed', 'approved', []]],
    ],
    [
      'a narrowed grant that breaks the schema is still returned',
      base({ expires: '2026-12-20', expiry: 'x' }),
      base({ expires: '2026-12-05', expiry: 'x' }),
      'returned',
      [[ID, 'narrowed', 'returned', ['unknown-field']]],
    ],
    [
      'an unchanged grant is not evaluated, even when broken and expired',
      base({ purpose: 'TBD', expires: '2026-01-01', expiry: 'x' }),
      base({ purpose: 'TBD', expires: '2026-01-01', expiry: 'x' }),
      'approved',
      [],
    ],
    [
      'a removed grant is not validated',
      base({ purpose: 'TBD', expires: '2026-01-01' }),
      { [FILE]: 'grants: []\n' },
      'approved',
      [[ID, 'removed', 'approved', []]],
    ],
    [
      'a renewed grant needs approval',
      base(),
      base({ expires: '2026-12-09' }),
      'pending',
      [[ID, 'renewed', 'pending', []]],
    ],
    [
      'a modified grant needs approval',
      base(),
      base({ ticket: 'OPS-9' }),
      'pending',
      [[ID, 'modified', 'pending', []]],
    ],
  ] as Array<[string, Record<string, string>, Record<string, string>, string, unknown[]]>)(
    '%s',
    (_name, baseFiles, headFiles, decision, grants) => {
      expect(summary(run({ base: baseFiles, head: headFiles }))).toEqual({
        decision,
        grants,
        problems: [],
      });
    },
  );

  it('routes removed and narrowed grants to no one', () => {
    const e = run({
      base: {
        [FILE]: grantsYaml(
          grantBody({ id: 'gone' }),
          grantBody({ id: 'short', expires: '2026-12-20' }),
        ),
      },
      head: { [FILE]: grantsYaml(grantBody({ id: 'short', expires: '2026-12-05' })) },
    });
    expect(e.grants.map((g) => [g.id, g.authority, g.approvers])).toEqual(
      expect.arrayContaining([
        ['gone', 'none', []],
        ['short', 'none', []],
      ]),
    );
  });

  it('points a removed grant at its place in the base', () => {
    const baseText = grantsYaml(grantBody({ id: 'keep' }), grantBody({ id: 'gone' }));
    const e = run({
      base: { 'grants/old.yaml': baseText },
      head: { 'grants/old.yaml': grantsYaml(grantBody({ id: 'keep' })) },
    });
    expect(e.grants.map((g) => [g.id, g.change, g.file, g.line])).toEqual([
      ['gone', 'removed', 'grants/old.yaml', lineOfKey(baseText, 'id', 2)],
    ]);
  });
});

describe('evaluate: file-level problems and ids across files', () => {
  it('returns the pull request when a head file does not parse', () => {
    const e = run({
      head: {
        'grants/bad.yaml': lines('grants:', '  - id: a', '    access: [read'),
        [FILE]: grantsYaml(grantBody()),
      },
      reviews: approvedBy('erin'),
    });
    expect(e.decision).toBe('returned');
    expect(e.problems.map((p) => [p.code, p.file])).toEqual([['yaml-syntax', 'grants/bad.yaml']]);
    expect(e.grants.map((g) => [g.id, g.decision])).toEqual([[ID, 'approved']]);
  });

  it('returns the pull request when a head file is larger than 1 MiB', () => {
    const e = run({ head: { [FILE]: `${grantsYaml(grantBody())}# ${'x'.repeat(1024 * 1024)}\n` } });
    expect(e.decision).toBe('returned');
    expect(e.problems.map((p) => [p.code, p.file])).toEqual([['file-too-large', FILE]]);
  });

  it('reports a duplicate id at both places, across files', () => {
    const first = grantsYaml(grantBody({ id: 'twin' }));
    const second = grantsYaml(grantBody({ id: 'other' }), grantBody({ id: 'twin' }));
    const e = run({ head: { 'grants/a.yaml': first, 'grants/b.yaml': second } });
    expect(e.decision).toBe('returned');
    const twins = e.grants.filter((g) => g.id === 'twin');
    expect(
      twins.map((g) => [g.file, g.decision, g.problems.map((p) => [p.code, p.file, p.line])]),
    ).toEqual([
      ['grants/a.yaml', 'returned', [['duplicate-id', 'grants/a.yaml', lineOfKey(first, 'id')]]],
      [
        'grants/b.yaml',
        'returned',
        [['duplicate-id', 'grants/b.yaml', lineOfKey(second, 'id', 2)]],
      ],
    ]);
    expect(e.grants.find((g) => g.id === 'other')?.decision).toBe('pending');
  });

  it('reports a duplicate id within one file even when the base held that id', () => {
    const once = grantsYaml(grantBody({ id: 'twin' }));
    const twice = grantsYaml(grantBody({ id: 'twin' }), grantBody({ id: 'twin', ticket: 'OPS-2' }));
    const e = run({ base: { [FILE]: once }, head: { [FILE]: twice } });
    expect(e.decision).toBe('returned');
    expect(e.grants.flatMap((g) => g.problems.map((p) => [p.code, p.line]))).toEqual(
      expect.arrayContaining([
        ['duplicate-id', lineOfKey(twice, 'id', 1)],
        ['duplicate-id', lineOfKey(twice, 'id', 2)],
      ]),
    );
  });

  it('counts every grant of a base file that does not parse as new, with a warning', () => {
    const head = grantsYaml(grantBody());
    const e = run({ base: { [FILE]: `${head}  - [unclosed\n` }, head: { [FILE]: head } });
    expect(summary(e)).toEqual({
      decision: 'pending',
      grants: [[ID, 'added', 'pending', []]],
      problems: [],
    });
    expect(e.warnings.map((w) => [w.code, w.file])).toEqual([['base-unparsable', FILE]]);
  });
});

describe('evaluate: the pull request takes the worst decision of its grants', () => {
  const approved = grantBody({ id: 'g-approved', resource: 'aws/prod/a', requester: 'alice' });
  const pending = grantBody({ id: 'g-pending', resource: 'gcp/b' });
  const blocked = grantBody({ id: 'g-blocked', resource: 'gcp/c', access: 'admin' });
  const returned = grantBody({ id: 'g-returned', purpose: 'n/a' });
  // erin (prod-owners) approves: aws/prod grants are approved, gcp grants (security) stay pending.
  const reviews = approvedBy('erin');

  it.each([
    ['approved alone', [approved], 'approved'],
    ['approved and pending', [approved, pending], 'pending'],
    ['pending and blocked', [pending, blocked, approved], 'blocked'],
    ['blocked and returned', [blocked, returned], 'returned'],
    ['returned last in the file', [approved, pending, blocked, returned], 'returned'],
  ] as Array<[string, string[][], string]>)('%s → %s', (_name, grants, decision) => {
    expect(run({ head: { [FILE]: grantsYaml(...grants) }, reviews }).decision).toBe(decision);
  });

  it('lets one review approve several grants', () => {
    const e = run({
      head: { [FILE]: grantsYaml(approved, grantBody({ id: 'g-second', resource: 'aws/prod/b' })) },
      reviews,
    });
    expect(e.grants.map((g) => g.decision)).toEqual(['approved', 'approved']);
    expect(e.decision).toBe('approved');
  });

  it('reports the evaluation instant', () => {
    expect(run({}).now).toBe(NOW);
  });
});

describe('evaluate: commits of the pull request', () => {
  it.each([
    ['a commit author', [commit('dana', 'web-flow')]],
    ['a committer', [commit('alice', 'dana')]],
  ] as Array<[string, PullCommit[]]>)('%s cannot approve its grants', (_name, commits) => {
    expect(run(adding({}, { reviews: approvedBy('dana'), commits })).decision).toBe('pending');
  });
});
