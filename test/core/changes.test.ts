import { describe, expect, it } from 'vitest';
import { classifyChanges } from '../../src/core/changes.js';
import {
  grantBody,
  grantsYaml,
  lines,
  policyOf,
  recordsOf,
  SPEC_POLICY,
  type GrantFields,
} from './fixtures.js';

const policy = policyOf(SPEC_POLICY);

function changes(
  base: Record<string, string>,
  head: Record<string, string>,
  levels?: readonly string[],
) {
  const p = levels
    ? policyOf(
        lines(
          'version: 1',
          `access_levels: [${levels.join(', ')}]`,
          'rules:',
          '  - {pattern: "*", owners: [dana], max_access: ' + levels[0] + ', max_duration: 1d}',
        ),
      )
    : policy;
  return classifyChanges(p, recordsOf(base, p.accessLevels), recordsOf(head, p.accessLevels)).map(
    (c) => [(c.head ?? c.base)!.id, c.kind],
  );
}

/** The example grant (read, expires 2026-12-08) in base, changed by `head` overrides. */
const ONE_GRANT: Array<[string, GrantFields, GrantFields, string | null]> = [
  ['an untouched grant is not listed', {}, {}, null],
  ['a later expires alone renews', {}, { expires: '2026-12-20' }, 'renewed'],
  [
    'a later expires written as a timestamp renews',
    {},
    { expires: '2026-12-08T00:00:01Z' },
    'renewed',
  ],
  [
    'a later expires with a new purpose still renews',
    {},
    { expires: '2026-12-20', purpose: 'Weekly export of invoices to the finance warehouse' },
    'renewed',
  ],
  [
    'a later expires with a new ticket still renews',
    {},
    { expires: '2026-12-20', ticket: 'OPS-9999' },
    'renewed',
  ],
  [
    'a later expires with a new requester still renews',
    {},
    { expires: '2026-12-20', requester: 'bob' },
    'renewed',
  ],
  [
    'a later expires with an exception added still renews',
    {},
    { expires: '2026-12-20', exception: ['rationale: The export now runs for two more weeks'] },
    'renewed',
  ],
  [
    'a later expires with a ticket removed still renews',
    {},
    { expires: '2026-12-20', ticket: undefined },
    'renewed',
  ],
  [
    'a later expires with higher access is modified',
    {},
    { expires: '2026-12-20', access: 'write' },
    'modified',
  ],
  [
    'a later expires with lower access is modified',
    { access: 'write' },
    { expires: '2026-12-20', access: 'read' },
    'modified',
  ],
  [
    'a later expires on another resource is modified',
    {},
    { expires: '2026-12-20', resource: 'aws/prod/billing-db' },
    'modified',
  ],
  [
    'a later expires for another identity is modified',
    {},
    { expires: '2026-12-20', identity: 'svc-other' },
    'modified',
  ],
  [
    'a later expires with another identity_type is modified',
    {},
    { expires: '2026-12-20', identity_type: 'workload' },
    'modified',
  ],
  [
    'a later expires with another owner is modified',
    {},
    { expires: '2026-12-20', owner: '"@acme/finance"' },
    'modified',
  ],
  ['an earlier expires alone narrows', {}, { expires: '2026-12-05' }, 'narrowed'],
  [
    'an earlier expires by one second narrows',
    { expires: '2026-12-08T00:00:01Z' },
    { expires: '2026-12-08' },
    'narrowed',
  ],
  ['lower access alone narrows', { access: 'write' }, { access: 'read' }, 'narrowed'],
  [
    'lower access and an earlier expires narrow',
    { access: 'admin' },
    { access: 'read', expires: '2026-12-05' },
    'narrowed',
  ],
  [
    'an earlier expires with higher access is modified',
    {},
    { expires: '2026-12-05', access: 'write' },
    'modified',
  ],
  [
    'an earlier expires with a new purpose is modified',
    {},
    { expires: '2026-12-05', purpose: 'Weekly export of invoices to the finance warehouse' },
    'modified',
  ],
  [
    'an earlier expires with a new ticket is modified',
    {},
    { expires: '2026-12-05', ticket: 'OPS-9999' },
    'modified',
  ],
  [
    'lower access with a new requester is modified',
    { access: 'write' },
    { access: 'read', requester: 'bob' },
    'modified',
  ],
  ['higher access alone is modified', {}, { access: 'admin' }, 'modified'],
  [
    'a new purpose alone is modified',
    {},
    { purpose: 'Weekly export of invoices to the finance warehouse' },
    'modified',
  ],
  ['a new ticket alone is modified', {}, { ticket: 'OPS-9999' }, 'modified'],
  ['a new requester alone is modified', {}, { requester: 'bob' }, 'modified'],
  [
    'an exception added alone is modified',
    {},
    { exception: ['rationale: The export needs more than the owners allow'] },
    'modified',
  ],
  [
    'an emergency added with an earlier expires is modified',
    {},
    {
      expires: '2026-12-05',
      emergency: ['rationale: Payments are down and the database must be inspected'],
    },
    'modified',
  ],
  ['a new resource alone is modified', {}, { resource: 'aws/prod/billing-db' }, 'modified'],
  [
    'quoting a value differently changes nothing',
    {},
    {
      resource: '"aws/prod/payments-db"',
      purpose: "'Nightly export of invoices to the finance warehouse'",
    },
    null,
  ],
];

describe('classifyChanges: one grant in base and head', () => {
  it.each(ONE_GRANT)('%s', (_name, baseOverrides, headOverrides, kind) => {
    const result = changes(
      { 'grants/a.yaml': grantsYaml(grantBody(baseOverrides)) },
      { 'grants/a.yaml': grantsYaml(grantBody({ ...baseOverrides, ...headOverrides })) },
    );
    expect(result).toEqual(kind === null ? [] : [['pay-db-read-invoice-exporter', kind]]);
  });
});

describe('classifyChanges: ids are global across files', () => {
  const a = grantBody({ id: 'grant-a' });
  const b = grantBody({ id: 'grant-b' });

  it('lists an id only in head as added and an id only in base as removed', () => {
    expect(changes({ 'grants/x.yaml': grantsYaml(a) }, { 'grants/x.yaml': grantsYaml(b) })).toEqual(
      [
        ['grant-b', 'added'],
        ['grant-a', 'removed'],
      ],
    );
  });

  it('does not list a grant that moves to another file unchanged', () => {
    expect(
      changes(
        { 'grants/x.yaml': grantsYaml(a, b) },
        { 'grants/x.yaml': grantsYaml(a), 'grants/team/y.yml': grantsYaml(b) },
      ),
    ).toEqual([]);
  });

  it('classifies a grant that moves and gets a later expires as renewed, not added and removed', () => {
    const renewed = grantBody({ id: 'grant-b', expires: '2026-12-31' });
    expect(
      changes(
        { 'grants/x.yaml': grantsYaml(a, b) },
        { 'grants/x.yaml': grantsYaml(a), 'grants/y.yaml': grantsYaml(renewed) },
      ),
    ).toEqual([['grant-b', 'renewed']]);
  });

  it('does not list a grant whose keys were only reordered', () => {
    const reordered = [...b].reverse();
    expect(
      changes({ 'grants/x.yaml': grantsYaml(b) }, { 'grants/x.yaml': grantsYaml(reordered) }),
    ).toEqual([]);
  });

  it('lists a whole file deleted as removed grants', () => {
    expect(changes({ 'grants/x.yaml': grantsYaml(a, b) }, {})).toEqual([
      ['grant-a', 'removed'],
      ['grant-b', 'removed'],
    ]);
  });

  it('lists every grant of a new file as added', () => {
    expect(changes({}, { 'grants/x.yaml': grantsYaml(a, b) })).toEqual([
      ['grant-a', 'added'],
      ['grant-b', 'added'],
    ]);
  });
});

describe('classifyChanges ranks access by the policy access_levels', () => {
  it.each([
    ['editor', 'viewer', 'narrowed'],
    ['viewer', 'editor', 'modified'],
    ['owner', 'editor', 'narrowed'],
  ])('%s → %s is %s', (from, to, kind) => {
    const levels = ['viewer', 'editor', 'owner'];
    const result = changes(
      { 'grants/a.yaml': grantsYaml(grantBody({ access: from })) },
      { 'grants/a.yaml': grantsYaml(grantBody({ access: to })) },
      levels,
    );
    expect(result).toEqual([['pay-db-read-invoice-exporter', kind]]);
  });
});
