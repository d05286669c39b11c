// Acceptance scenarios derived from the spec (SPEC.md) alone: the worked example, change
// classification and whole-PR decisions. Other areas live next to this file:
// validation.test.ts, authority.test.ts, approvals.test.ts, policy-and-usage.test.ts.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PURPOSE,
  NOW,
  NO_APPROVAL_NEEDED,
  RETURNED,
  RULE_AWS_PROD,
  RULE_STAR,
  evaluate,
  expectOutcome,
  grant,
  grantLine,
  grantsFile,
  keyLine,
  reportOf,
  review,
  runCli,
  scenarios,
  type Expectation,
  type Row,
  type RunOptions,
} from './helpers.js';

// The spec's worked example (examples/two-grants beside the spec), kept verbatim in the repository.
const EXAMPLE = 'test/fixtures/two-grants';

describe('worked example: two grants', () => {
  it('prints the documented JSON document (all but message wording and key order) and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grant-gate-example-'));
    try {
      // Copy the trees at run time so the CLI never touches the shared example.
      for (const f of ['base', 'head', 'reviews.json', 'teams.yaml']) {
        cpSync(join(EXAMPLE, f), join(dir, f), { recursive: true });
      }
      const expected = JSON.parse(readFileSync(join(EXAMPLE, 'expected.json'), 'utf8'));
      const r = runCli(
        [
          'evaluate',
          '--base',
          join(dir, 'base'),
          '--head',
          join(dir, 'head'),
          '--author',
          'kim',
          '--head-sha',
          '2222222222222222222222222222222222222222',
          '--reviews',
          join(dir, 'reviews.json'),
          '--teams',
          join(dir, 'teams.yaml'),
          '--now',
          '2027-01-01T12:00:00Z',
          '--format',
          'json',
        ],
        dir,
      );
      expect(r.status, r.stderr).toBe(1);
      const actual = reportOf(r);
      // README: "key order and message wording may differ; decision, change, authority,
      // approvers, approved_by, problem codes and lines may not". Everything else in the
      // document is compared too, with messages blanked out.
      const stripMessages = (doc: unknown): unknown =>
        JSON.parse(JSON.stringify(doc, (key, value) => (key === 'message' ? '<message>' : value)));
      expect(stripMessages(actual)).toEqual(stripMessages(expected));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Change classification
// ---------------------------------------------------------------------------------------------
interface ChangeRow extends Row, RunOptions {
  expect: Expectation;
}

const F = 'grants/team.yaml';
const BASE_G1 = grantsFile(grant('g1'));
const BASE_G1_BUCKET = grantsFile(
  grant('g1', { resource: 'gcp/proj/bucket', access: 'write', expires: '2027-01-20' }),
);
const OWNER_PENDING_AWS = {
  decision: 'pending',
  authority: 'owner',
  rule: RULE_AWS_PROD,
  approvers: ['@acme/prod-owners', 'dana'],
  approved_by: [],
  approvals_required: 1,
  problems: [],
};
const OWNER_PENDING_STAR = {
  decision: 'pending',
  authority: 'owner',
  rule: RULE_STAR,
  approvers: ['@acme/security'],
  approved_by: [],
  approvals_required: 1,
  problems: [],
};
const BASE_TWO = grantsFile(grant('g-keep'), grant('g-old', { resource: 'aws/prod/orders' }));
const BAD_PURPOSE_BASE = grantsFile(grant('g1', { purpose: 'TBD' }));

describe('change classification (grant ids are global)', () => {
  const rows: ChangeRow[] = [
    {
      name: 'a grant only in head is added and goes to the governing rule\u2019s owners',
      head: { [F]: grantsFile(grant('g1')) },
      expect: {
        exit: 1,
        decision: 'pending',
        grants: { g1: { change: 'added', file: F, line: 2, ...OWNER_PENDING_AWS } },
      },
    },
    {
      name: 'a grant only in base is removed, needs no approval, and points at its place in the base',
      base: { [F]: BASE_TWO },
      head: { [F]: grantsFile(grant('g-keep')) },
      author: 'bob', // anyone may remove a grant: no requester-mismatch for a removal
      expect: {
        exit: 0,
        decision: 'approved',
        grants: {
          'g-old': {
            change: 'removed',
            ...NO_APPROVAL_NEEDED,
            // Ambiguity: the spec does not say what `rule` a removed grant reports; with
            // authority "none" no rule is used, so null is the expected reading.
            rule: null,
            problems: [],
            file: F,
            line: grantLine(BASE_TWO, 'g-old'),
          },
        },
      },
    },
    {
      name: 'a whole grants file deleted in head lists each of its grants as removed',
      base: { [F]: BASE_G1, 'grants/other.yaml': grantsFile(grant('g2')) },
      head: { [F]: BASE_G1 },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: {
          g2: { change: 'removed', ...NO_APPROVAL_NEEDED, file: 'grants/other.yaml', line: 2 },
        },
      },
    },
    {
      name: 'a later expires with identity, type, owner, resource and access unchanged is renewed (purpose and ticket may change)',
      base: { [F]: BASE_G1 },
      head: {
        [F]: grantsFile(
          grant('g1', {
            expires: '2027-01-06',
            purpose: 'Keep investigating the slow order queries',
            ticket: 'OPS-77',
          }),
        ),
      },
      expect: {
        exit: 1,
        decision: 'pending',
        grants: { g1: { change: 'renewed', ...OWNER_PENDING_AWS } },
      },
    },
    {
      name: 'a renewal may change the requester (other metadata) and is still renewed',
      base: { [F]: grantsFile(grant('g1', { requester: 'bob' })) },
      head: { [F]: grantsFile(grant('g1', { expires: '2027-01-06' })) },
      expect: { exit: 1, grants: { g1: { change: 'renewed', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'renewing a grant that already expired in base is renewed and needs approval',
      base: { [F]: grantsFile(grant('g1', { expires: '2026-12-01' })) },
      head: { [F]: grantsFile(grant('g1', { expires: '2027-01-05' })) },
      expect: { exit: 1, grants: { g1: { change: 'renewed', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'a renewal is fully validated: a requester other than the author is returned',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { expires: '2027-01-06' })) },
      author: 'bob',
      expect: {
        exit: 1,
        decision: 'returned',
        grants: {
          g1: {
            change: 'renewed',
            ...RETURNED,
            problems: [{ code: 'requester-mismatch', line: 7 }],
          },
        },
      },
    },
    {
      name: 'an earlier expires with nothing else changed is narrowed and approved without anyone',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { expires: '2027-01-03' })) },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'narrowed', ...NO_APPROVAL_NEEDED, rule: null, problems: [] } },
      },
    },
    {
      name: 'a lower access with the same expires is narrowed',
      base: { [F]: BASE_G1_BUCKET },
      head: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/proj/bucket', access: 'read', expires: '2027-01-20' }),
        ),
      },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'narrowed', ...NO_APPROVAL_NEEDED } },
      },
    },
    {
      name: 'a lower access and an earlier expires together is narrowed',
      base: { [F]: BASE_G1_BUCKET },
      head: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/proj/bucket', access: 'read', expires: '2027-01-10' }),
        ),
      },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'narrowed', ...NO_APPROVAL_NEEDED } },
      },
    },
    {
      name: 'access is ranked by the policy\u2019s access_levels order, not alphabetically: operator -> viewer is narrowed',
      policy:
        'version: 1\naccess_levels: [viewer, operator, owner]\ndefaults: { max_access: owner, max_duration: 30d }\nrules:\n  - pattern: "*"\n    owners: [dana]\n',
      base: { [F]: grantsFile(grant('g1', { resource: 'gcp/x', access: 'operator' })) },
      head: { [F]: grantsFile(grant('g1', { resource: 'gcp/x', access: 'viewer' })) },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'narrowed', ...NO_APPROVAL_NEEDED } },
      },
    },
    {
      name: 'access is ranked by access_levels order: viewer -> operator with a later expires is modified',
      policy:
        'version: 1\naccess_levels: [viewer, operator, owner]\ndefaults: { max_access: owner, max_duration: 30d }\nrules:\n  - pattern: "*"\n    owners: [dana]\n',
      base: { [F]: grantsFile(grant('g1', { resource: 'gcp/x', access: 'viewer' })) },
      head: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/x', access: 'operator', expires: '2027-01-06' }),
        ),
      },
      expect: {
        exit: 1,
        decision: 'pending',
        grants: { g1: { change: 'modified', authority: 'owner' } },
      },
    },
    {
      name: 'narrowing to an expires already in the past is fine (no expired problem)',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { expires: '2026-12-01' })) },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'narrowed', ...NO_APPROVAL_NEEDED, problems: [] } },
      },
    },
    {
      name: 'anyone may narrow a grant: an author other than the requester is not a requester-mismatch',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { expires: '2027-01-02' })) },
      author: 'bob',
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'narrowed', ...NO_APPROVAL_NEEDED, problems: [] } },
      },
    },
    {
      name: 'a narrowed grant is still validated against the schema: a placeholder purpose is returned',
      base: { [F]: BAD_PURPOSE_BASE },
      head: { [F]: grantsFile(grant('g1', { purpose: 'TBD', expires: '2027-01-02' })) },
      expect: {
        exit: 1,
        decision: 'returned',
        grants: {
          g1: {
            change: 'narrowed',
            ...RETURNED,
            problems: [{ code: 'invalid-field', line: keyLine(BAD_PURPOSE_BASE, 'g1', 'purpose') }],
          },
        },
      },
    },
    {
      name: 'an earlier expires together with a changed purpose is modified, not narrowed',
      base: { [F]: BASE_G1 },
      head: {
        [F]: grantsFile(
          grant('g1', { expires: '2027-01-03', purpose: 'A different reason for the same access' }),
        ),
      },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'a later expires AND a higher access is modified',
      base: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/proj/bucket', access: 'read', expires: '2027-01-20' }),
        ),
      },
      head: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/proj/bucket', access: 'write', expires: '2027-01-25' }),
        ),
      },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_STAR } } },
    },
    {
      name: 'a renewal to a date still in the past is validated and returned: expired',
      base: { [F]: grantsFile(grant('g1', { expires: '2026-11-01' })) },
      head: { [F]: grantsFile(grant('g1', { expires: '2026-12-01' })) },
      expect: {
        exit: 1,
        decision: 'returned',
        grants: {
          g1: { change: 'renewed', ...RETURNED, problems: [{ code: 'expired', line: 9 }] },
        },
      },
    },
    {
      name: 'a later expires with a lower access is modified (neither renewed nor narrowed)',
      base: { [F]: BASE_G1_BUCKET },
      head: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/proj/bucket', access: 'read', expires: '2027-01-25' }),
        ),
      },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_STAR } } },
    },
    {
      name: 'a higher access with the same expires is modified',
      base: {
        [F]: grantsFile(
          grant('g1', { resource: 'gcp/proj/bucket', access: 'read', expires: '2027-01-20' }),
        ),
      },
      head: { [F]: BASE_G1_BUCKET },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_STAR } } },
    },
    {
      name: 'a changed resource is modified and is governed by the new resource\u2019s rule',
      base: { [F]: grantsFile(grant('g1', { resource: 'gcp/proj/bucket' })) },
      head: { [F]: BASE_G1 },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'a changed identity with a later expires is modified, not renewed',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { identity: 'alice-bot-2', expires: '2027-01-06' })) },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'a changed owner of a service account with a later expires is modified, not renewed',
      base: {
        [F]: grantsFile(
          grant('g1', { identity: 'svc-x', identity_type: 'service-account', owner: '"@acme/a"' }),
        ),
      },
      head: {
        [F]: grantsFile(
          grant('g1', {
            identity: 'svc-x',
            identity_type: 'service-account',
            owner: '"@acme/b"',
            expires: '2027-01-06',
          }),
        ),
      },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'a changed identity_type with the same expires is modified',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { identity_type: 'workload', owner: 'alice' })) },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'a ticket-only change (expires not later) is modified and needs approval',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile(grant('g1', { ticket: 'OPS-9' })) },
      expect: { exit: 1, grants: { g1: { change: 'modified', ...OWNER_PENDING_AWS } } },
    },
    {
      name: 'an unchanged grant is not listed and a PR changing no grant is approved (exit 0)',
      base: { [F]: BASE_G1 },
      head: { [F]: BASE_G1 },
      expect: { exit: 0, decision: 'approved', grants: {}, problems: [] },
    },
    {
      name: 'an unchanged grant re-indented or re-quoted is still unchanged and not listed',
      base: { [F]: BASE_G1 },
      head: {
        [F]: grantsFile(
          grant('g1', {
            purpose: `"${DEFAULT_PURPOSE}"`,
            expires: '"2027-01-05"',
            access: "'read'",
          }),
        ),
      },
      expect: { exit: 0, decision: 'approved', grants: {} },
    },
    {
      name: 'a grant moved to another file unchanged is not listed',
      base: { [F]: grantsFile(grant('g1'), grant('g2', { resource: 'aws/prod/orders' })) },
      head: {
        [F]: grantsFile(grant('g2', { resource: 'aws/prod/orders' })),
        'grants/moved/here.yaml': grantsFile(grant('g1')),
      },
      expect: { exit: 0, decision: 'approved', grants: {} },
    },
    {
      name: 'a grant moved to another file and renewed is renewed, reported at its head place',
      base: { [F]: BASE_G1 },
      head: {
        [F]: grantsFile(),
        'grants/moved.yaml': grantsFile(grant('g1', { expires: '2027-01-06' })),
      },
      expect: {
        exit: 1,
        grants: {
          g1: { change: 'renewed', file: 'grants/moved.yaml', line: 2, ...OWNER_PENDING_AWS },
        },
      },
    },
    {
      name: 'a base file that does not parse holds no grants: its unchanged head grant is added, with a warning',
      base: { [F]: 'grants:\n  - id: g1\n    identity: [oops\n' },
      head: { [F]: BASE_G1 },
      expect: {
        exit: 1,
        decision: 'pending',
        warnings: 'some',
        problems: [],
        grants: { g1: { change: 'added', ...OWNER_PENDING_AWS } },
      },
    },
    {
      name: 'grants files ending in .yml and in nested folders under grants/ are read',
      head: { 'grants/a/b/c.yml': grantsFile(grant('g1')) },
      expect: {
        exit: 1,
        grants: { g1: { change: 'added', file: 'grants/a/b/c.yml', ...OWNER_PENDING_AWS } },
      },
    },
    {
      name: 'YAML files outside grants/ are not grants files and are ignored',
      head: {
        'other/x.yaml': grantsFile(grant('g1')),
        'grants/notes.txt': grantsFile(grant('g2')),
      },
      expect: { exit: 0, decision: 'approved', grants: {} },
    },
    {
      name: 'an empty grants file and `grants: []` hold no grants',
      head: { 'grants/empty.yaml': '', 'grants/none.yaml': 'grants: []\n' },
      expect: { exit: 0, decision: 'approved', grants: {}, problems: [] },
    },
  ];
  scenarios(rows, (row) => {
    expectOutcome(evaluate(row), row.expect);
  });

  it('a grant whose first key is not id is reported at its `- ` item line (grant line and missing-field line)', () => {
    const text =
      'grants:\n  - resource: aws/prod/db\n    id: g1\n    identity: alice\n    identity_type: user\n    access: read\n    requester: alice\n    expires: 2027-01-05\n';
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      decision: 'returned',
      grants: {
        g1: { ...RETURNED, line: 2, file: F, problems: [{ code: 'missing-field', line: 2 }] },
      },
    });
  });

  it('a grant without an id is returned with a missing-field at its first line', () => {
    const text = grantsFile(
      grant('g1'),
      grant('g2').replace('  - id: g2\n    identity:', '  - identity:'),
    );
    const r = evaluate({ head: { [F]: text } });
    expect(r.status).toBe(1);
    const rep = reportOf(r);
    expect(rep.decision).toBe('returned');
    const missing = [...rep.problems, ...rep.grants.flatMap((g) => g.problems)].filter(
      (p) => p.code === 'missing-field',
    );
    const itemLine = text.split('\n').indexOf('  - identity: alice') + 1;
    expect(itemLine).toBe(11);
    expect(
      missing.map((p) => `${p.file}:${p.line}`),
      JSON.stringify(rep, null, 1),
    ).toContain(`${F}:${itemLine}`);
  });

  it('the exit status does not depend on --format: text output exits 1 when pending', () => {
    const r = evaluate({ head: { [F]: grantsFile(grant('g1')) }, format: 'text' });
    expect(r.status, r.stdout + r.stderr).toBe(1);
  });

  it('the exit status does not depend on --format: text output exits 0 when approved', () => {
    const r = evaluate({
      head: { [F]: grantsFile(grant('g1')) },
      reviews: [review('pat', 'APPROVED')],
      format: 'text',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('prints `now` as an ISO instant', () => {
    const r = evaluate({ head: { [F]: grantsFile() } });
    expect(reportOf(r).now).toBe(new Date(NOW).toISOString());
  });
});

// ---------------------------------------------------------------------------------------------
// Whole-PR decisions
// ---------------------------------------------------------------------------------------------
const approveAll = [review('pat', 'APPROVED')];
describe('decisions: the PR is the worst of its grants and file-level problems', () => {
  const rows: ChangeRow[] = [
    {
      name: 'approved + approved is approved and exits 0',
      head: { [F]: grantsFile(grant('a1'), grant('a2', { resource: 'aws/prod/orders' })) },
      reviews: approveAll,
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { a1: { decision: 'approved' }, a2: { decision: 'approved' } },
      },
    },
    {
      name: 'approved + pending is pending and exits 1',
      head: { [F]: grantsFile(grant('a1'), grant('p1', { resource: 'gcp/x' })) },
      reviews: approveAll,
      expect: {
        exit: 1,
        decision: 'pending',
        grants: { a1: { decision: 'approved' }, p1: { decision: 'pending' } },
      },
    },
    {
      name: 'pending + blocked is blocked',
      head: { [F]: grantsFile(grant('p1'), grant('b1', { access: 'write' })) },
      expect: {
        exit: 1,
        decision: 'blocked',
        grants: {
          p1: { decision: 'pending' },
          b1: { decision: 'blocked', problems: [{ code: 'missing-rationale' }] },
        },
      },
    },
    {
      name: 'blocked + returned is returned',
      head: { [F]: grantsFile(grant('b1', { access: 'write' }), grant('r1', { purpose: 'TBD' })) },
      expect: {
        exit: 1,
        decision: 'returned',
        grants: { b1: { decision: 'blocked' }, r1: { decision: 'returned' } },
      },
    },
    {
      name: 'an approved grant next to a head file that does not parse is returned (file-level yaml-syntax)',
      head: {
        [F]: grantsFile(grant('a1')),
        'grants/broken.yaml': 'grants:\n  - id: x\n    identity: [oops\n',
      },
      reviews: approveAll,
      expect: {
        exit: 1,
        decision: 'returned',
        problemsInclude: [{ code: 'yaml-syntax', file: 'grants/broken.yaml' }],
        grants: { a1: { decision: 'approved' } },
        onlyThese: false,
      },
    },
    {
      name: 'a PR that only removes grants is approved',
      base: { [F]: BASE_G1 },
      head: { [F]: grantsFile() },
      expect: {
        exit: 0,
        decision: 'approved',
        grants: { g1: { change: 'removed', decision: 'approved' } },
      },
    },
  ];
  scenarios(rows, (row) => {
    expectOutcome(evaluate(row), row.expect);
  });
});
