import { describe, expect, it } from 'vitest';
import type { GrantFields } from './fixtures.js';
import {
  grantBody,
  grantFile,
  grantsFileOf,
  grantsYaml,
  GRANTS_PATH,
  lineOfKey,
  lines,
  onlyRecord,
  q,
} from './fixtures.js';

/** Where a problem must point: the grant's first line, or the line of a key written in the text. */
type Where = 'grant' | string;
type Expected = Array<[code: string, where: Where]>;

function located(text: string, expected: Expected): Array<[string, number]> {
  return expected
    .map(([code, where]): [string, number] => [
      code,
      where === 'grant' ? 2 : lineOfKey(text, where),
    ])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

/** The distinct (code, line) pairs of the single grant's problems: two messages about one key count once. */
function found(text: string): Array<[string, number]> {
  const record = onlyRecord(text);
  const distinct = new Map(
    record.problems.map((p): [string, [string, number]] => [
      `${p.code}@${p.line}`,
      [p.code, p.line],
    ]),
  );
  return [...distinct.values()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

const CASES: Array<[name: string, overrides: GrantFields, expected: Expected]> = [
  // --- valid grants -----------------------------------------------------------------------
  ["the spec's example grant is valid", {}, []],
  [
    'a user identity needs no owner',
    { identity: 'alice', identity_type: 'user', owner: undefined },
    [],
  ],
  ['a bot with an owner is valid', { identity_type: 'bot' }, []],
  ['a workload with a login as owner is valid', { identity_type: 'workload', owner: 'dana' }, []],
  ['a requester with a leading @ is valid', { requester: '"@alice"' }, []],
  ['a requester of 39 characters is valid', { requester: 'a'.repeat(39) }, []],
  ['an id of one character is valid', { id: 'a' }, []],
  ['an id of 64 characters is valid', { id: 'a'.repeat(64) }, []],
  ['an id with digits, dots, underscores and hyphens is valid', { id: '0.x_y-z' }, []],
  ['a one-segment resource is valid', { resource: 'vault' }, []],
  ['a resource using every allowed character is valid', { resource: 'k8s/ns@x:y+z=w/A.b_c-d' }, []],
  ['an expires timestamp with Z is valid', { expires: '2026-12-08T10:00:00Z' }, []],
  ['an expires timestamp with an offset is valid', { expires: '2026-12-08T10:00:00+02:00' }, []],
  ['a purpose of exactly 15 characters is valid', { purpose: 'a'.repeat(15) }, []],
  ['a purpose of 4,000 characters is valid', { purpose: 'a'.repeat(4000) }, []],
  ['a ticket is optional', { ticket: undefined }, []],
  ['a ticket of 1,000 characters is valid', { ticket: 'x'.repeat(1000) }, []],
  [
    'an exception with a rationale is valid',
    { exception: ['rationale: The migration needs write access for two weeks'] },
    [],
  ],
  [
    'an emergency with a rationale and an incident is valid',
    {
      emergency: [
        'rationale: Payments are down and the database must be inspected',
        'incident: INC-42',
      ],
    },
    [],
  ],
  [
    'a rationale line break is allowed',
    { exception: [`rationale: ${q('First line of the reason\nsecond line of the reason')}`] },
    [],
  ],
  [
    'a rationale of 4,000 characters is valid',
    { exception: [`rationale: ${'r'.repeat(4000)}`] },
    [],
  ],
  // A rationale that is absent, short or a placeholder is missing-rationale (an authority
  // problem), never missing-field: the schema lets it through.
  ['a placeholder rationale is not a schema problem', { exception: ['rationale: TBD'] }, []],
  ['an exception without a rationale is not a schema problem', { exception: '{}' }, []],
  [
    'an emergency without a rationale is not a schema problem',
    { emergency: ['incident: INC-42'] },
    [],
  ],
  // YAML 1.2 core schema.
  ['an unquoted date in expires is the string it looks like', { expires: '2026-12-20' }, []],
  ['identity: on is the string "on"', { identity: 'on' }, []],
  ['identity: no is the string "no"', { identity: 'no' }, []],
  ['requester: yes is the login "yes"', { requester: 'yes' }, []],

  // --- missing fields: at the grant's first line --------------------------------------------
  ...(
    [
      'id',
      'identity',
      'identity_type',
      'resource',
      'access',
      'requester',
      'purpose',
      'expires',
    ] as const
  ).map((field): [string, GrantFields, Expected] => [
    `a grant without ${field} is missing a field`,
    { [field]: undefined },
    [['missing-field', 'grant']],
  ]),
  ...(['service-account', 'bot', 'workload'] as const).map(
    (type): [string, GrantFields, Expected] => [
      `a ${type} without an owner is missing a field`,
      { identity_type: type, owner: undefined },
      [['missing-field', 'grant']],
    ],
  ),

  // --- invalid fields: at the key's line ----------------------------------------------------
  ['an upper-case id is invalid', { id: 'Pay-DB' }, [['invalid-field', 'id']]],
  ['an id starting with a hyphen is invalid', { id: q('-pay') }, [['invalid-field', 'id']]],
  ['an id starting with a dot is invalid', { id: '.pay' }, [['invalid-field', 'id']]],
  ['an id of 65 characters is invalid', { id: 'a'.repeat(65) }, [['invalid-field', 'id']]],
  ['an id with a slash is invalid', { id: 'pay/db' }, [['invalid-field', 'id']]],
  ['an id with a space is invalid', { id: q('pay db') }, [['invalid-field', 'id']]],
  [
    'an identity with whitespace is invalid',
    { identity: q('svc invoice') },
    [['invalid-field', 'identity']],
  ],
  ['an empty identity is invalid', { identity: q('') }, [['invalid-field', 'identity']]],
  [
    'an identity of 1,001 characters is invalid',
    { identity: 'i'.repeat(1001) },
    [['invalid-field', 'identity']],
  ],
  [
    'an identity_type outside the four kinds is invalid',
    { identity_type: 'human' },
    [['invalid-field', 'identity_type']],
  ],
  [
    'identity_type is case-sensitive',
    { identity_type: 'User' },
    [['invalid-field', 'identity_type']],
  ],
  // Spec: owner is required "when `identity_type` is `service-account`, `bot` or `workload`".
  [
    'an identity_type outside the four kinds does not make the owner required',
    { identity_type: 'human', owner: undefined },
    [['invalid-field', 'identity_type']],
  ],
  [
    'an owner that is neither a login nor @org/team is invalid',
    { owner: 'acme/payments' },
    [['invalid-field', 'owner']],
  ],
  ['an owner with a double hyphen is invalid', { owner: 'da--na' }, [['invalid-field', 'owner']]],
  ['an owner with a space is invalid', { owner: q('dana smith') }, [['invalid-field', 'owner']]],
  [
    'a resource with a leading slash is invalid',
    { resource: '/aws/prod' },
    [['invalid-field', 'resource']],
  ],
  [
    'a resource with a trailing slash is invalid',
    { resource: 'aws/prod/' },
    [['invalid-field', 'resource']],
  ],
  [
    'a resource with an empty segment is invalid',
    { resource: 'aws//prod' },
    [['invalid-field', 'resource']],
  ],
  [
    'a resource with a . segment is invalid',
    { resource: 'aws/./prod' },
    [['invalid-field', 'resource']],
  ],
  [
    'a resource with a .. segment is invalid',
    { resource: 'aws/../prod' },
    [['invalid-field', 'resource']],
  ],
  ['a resource that is .. is invalid', { resource: q('..') }, [['invalid-field', 'resource']]],
  [
    'a resource with a space is invalid',
    { resource: q('aws/prod db') },
    [['invalid-field', 'resource']],
  ],
  [
    'a resource with a wildcard is invalid',
    { resource: q('aws/prod/*') },
    [['invalid-field', 'resource']],
  ],
  [
    'a resource with a backslash is invalid',
    { resource: q('aws\\prod') },
    [['invalid-field', 'resource']],
  ],
  ['an empty resource is invalid', { resource: q('') }, [['invalid-field', 'resource']]],
  [
    'a resource of 1,001 characters is invalid',
    { resource: `a/${'b'.repeat(999)}` },
    [['invalid-field', 'resource']],
  ],
  [
    'an access level the policy does not name is invalid',
    { access: 'owner' },
    [['invalid-field', 'access']],
  ],
  ['access levels are case-sensitive', { access: 'Read' }, [['invalid-field', 'access']]],
  [
    'a requester ending in a hyphen is invalid',
    { requester: 'alice-' },
    [['invalid-field', 'requester']],
  ],
  [
    'a requester with a double hyphen is invalid',
    { requester: 'al--ice' },
    [['invalid-field', 'requester']],
  ],
  [
    'a requester of 40 characters is invalid',
    { requester: 'a'.repeat(40) },
    [['invalid-field', 'requester']],
  ],
  [
    'a requester with a space is invalid',
    { requester: q('alice smith') },
    [['invalid-field', 'requester']],
  ],
  [
    'a team is not a requester',
    { requester: q('@acme/payments') },
    [['invalid-field', 'requester']],
  ],
  [
    'a purpose of 14 characters is invalid',
    { purpose: 'a'.repeat(14) },
    [['invalid-field', 'purpose']],
  ],
  [
    'a purpose of 14 characters padded with spaces is invalid',
    { purpose: q(`    ${'a'.repeat(14)}    `) },
    [['invalid-field', 'purpose']],
  ],
  ['an empty purpose is invalid', { purpose: q('') }, [['invalid-field', 'purpose']]],
  ...['TBD', 'n/a', 'todo', 'ASAP', 'test', 'none', 'urgent', 'xxx', '-', '.'].map(
    (word): [string, GrantFields, Expected] => [
      `the placeholder purpose ${word} is invalid`,
      { purpose: q(word) },
      [['invalid-field', 'purpose']],
    ],
  ),
  [
    'a punctuation-only purpose is invalid, however long',
    { purpose: q('!?!?!?!?!?!?!?!?!?!?') },
    [['invalid-field', 'purpose']],
  ],
  [
    'a purpose of 4,001 characters is invalid',
    { purpose: 'a'.repeat(4001) },
    [['invalid-field', 'purpose']],
  ],
  [
    'a purpose that is a number is invalid',
    { purpose: '123456789012345678' },
    [['invalid-field', 'purpose']],
  ],
  [
    'expires on a day that does not exist is invalid',
    { expires: '2026-02-30' },
    [['invalid-field', 'expires']],
  ],
  [
    'expires as a timestamp without a zone is invalid',
    { expires: '2026-12-08T10:00:00' },
    [['invalid-field', 'expires']],
  ],
  [
    'expires past the year 9999 is invalid',
    { expires: '10000-01-01' },
    [['invalid-field', 'expires']],
  ],
  ['expires as a word is invalid', { expires: 'tomorrow' }, [['invalid-field', 'expires']]],
  [
    'expires with a one-digit day is invalid',
    { expires: '2026-12-8' },
    [['invalid-field', 'expires']],
  ],
  [
    'a ticket of 1,001 characters is invalid',
    { ticket: 'x'.repeat(1001) },
    [['invalid-field', 'ticket']],
  ],
  [
    'an incident of 1,001 characters is invalid',
    {
      emergency: [
        'rationale: Payments are down and must be inspected',
        `incident: ${'x'.repeat(1001)}`,
      ],
    },
    [['invalid-field', 'incident']],
  ],
  [
    'a rationale of 4,001 characters is invalid',
    { exception: [`rationale: ${'r'.repeat(4001)}`] },
    [['invalid-field', 'rationale']],
  ],
  [
    'an exception that is not a mapping is invalid',
    { exception: q('because the migration needs it') },
    [['invalid-field', 'exception']],
  ],
  ['access given as a list is invalid', { access: '[read]' }, [['invalid-field', 'access']]],

  // --- control characters and line breaks ---------------------------------------------------
  [
    'a BEL in the identity is invalid',
    { identity: q('svc\u0007x') },
    [['invalid-field', 'identity']],
  ],
  [
    'a terminal escape in the ticket is invalid',
    { ticket: q('OPS-1\u001b[31m') },
    [['invalid-field', 'ticket']],
  ],
  [
    'a NUL in the purpose is invalid',
    { purpose: q('Nightly export of\u0000 invoices') },
    [['invalid-field', 'purpose']],
  ],
  [
    'a C1 control in the purpose is invalid',
    { purpose: q('Nightly export of\u009b invoices') },
    [['invalid-field', 'purpose']],
  ],
  [
    'a BEL in a rationale is invalid',
    { exception: [`rationale: ${q('The migration \u0007needs write access')}`] },
    [['invalid-field', 'rationale']],
  ],
  [
    'a tab in the ticket is a control character',
    { ticket: q('OPS\t1234') },
    [['invalid-field', 'ticket']],
  ],
  [
    'a tab in the purpose is a control character',
    { purpose: q('Nightly export\tof invoices') },
    [['invalid-field', 'purpose']],
  ],
  [
    'a line break in the ticket is invalid',
    { ticket: q('OPS-1\nOPS-2') },
    [['invalid-field', 'ticket']],
  ],
  [
    'a line break in the identity is invalid',
    { identity: q('svc\nx') },
    [['invalid-field', 'identity']],
  ],
  [
    'a line break in the requester is invalid',
    { requester: q('alice\n') },
    [['invalid-field', 'requester']],
  ],
  [
    'a line break in the incident is invalid',
    {
      emergency: [
        'rationale: Payments are down and must be inspected',
        `incident: ${q('INC-1\nINC-2')}`,
      ],
    },
    [['invalid-field', 'incident']],
  ],
  [
    'a line break in the purpose is allowed',
    { purpose: q('Nightly export of invoices\nto the finance warehouse') },
    [],
  ],
  [
    'a CRLF line break in the purpose is allowed',
    { purpose: q('Nightly export of invoices\r\nto the finance warehouse') },
    [],
  ],

  // --- unknown fields: at the key's line ----------------------------------------------------
  [
    'a misspelt expires is an unknown field',
    { expiry: '2027-01-01' },
    [['unknown-field', 'expiry']],
  ],
  ['keys are case-sensitive', { Ticket: 'OPS-1' }, [['unknown-field', 'Ticket']]],
  [
    '__proto__ is an unknown field',
    { ['__proto__']: 'x' } as GrantFields,
    [['unknown-field', '__proto__']],
  ],
  [
    'constructor is an unknown field',
    { constructor: 'x' } as GrantFields,
    [['unknown-field', 'constructor']],
  ],
  [
    'toString is an unknown field',
    { toString: 'x' } as GrantFields,
    [['unknown-field', 'toString']],
  ],
  [
    'hasOwnProperty is an unknown field',
    { hasOwnProperty: 'x' } as GrantFields,
    [['unknown-field', 'hasOwnProperty']],
  ],
  [
    'an unknown key inside exception is an unknown field',
    { exception: ['rationale: The migration needs write access', 'approver: dana'] },
    [['unknown-field', 'approver']],
  ],
  [
    'an unknown key inside emergency is an unknown field',
    { emergency: ['rationale: Payments are down and must be inspected', 'severity: 1'] },
    [['unknown-field', 'severity']],
  ],

  // --- several problems at once -------------------------------------------------------------
  [
    'each problem of a grant is reported at its own line',
    { access: 'owner', purpose: 'TBD', expiry: '2027-01-01', owner: undefined },
    [
      ['invalid-field', 'access'],
      ['invalid-field', 'purpose'],
      ['unknown-field', 'expiry'],
      ['missing-field', 'grant'],
    ],
  ],
];

describe('parseGrantsFile: the field rules of the spec', () => {
  it.each(CASES)('%s', (_name, overrides, expected) => {
    const text = grantFile(overrides);
    expect(found(text)).toEqual(located(text, expected));
    const record = onlyRecord(text);
    if (expected.length === 0) expect(record.grant).toBeDefined();
    else expect(record.grant).toBeUndefined();
    for (const p of record.problems) {
      expect(p.file).toBe(GRANTS_PATH);
      expect(p.message).not.toBe('');
    }
  });
});

describe('parseGrantsFile: grant-level facts', () => {
  it('reads a multi-line block purpose', () => {
    const text = lines(
      'grants:',
      '  - id: pay-db-read-invoice-exporter',
      '    identity: alice',
      '    identity_type: user',
      '    resource: aws/prod/payments-db',
      '    access: read',
      '    requester: alice',
      '    purpose: |',
      '      Nightly export of invoices',
      '      to the finance warehouse',
      '    expires: 2026-12-08',
    );
    const record = onlyRecord(text);
    expect(record.problems).toEqual([]);
    expect(record.value['purpose']).toBe('Nightly export of invoices\nto the finance warehouse\n');
  });

  it('reads a grant with exception and emergency as invalid, pointing at one of the two keys', () => {
    const text = grantFile({
      exception: ['rationale: The migration needs write access for two weeks'],
      emergency: ['rationale: Payments are down and must be inspected'],
    });
    const record = onlyRecord(text);
    expect(record.problems.map((p) => p.code)).toEqual(['invalid-field']);
    expect([lineOfKey(text, 'exception'), lineOfKey(text, 'emergency')]).toContain(
      record.problems[0]!.line,
    );
  });

  it('reports a key written without a value, rather than accepting it', () => {
    const text = grantFile({ purpose: '' });
    const record = onlyRecord(text);
    expect(record.grant).toBeUndefined();
    expect(record.problems).toHaveLength(1);
    expect(['missing-field', 'invalid-field']).toContain(record.problems[0]!.code);
  });

  it('keeps the id, the first line, the position and the expiry instant of each grant', () => {
    const text = grantsYaml(
      grantBody({ id: 'first' }),
      grantBody({ id: 'second', expires: '2026-12-08T10:00:00+02:00' }),
    );
    const file = grantsFileOf(text);
    expect(file.problems).toEqual([]);
    expect(file.grants.map((g) => [g.id, g.line, g.index, g.expiresAt])).toEqual([
      ['first', 2, 0, Date.UTC(2026, 11, 8)],
      ['second', lineOfKey(text, 'id', 2), 1, Date.UTC(2026, 11, 8, 8)],
    ]);
  });

  it('keeps a grant whose first key is not id at that first key', () => {
    const text = lines('grants:', '  - resource: aws/prod/x', '    id: late-id');
    expect(grantsFileOf(text).grants[0]).toMatchObject({ id: 'late-id', line: 2 });
  });

  it('reads flow-style grants with their lines', () => {
    const text = lines(
      'grants: [',
      '  {id: a, identity: alice, identity_type: user, resource: aws/prod/x, access: read,',
      '   requester: alice, purpose: "Debugging the nightly export job", expires: 2026-12-08},',
      '  {id: b, identity: bob, identity_type: user, resource: aws/prod/y, access: owner,',
      '   requester: alice, purpose: "Debugging the nightly export job", expires: 2026-12-08}',
      ']',
    );
    const file = grantsFileOf(text);
    expect(file.grants.map((g) => [g.id, g.line, g.problems.map((p) => [p.code, p.line])])).toEqual(
      [
        ['a', 2, []],
        ['b', 4, [['invalid-field', 4]]],
      ],
    );
  });

  it('checks access against the access levels the policy names', () => {
    const levels = ['viewer', 'editor', 'owner'];
    expect(onlyRecord(grantFile({ access: 'editor' }), levels).problems).toEqual([]);
    const text = grantFile({ access: 'read' });
    expect(onlyRecord(text, levels).problems.map((p) => [p.code, p.line])).toEqual([
      ['invalid-field', lineOfKey(text, 'access')],
    ]);
  });

  it('does not let a __proto__ key change the prototype of anything', () => {
    const text = grantFile({ ['__proto__']: ['polluted: yes'] } as GrantFields);
    const record = onlyRecord(text);
    expect(record.problems.map((p) => p.code)).toEqual(['unknown-field']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(
      Object.getPrototypeOf(record.value) === null ||
        Object.getPrototypeOf(record.value) === Object.prototype,
    ).toBe(true);
    expect((record.value as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reads a file with a byte order mark and CRLF line ends like the plain file', () => {
    const plain = grantFile({
      exception: ['rationale: The migration needs write access for two weeks'],
      expiry: 'x',
    });
    const crlf = `\uFEFF${plain.replace(/\n/g, '\r\n')}`;
    const a = onlyRecord(plain);
    const b = onlyRecord(crlf);
    expect(b.id).toBe(a.id);
    expect(b.problems.map((p) => [p.code, p.line])).toEqual(
      a.problems.map((p) => [p.code, p.line]),
    );
    expect(b.problems.map((p) => p.code)).toEqual(['unknown-field']);
    expect(b.value['purpose']).toBe(a.value['purpose']);
  });

  it('accepts a tab between a key and its value', () => {
    const text = grantFile().replace(
      'identity: svc-invoice-exporter',
      'identity:\tsvc-invoice-exporter',
    );
    expect(onlyRecord(text).problems).toEqual([]);
  });

  it('does not read yes as a boolean under a %YAML 1.1 directive', () => {
    const text = `%YAML 1.1\n---\n${grantFile({ identity: 'yes' })}`;
    const file = grantsFileOf(text);
    // Read as YAML 1.2 core: "yes" is a string and the grant is valid.
    expect(file.problems).toEqual([]);
    expect(file.grants[0]?.value['identity']).toBe('yes');
    expect(file.grants[0]?.problems).toEqual([]);
  });
});

describe('parseGrantsFile: the file as a whole', () => {
  it.each([
    ['an empty file', ''],
    ['a file of comments', '# no grants yet\n'],
    ['grants: []', 'grants: []\n'],
  ])('%s holds no grants and no problems', (_name, text) => {
    expect(grantsFileOf(text)).toEqual({ path: GRANTS_PATH, grants: [], problems: [] });
  });

  it.each([
    ['a syntax error', lines('grants:', '  - id: a', '    purpose: "open'), 'yaml-syntax', [3]],
    ['tab indentation', lines('grants:', '\t- id: a'), 'yaml-syntax', [2]],
    [
      'a duplicate key',
      lines('grants:', '  - id: a', '    access: read', '    access: admin'),
      'yaml-syntax',
      [4],
    ],
    ['an anchor', lines('grants:', '  - &g', '    id: a'), 'yaml-syntax', [2, 3]],
    [
      'an explicit tag',
      lines('grants:', '  - id: a', '    expires: !!str 2026-12-20'),
      'yaml-syntax',
      [3],
    ],
    ['several documents', lines('grants: []', '---', 'grants: []'), 'yaml-syntax', [2, 3]],
    ['a misspelt top-level key', lines('grant:', '  - id: a'), 'unknown-field', [1]],
    ['a second top-level key', lines('grants: []', 'version: 1'), 'unknown-field', [2]],
  ])('%s is a file-level problem with its line', (_name, text, code, lines_) => {
    const file = grantsFileOf(text);
    expect(file.grants).toEqual([]);
    expect(file.problems.map((p) => p.code)).toEqual([code]);
    expect(lines_).toContain(file.problems[0]!.line);
    expect(file.problems[0]!.file).toBe(GRANTS_PATH);
  });

  it.each([
    ['a top-level list', lines('- id: a')],
    ['a top-level scalar', lines('grants')],
    ['grants as a mapping', lines('grants:', '  id: a')],
    ['grants as text', lines('grants: none')],
  ])('%s is a file-level shape problem', (_name, text) => {
    const file = grantsFileOf(text);
    expect(file.grants).toEqual([]);
    expect(file.problems).toHaveLength(1);
  });

  it('reports an item that is not a mapping at its line', () => {
    const text = grantsYaml(grantBody()).concat('  - just-a-string\n');
    const file = grantsFileOf(text);
    expect(file.problems.map((p) => p.line)).toEqual([lineOfKey(text, 'expires') + 1]);
  });

  it('refuses an alias bomb quickly, as a file-level problem', () => {
    const rows = ['grants: []', 'x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 10; i++)
      rows.push(
        `x${i}: &x${i} [${Array(10)
          .fill(`*x${i - 1}`)
          .join(', ')}]`,
      );
    const started = performance.now();
    const file = grantsFileOf(lines(...rows));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(file.grants).toEqual([]);
    expect(file.problems.map((p) => p.code)).toEqual(['yaml-syntax']);
  });

  it('refuses deep nesting without a crash', () => {
    let file: ReturnType<typeof grantsFileOf> | undefined;
    expect(() => {
      file = grantsFileOf(`grants: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    }).not.toThrow();
    expect(file?.grants).toEqual([]);
    expect(file?.problems.length).toBeGreaterThan(0);
  });

  it('does not parse a file larger than 1 MiB: file-too-large', () => {
    const text = `${grantFile()}# ${'x'.repeat(1024 * 1024)}\n`;
    const file = grantsFileOf(text);
    expect(file.grants).toEqual([]);
    expect(file.problems.map((p) => p.code)).toEqual(['file-too-large']);
  });

  it('parses a file of just under 1 MiB', () => {
    const body = grantFile();
    const text = `${body}#${'x'.repeat(1024 * 1024 - Buffer.byteLength(body) - 2)}\n`;
    expect(Buffer.byteLength(text)).toBe(1024 * 1024);
    const file = grantsFileOf(text);
    expect(file.problems).toEqual([]);
    expect(file.grants).toHaveLength(1);
  });
});
