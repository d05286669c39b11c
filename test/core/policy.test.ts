import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy.js';
import { DAY, HOUR, lines, lineWith, policyOf, SPEC_POLICY } from './fixtures.js';

const STARTER_PATH = new URL('../../policies/authority.yaml', import.meta.url);
const STARTER = readFileSync(STARTER_PATH, 'utf8');

describe('loadPolicy reads a valid policy', () => {
  it("compiles the spec's example policy with inherited and own limits", () => {
    const policy = policyOf(SPEC_POLICY);
    expect(policy.accessLevels).toEqual(['read', 'write', 'admin']);
    expect(
      policy.rules.map((r) => [
        r.pattern,
        r.line,
        r.owners,
        r.maxAccess,
        r.maxDuration,
        r.approvals,
      ]),
    ).toEqual([
      ['*', 5, ['@acme/security'], 1, 30 * DAY, 1], // defaults: write for 30d
      ['aws/prod/', 7, ['@acme/prod-owners', 'dana'], 0, 7 * DAY, 1], // the spec's report says line 7
    ]);
    expect(policy.rules[0]!.escalation).toBeUndefined();
    expect(policy.rules[1]!.escalation).toMatchObject({
      owners: ['@acme/security-leads'],
      maxAccess: 2,
      maxDuration: 30 * DAY,
      approvals: 1,
    });
    expect(policy.delegations).toHaveLength(1);
    expect(policy.delegations[0]).toMatchObject({
      to: ['carol'],
      grantedBy: '@acme/prod-owners',
      pattern: 'aws/prod/payments-*',
      maxAccess: 0,
      maxDuration: 3 * DAY,
      expiresAt: Date.UTC(2027, 2, 1),
      line: 16,
    });
    expect(policy.emergency).toMatchObject({
      owners: ['@acme/oncall'],
      maxAccess: 2,
      maxDuration: 8 * HOUR,
      approvals: 1,
      postReview: 72 * HOUR,
    });
  });

  it.each([
    ['aws/prod/payments-db', 'aws/prod/'],
    ['aws/prod/x/y', 'aws/prod/'],
    ['aws/prod', '*'], // a trailing slash means strictly below
    ['gcp/anything', '*'],
    ['x/aws/prod/db', '*'], // an inner slash anchors at the root
  ])('governs %s by the last matching rule, %s', (resource, pattern) => {
    const policy = policyOf(SPEC_POLICY);
    expect(policy.rules[policy.index.lastMatch(resource)]?.pattern).toBe(pattern);
  });

  it('loads the starter policy shipped in policies/authority.yaml', () => {
    const result = loadPolicy('policies/authority.yaml', STARTER);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { policy } = result;
    expect(policy.rules.map((r) => [r.pattern, r.line])).toEqual(
      ['"*"', 'aws/prod/', 'aws/staging/', '/db/prod/', 'secrets'].map((p) => [
        p.replace(/"/g, ''),
        lineWith(STARTER, `- pattern: ${p}`),
      ]),
    );
    const dbProd = policy.rules.find((r) => r.pattern === '/db/prod/')!;
    expect([dbProd.approvals, dbProd.escalation?.approvals]).toEqual([2, 2]);
    const staging = policy.rules.find((r) => r.pattern === 'aws/staging/')!;
    expect([staging.maxAccess, staging.maxDuration, staging.approvals]).toEqual([1, 30 * DAY, 1]);
    expect(policy.rules[policy.index.lastMatch('k8s/prod/secrets/db')]?.pattern).toBe('secrets');
    expect(policy.rules[policy.index.lastMatch('db/prod/main')]?.pattern).toBe('/db/prod/');
    expect(policy.emergency?.maxDuration).toBe(8 * HOUR);
  });

  it.each([
    [
      'access_levels default to read, write, admin',
      lines(
        'version: 1',
        'rules:',
        '  - pattern: "*"',
        '    owners: [dana]',
        '    max_access: admin',
        '    max_duration: 1d',
      ),
    ],
    [
      'a rule may carry all its own limits without defaults',
      lines(
        'version: 1',
        'rules:',
        '  - {pattern: a/, owners: [dana], max_access: read, max_duration: 90m}',
      ),
    ],
    [
      'a rule may take max_access from defaults and max_duration from itself',
      lines(
        'version: 1',
        'defaults: {max_access: read}',
        'rules:',
        '  - {pattern: a/, owners: [dana], max_duration: 2w}',
      ),
    ],
    [
      'an escalation may equal its rule (it must not be below it)',
      lines(
        'version: 1',
        'rules:',
        '  - pattern: a/',
        '    owners: [dana]',
        '    max_access: write',
        '    max_duration: 7d',
        '    escalation: {owners: [erin], max_access: write, max_duration: 7d}',
      ),
    ],
    [
      'owners may be written @dana, Dana or @org/team',
      lines(
        'version: 1',
        'defaults: {max_access: read, max_duration: 1d}',
        'rules:',
        '  - {pattern: a, owners: ["@dana", Dana, "@acme/team-1"]}',
      ),
    ],
    [
      'custom access levels name the limits',
      lines(
        'version: 1',
        'access_levels: [viewer, editor, owner]',
        'defaults: {max_access: editor, max_duration: 1d}',
        'rules:',
        '  - {pattern: a, owners: [dana], max_access: viewer}',
      ),
    ],
    [
      'a delegation without limits or expiry is valid (lint warns about it)',
      lines(
        'version: 1',
        'defaults: {max_access: read, max_duration: 1d}',
        'rules:',
        '  - {pattern: a, owners: [dana]}',
        'delegations:',
        '  - {to: [carol], granted_by: dana, pattern: a/b}',
      ),
    ],
  ])('%s', (_name, text) => {
    const result = loadPolicy('p.yaml', text);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('reads the default access levels when the policy names none', () => {
    const policy = policyOf(
      lines(
        'version: 1',
        'rules:',
        '  - {pattern: a, owners: [dana], max_access: admin, max_duration: 1d}',
      ),
    );
    expect(policy.accessLevels).toEqual(['read', 'write', 'admin']);
    expect(policy.rules[0]!.maxAccess).toBe(2);
  });

  it('ranks custom access levels lowest first', () => {
    const policy = policyOf(
      lines(
        'version: 1',
        'access_levels: [viewer, editor, owner]',
        'rules:',
        '  - {pattern: a, owners: [dana], max_access: editor, max_duration: 1d}',
      ),
    );
    expect(policy.rules[0]!.maxAccess).toBe(1);
  });
});

const BASE = [
  'version: 1',
  'defaults: { max_access: write, max_duration: 30d }',
  'rules:',
  '  - pattern: "*"',
  '    owners: ["@acme/security"]',
];
const withRule = (...rule: string[]) => lines(...BASE, ...rule);

/** [name, text, line the error must name (null: the policy is refused, any line)] */
const INVALID: Array<[string, string, number | null]> = [
  ['an unknown top-level key', lines(...BASE, 'owner: dana'), 6],
  [
    'an unknown key in a rule (a typo)',
    withRule('  - pattern: aws/', '    owners: [dana]', '    max_acess: read'),
    8,
  ],
  [
    'an unknown key in defaults',
    lines(
      'version: 1',
      'defaults:',
      '  max_access: write',
      '  max_duration: 30d',
      '  approval: 2',
      'rules:',
      '  - {pattern: a, owners: [dana]}',
    ),
    5,
  ],
  [
    'an unknown key in an escalation',
    withRule(
      '  - pattern: aws/',
      '    owners: [dana]',
      '    max_access: read',
      '    escalation:',
      '      owners: [erin]',
      '      max_access: admin',
      '      max_duration: 30d',
      '      rationale: x',
    ),
    13,
  ],
  [
    'an unknown key in a delegation',
    lines(
      ...BASE,
      'delegations:',
      '  - to: [carol]',
      '    granted_by: "@acme/security"',
      '    pattern: a/',
      '    until: 2027-01-01',
    ),
    10,
  ],
  [
    'an unknown key in emergency',
    lines(
      ...BASE,
      'emergency:',
      '  owners: [otto]',
      '  max_access: admin',
      '  max_duration: 8h',
      '  review: 72h',
    ),
    10,
  ],
  ['version 2', lines('version: 2', ...BASE.slice(1)), 1],
  ['no version', lines(...BASE.slice(1)), null],
  [
    'an empty rules list',
    lines('version: 1', 'defaults: { max_access: write, max_duration: 30d }', 'rules: []'),
    3,
  ],
  ['no rules', lines('version: 1', 'defaults: { max_access: write, max_duration: 30d }'), null],
  [
    'a rule without limits and no defaults',
    lines('version: 1', 'rules:', '  - pattern: "*"', '    owners: [dana]'),
    3,
  ],
  [
    'a rule without max_duration and no default for it',
    lines(
      'version: 1',
      'defaults: {max_access: read}',
      'rules:',
      '  - pattern: "*"',
      '    owners: [dana]',
    ),
    4,
  ],
  [
    'a rule without max_access and no default for it',
    lines(
      'version: 1',
      'defaults: {max_duration: 1d}',
      'rules:',
      '  - pattern: "*"',
      '    owners: [dana]',
    ),
    4,
  ],
  [
    'an escalation allowing less access than its rule',
    lines(
      'version: 1',
      'rules:',
      '  - pattern: aws/prod/',
      '    owners: [dana]',
      '    max_access: write',
      '    max_duration: 7d',
      '    escalation:',
      '      owners: [erin]',
      '      max_access: read',
      '      max_duration: 30d',
    ),
    9,
  ],
  [
    'an escalation allowing a shorter time than its rule',
    lines(
      'version: 1',
      'rules:',
      '  - pattern: aws/prod/',
      '    owners: [dana]',
      '    max_access: read',
      '    max_duration: 7d',
      '    escalation:',
      '      owners: [erin]',
      '      max_access: admin',
      '      max_duration: 3d',
    ),
    10,
  ],
  [
    'an escalation below defaults the rule inherits',
    lines(
      'version: 1',
      'defaults: {max_access: write, max_duration: 30d}',
      'rules:',
      '  - pattern: aws/prod/',
      '    owners: [dana]',
      '    escalation:',
      '      owners: [erin]',
      '      max_access: admin',
      '      max_duration: 7d',
    ),
    9,
  ],
  [
    'an escalation without owners',
    withRule(
      '  - pattern: aws/',
      '    owners: [dana]',
      '    max_access: read',
      '    escalation: {max_access: admin, max_duration: 30d}',
    ),
    9,
  ],
  ['the negation pattern !x', withRule('  - pattern: "!x"', '    owners: [dana]'), 6],
  ['the range pattern a/[ab]', withRule('  - pattern: a/[ab]', '    owners: [dana]'), 6],
  ['the escape pattern a\\b', withRule("  - pattern: 'a\\b'", '    owners: [dana]'), 6],
  ['an empty pattern', withRule('  - pattern: ""', '    owners: [dana]'), 6],
  [
    'an unsupported delegation pattern',
    lines(
      ...BASE,
      'delegations:',
      '  - to: [carol]',
      '    granted_by: "@acme/security"',
      '    pattern: "!aws/"',
      '    expires: 2027-01-01',
    ),
    9,
  ],
  [
    'an owner that is a path, not a team',
    withRule('  - pattern: a', '    owners: ["acme/security"]'),
    7,
  ],
  [
    'an owner with a space',
    withRule('  - pattern: a', '    owners:', '      - dana', '      - "dana smith"'),
    9,
  ],
  ['an owner team without a slug', withRule('  - pattern: a', '    owners: ["@acme/"]'), 7],
  ['an owner login with a double hyphen', withRule('  - pattern: a', '    owners: [da--na]'), 7],
  [
    'an escalation owner that is not a login',
    withRule(
      '  - pattern: a',
      '    owners: [dana]',
      '    max_access: read',
      '    escalation:',
      '      owners: ["not valid"]',
      '      max_access: admin',
      '      max_duration: 30d',
    ),
    10,
  ],
  [
    'an emergency owner that is not a login',
    lines(
      ...BASE,
      'emergency:',
      '  owners: ["on call"]',
      '  max_access: admin',
      '  max_duration: 8h',
    ),
    7,
  ],
  [
    'a delegate that is not a login',
    lines(
      ...BASE,
      'delegations:',
      '  - to: ["carol smith"]',
      '    granted_by: "@acme/security"',
      '    pattern: a/',
    ),
    7,
  ],
  [
    'a re-delegation (granted_by is a delegate of another delegation)',
    lines(
      ...BASE,
      'delegations:',
      '  - to: [carol]',
      '    granted_by: "@acme/security"',
      '    pattern: aws/',
      '    expires: 2027-01-01',
      '  - to: [erin]',
      '    granted_by: carol',
      '    pattern: aws/prod/',
      '    expires: 2027-01-01',
    ),
    12,
  ],
  [
    'a re-delegation spelt with another case and an @',
    lines(
      ...BASE,
      'delegations:',
      '  - to: [Carol]',
      '    granted_by: "@acme/security"',
      '    pattern: aws/',
      '  - to: [erin]',
      '    granted_by: "@carol"',
      '    pattern: aws/prod/',
    ),
    11,
  ],
  [
    'an unknown access level in a rule',
    withRule('  - pattern: a', '    owners: [dana]', '    max_access: owner'),
    8,
  ],
  [
    'an unknown access level in defaults',
    lines(
      'version: 1',
      'defaults:',
      '  max_access: superuser',
      '  max_duration: 1d',
      'rules:',
      '  - {pattern: a, owners: [dana]}',
    ),
    3,
  ],
  [
    'an unknown access level in an escalation',
    withRule(
      '  - pattern: a',
      '    owners: [dana]',
      '    max_access: read',
      '    escalation:',
      '      owners: [erin]',
      '      max_access: root',
      '      max_duration: 30d',
    ),
    11,
  ],
  [
    'an unknown access level in a delegation',
    lines(
      ...BASE,
      'delegations:',
      '  - to: [carol]',
      '    granted_by: "@acme/security"',
      '    pattern: a/',
      '    max_access: root',
    ),
    10,
  ],
  [
    'an unknown access level in emergency',
    lines(...BASE, 'emergency:', '  owners: [otto]', '  max_access: root', '  max_duration: 8h'),
    8,
  ],
  [
    'a default level the custom levels do not name',
    lines(
      'version: 1',
      'access_levels: [viewer, editor]',
      'defaults: {max_access: write, max_duration: 1d}',
      'rules:',
      '  - {pattern: a, owners: [dana]}',
    ),
    3,
  ],
  [
    'repeated access levels',
    lines('version: 1', 'access_levels: [read, read]', ...BASE.slice(1)),
    2,
  ],
  ['an empty access_levels list', lines('version: 1', 'access_levels: []', ...BASE.slice(1)), 2],
  [
    'a duration without a unit',
    withRule('  - pattern: a', '    owners: [dana]', '    max_duration: 7'),
    8,
  ],
  [
    'a duration with a long unit',
    withRule('  - pattern: a', '    owners: [dana]', '    max_duration: 7days'),
    8,
  ],
  [
    'a fractional duration',
    withRule('  - pattern: a', '    owners: [dana]', '    max_duration: 1.5d'),
    8,
  ],
  [
    'an emergency duration in seconds',
    lines(
      ...BASE,
      'emergency:',
      '  owners: [otto]',
      '  max_access: admin',
      '  max_duration: 3600s',
    ),
    9,
  ],
  ['zero approvals', withRule('  - pattern: a', '    owners: [dana]', '    approvals: 0'), 8],
  [
    'fractional approvals',
    withRule('  - pattern: a', '    owners: [dana]', '    approvals: 1.5'),
    8,
  ],
  [
    'an emergency without owners',
    lines(...BASE, 'emergency:', '  max_access: admin', '  max_duration: 8h'),
    6,
  ],
  [
    'a delegation to no one',
    lines(
      ...BASE,
      'delegations:',
      '  - to: []',
      '    granted_by: "@acme/security"',
      '    pattern: a/',
    ),
    7,
  ],
  [
    'a delegation expiring on a day that does not exist',
    lines(
      ...BASE,
      'delegations:',
      '  - to: [carol]',
      '    granted_by: "@acme/security"',
      '    pattern: a/',
      '    expires: 2027-02-30',
    ),
    10,
  ],
  [
    'a delegation without granted_by',
    lines(...BASE, 'delegations:', '  - to: [carol]', '    pattern: a/'),
    7,
  ],
  [
    'a YAML syntax error',
    lines('version: 1', 'rules:', '  - pattern: "*"', '   owners: [dana]'),
    4,
  ],
  ['a duplicate key', lines('version: 1', 'version: 1', ...BASE.slice(1)), 2],
  ['an anchor', lines(...BASE.slice(0, 3), '  - &r {pattern: a, owners: [dana]}'), 4],
  ['a top-level list', lines('- version: 1'), null],
];

describe('loadPolicy refuses an invalid policy, naming the line', () => {
  it.each(INVALID)('%s', (_name, text, line) => {
    const result = loadPolicy('policies/authority.yaml', text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.file).toBe('policies/authority.yaml');
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) expect(e.message.trim()).not.toBe('');
    if (line !== null) expect(result.errors.map((e) => e.line)).toContain(line);
  });

  it('refuses an empty policy', () => {
    expect(loadPolicy('p.yaml', '').ok).toBe(false);
    expect(loadPolicy('p.yaml', '# nothing\n').ok).toBe(false);
  });

  it('refuses a policy larger than 1 MiB', () => {
    const text = `${SPEC_POLICY}# ${'x'.repeat(1024 * 1024)}\n`;
    expect(loadPolicy('p.yaml', text).ok).toBe(false);
  });
});
