// Validation scenarios (decision `returned`), derived from SPEC.md "Grants files" and
// "Validation". Every grant here is added in head unless the row says otherwise.
import { describe, expect, it } from 'vitest';
import {
  RETURNED,
  RULE_AWS_PROD,
  evaluate,
  expectOutcome,
  grant,
  grantLine,
  grantsFile,
  keyLine,
  reportOf,
  review,
  scenarios,
  type GrantFields,
  type Problem,
  type Row,
} from './helpers.js';

const F = 'grants/req.yaml';

interface FieldRow extends Row {
  id?: string;
  fields: GrantFields;
  author?: string;
  policy?: string;
}
interface InvalidRow extends FieldRow {
  code: string;
  /** key whose line the problem points at; 'first' = the grant's first line (`- id:`) */
  at: string;
  /** other validation problems may be reported too (e.g. requester-mismatch next to a bad login) */
  loose?: boolean;
}

function run(row: FieldRow) {
  const id = row.id ?? 'req';
  const text = grantsFile(grant(id, row.fields));
  return { text, id, r: evaluate({ head: { [F]: text }, author: row.author, policy: row.policy }) };
}

function expectReturned(row: InvalidRow) {
  const { text, id, r } = run(row);
  const line = row.at === 'first' ? grantLine(text, id) : keyLine(text, id, row.at);
  const p = { code: row.code, line, file: F };
  expectOutcome(r, {
    exit: 1,
    decision: 'returned',
    grants: {
      [id]: {
        change: 'added',
        ...RETURNED,
        ...(row.loose ? { problemsInclude: [p] } : { problems: [p] }),
      },
    },
  });
}

function expectAccepted(row: FieldRow) {
  const { id, r } = run(row);
  // Valid metadata: the request is routed (owner level of aws/prod/ for the default grant).
  expectOutcome(r, {
    exit: 1,
    decision: 'pending',
    grants: { [id]: { change: 'added', decision: 'pending', authority: 'owner', problems: [] } },
  });
}

const long = (n: number, ch = 'x') => ch.repeat(n);

describe('validation: invalid-field (each field\u2019s format rule)', () => {
  const rows: InvalidRow[] = [
    // id: ^[a-z0-9][a-z0-9._-]{0,63}$
    {
      name: 'an id with upper-case letters is an invalid-field at the id',
      id: 'Pay-DB',
      fields: {},
      code: 'invalid-field',
      at: 'id',
    },
    {
      name: 'an id starting with a hyphen is an invalid-field',
      id: '-pay',
      fields: {},
      code: 'invalid-field',
      at: 'id',
    },
    {
      name: 'an id starting with an underscore is an invalid-field',
      id: '_pay',
      fields: {},
      code: 'invalid-field',
      at: 'id',
    },
    {
      name: 'an id with a slash is an invalid-field',
      id: 'pay/db',
      fields: {},
      code: 'invalid-field',
      at: 'id',
    },
    {
      name: 'an id of 65 characters is an invalid-field',
      id: long(65, 'a'),
      fields: {},
      code: 'invalid-field',
      at: 'id',
    },
    // identity
    {
      name: 'an identity with a space is an invalid-field',
      fields: { identity: '"svc invoice"' },
      code: 'invalid-field',
      at: 'identity',
    },
    {
      name: 'an identity with a tab is an invalid-field',
      fields: { identity: '"svc\\tinvoice"' },
      code: 'invalid-field',
      at: 'identity',
    },
    {
      name: 'an empty identity is an invalid-field (must be non-empty)',
      fields: { identity: '""' },
      code: 'invalid-field',
      at: 'identity',
    },
    {
      name: 'an identity over 1,000 characters is an invalid-field',
      fields: { identity: long(1001, 'i') },
      code: 'invalid-field',
      at: 'identity',
    },
    // YAML 1.2 core: `true` is a boolean, not a string, so it cannot be an identity.
    {
      name: 'an identity that YAML 1.2 reads as a boolean (true) is an invalid-field',
      fields: { identity: 'true' },
      code: 'invalid-field',
      at: 'identity',
    },
    // identity_type
    {
      name: 'an identity_type outside user/service-account/bot/workload is an invalid-field',
      fields: { identity_type: 'human' },
      code: 'invalid-field',
      at: 'identity_type',
    },
    {
      name: 'identity_type is case-sensitive: User is an invalid-field',
      fields: { identity_type: 'User' },
      code: 'invalid-field',
      at: 'identity_type',
    },
    // owner. A service account without `owner` lacks a field that is required for it: the spec's
    // field table lists `owner` as required "when identity_type is service-account, bot or
    // workload", and an absent required field is `missing-field` (pointing at the grant's first
    // line), not `invalid-field` (which is about a present value's format).
    {
      name: 'a service account without owner is a missing-field at the grant\u2019s first line',
      fields: { identity: 'svc-x', identity_type: 'service-account' },
      code: 'missing-field',
      at: 'first',
    },
    {
      name: 'a bot without owner is a missing-field',
      fields: { identity: 'deploy-bot', identity_type: 'bot' },
      code: 'missing-field',
      at: 'first',
    },
    {
      name: 'a workload without owner is a missing-field',
      fields: { identity: 'ns/job', identity_type: 'workload' },
      code: 'missing-field',
      at: 'first',
    },
    {
      name: 'an owner that is a team without @ is an invalid-field',
      fields: { identity: 'svc-x', identity_type: 'service-account', owner: 'acme/payments' },
      code: 'invalid-field',
      at: 'owner',
    },
    {
      name: 'an owner "@acme/" (team part empty) is an invalid-field',
      fields: { identity: 'svc-x', identity_type: 'service-account', owner: '"@acme/"' },
      code: 'invalid-field',
      at: 'owner',
    },
    {
      name: 'an owner login with a leading hyphen is an invalid-field',
      fields: { identity: 'svc-x', identity_type: 'service-account', owner: '"-bob"' },
      code: 'invalid-field',
      at: 'owner',
    },
    {
      name: 'an owner with a space is an invalid-field',
      fields: { identity: 'svc-x', identity_type: 'service-account', owner: '"bob smith"' },
      code: 'invalid-field',
      at: 'owner',
    },
    // resource
    {
      name: 'a resource with a .. segment is an invalid-field',
      fields: { resource: 'aws/../prod' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a . segment is an invalid-field',
      fields: { resource: 'aws/./prod' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a leading slash is an invalid-field',
      fields: { resource: '/aws/prod/db' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a trailing slash is an invalid-field',
      fields: { resource: 'aws/prod/db/' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with an empty segment is an invalid-field',
      fields: { resource: 'aws//prod' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a space is an invalid-field',
      fields: { resource: '"aws/prod db"' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a wildcard is an invalid-field',
      fields: { resource: '"aws/prod/*"' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a # is an invalid-field',
      fields: { resource: '"aws/prod/db#1"' },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource with a backslash is an invalid-field',
      fields: { resource: "'aws\\prod'" },
      code: 'invalid-field',
      at: 'resource',
    },
    {
      name: 'a resource over 1,000 characters is an invalid-field',
      fields: { resource: `aws/${long(998, 'r')}` },
      code: 'invalid-field',
      at: 'resource',
    },
    // access
    {
      name: 'an access not in the policy\u2019s access_levels is an invalid-field',
      fields: { access: 'superuser' },
      code: 'invalid-field',
      at: 'access',
    },
    {
      name: 'with custom access_levels, the default `read` is an invalid-field',
      fields: { access: 'read' },
      policy:
        'version: 1\naccess_levels: [viewer, operator]\ndefaults: { max_access: operator, max_duration: 30d }\nrules:\n  - pattern: "*"\n    owners: ["@acme/security"]\n',
      code: 'invalid-field',
      at: 'access',
    },
    // requester: a GitHub login (1-39 letters, digits or single inner hyphens)
    {
      name: 'a requester with a double hyphen is an invalid-field',
      fields: { requester: 'al--ice' },
      code: 'invalid-field',
      at: 'requester',
      loose: true,
    },
    {
      name: 'a requester with a leading hyphen is an invalid-field',
      fields: { requester: '"-alice"' },
      code: 'invalid-field',
      at: 'requester',
      loose: true,
    },
    {
      name: 'a requester with a trailing hyphen is an invalid-field',
      fields: { requester: 'alice-' },
      code: 'invalid-field',
      at: 'requester',
      loose: true,
    },
    {
      name: 'a requester with an underscore is an invalid-field',
      fields: { requester: 'al_ice' },
      code: 'invalid-field',
      at: 'requester',
      loose: true,
    },
    {
      name: 'a requester of 40 characters is an invalid-field',
      fields: { requester: long(40, 'a') },
      code: 'invalid-field',
      at: 'requester',
      loose: true,
    },
    {
      name: 'a requester that is a full name is an invalid-field',
      fields: { requester: '"Alice Smith"' },
      code: 'invalid-field',
      at: 'requester',
      loose: true,
    },
    // purpose: >= 15 characters after trimming, not a placeholder
    {
      name: 'purpose TBD is an invalid-field',
      fields: { purpose: 'TBD' },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'purpose n/a is an invalid-field',
      fields: { purpose: 'n/a' },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'purpose ... is an invalid-field',
      fields: { purpose: '"..."' },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'purpose asap (any case, padded) is an invalid-field',
      fields: { purpose: '"  ASAP  "' },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'a purpose of 14 characters is an invalid-field',
      fields: { purpose: long(14, 'p') },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'a purpose padded to 15+ characters but shorter once trimmed is an invalid-field',
      fields: { purpose: '"     short one     "' },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'a long purpose of punctuation only is a placeholder and an invalid-field',
      fields: { purpose: '"!!!!!!!!...........??????"' },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'a purpose over 4,000 characters is an invalid-field',
      fields: { purpose: long(4001, 'p') },
      code: 'invalid-field',
      at: 'purpose',
    },
    {
      name: 'a purpose with a control character (BEL) is an invalid-field',
      fields: { purpose: '"Nightly export of invoices\\x07 to finance"' },
      code: 'invalid-field',
      at: 'purpose',
    },
    // expires
    {
      name: 'an expires timestamp without a zone is an invalid-field',
      fields: { expires: '2027-01-05T10:00:00' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'an impossible date (February 30) is an invalid-field',
      fields: { expires: '2027-02-30' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'a month 13 is an invalid-field',
      fields: { expires: '2027-13-01' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'a date without zero padding is an invalid-field',
      fields: { expires: '2027-1-5' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'an hour 25 is an invalid-field',
      fields: { expires: '2027-01-05T25:00:00Z' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'a relative word (tomorrow) is an invalid-field',
      fields: { expires: 'tomorrow' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'a number (20270105) is an invalid-field',
      fields: { expires: '20270105' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'an offset without a colon (+0200) is not RFC 3339 and is an invalid-field',
      fields: { expires: '"2027-01-05T10:00:00+0200"' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'February 29 of a non-leap year is an invalid-field',
      fields: { expires: '2027-02-29' },
      code: 'invalid-field',
      at: 'expires',
    },
    {
      name: 'a ticket with an ESC control character (terminal escape) is an invalid-field',
      fields: { ticket: '"OPS-1\\x1b[31m"' },
      code: 'invalid-field',
      at: 'ticket',
    },
    {
      name: 'a ticket with a C1 control character (U+009B) is an invalid-field',
      fields: { ticket: '"OPS-1\\u009b"' },
      code: 'invalid-field',
      at: 'ticket',
    },
    {
      name: 'an identity with DEL (U+007F) is an invalid-field',
      fields: { identity: '"alice\\x7f"' },
      code: 'invalid-field',
      at: 'identity',
    },
    {
      name: 'a ticket with a carriage return is an invalid-field (line breaks only in purpose and rationale)',
      fields: { ticket: '"OPS-1\\rOPS-2"' },
      code: 'invalid-field',
      at: 'ticket',
    },
    // other strings: at most 1,000 characters, no control characters, line breaks only in purpose/rationale
    {
      name: 'a ticket over 1,000 characters is an invalid-field',
      fields: { ticket: long(1001, 't') },
      code: 'invalid-field',
      at: 'ticket',
    },
    {
      name: 'a ticket with a line break is an invalid-field (line breaks only in purpose and rationale)',
      fields: { ticket: '"OPS-1\\nOPS-2"' },
      code: 'invalid-field',
      at: 'ticket',
    },
    {
      name: 'an identity with a control character is an invalid-field',
      fields: { identity: '"alice\\x01"' },
      code: 'invalid-field',
      at: 'identity',
    },
  ];
  scenarios(rows, expectReturned);
});

describe('validation: values that are valid', () => {
  const rows: FieldRow[] = [
    { name: 'a one-character id is valid', id: 'a', fields: {} },
    {
      name: 'a 64-character id with digits, dots, underscores and hyphens is valid',
      id: `0${'a._-'.repeat(15)}abc`,
      fields: {},
    },
    {
      name: 'a resource using every allowed punctuation (._@:+=-) is valid',
      fields: { resource: 'aws/prod/db_1.eu@x:y+z=w-v' },
    },
    {
      name: 'a service account with a team owner is valid',
      fields: { identity: 'svc-x', identity_type: 'service-account', owner: '"@acme/payments"' },
    },
    {
      name: 'a workload with a login owner (leading @) is valid',
      fields: { identity: 'ns/job', identity_type: 'workload', owner: '"@bob"' },
    },
    { name: 'a purpose of exactly 15 characters is valid', fields: { purpose: 'abcdefghijklmno' } },
    { name: 'a purpose of 4,000 characters is valid', fields: { purpose: long(4000, 'p') } },
    {
      name: 'a multi-line purpose (line breaks allowed) is valid',
      fields: { purpose: '|\n      Line one of the reason\n      and line two of it' },
    },
    { name: 'a ticket of exactly 1,000 characters is valid', fields: { ticket: long(1000, 't') } },
    { name: 'an RFC 3339 timestamp with Z is valid', fields: { expires: '2027-01-05T10:00:00Z' } },
    {
      name: 'an RFC 3339 timestamp with an offset is valid',
      fields: { expires: '2027-01-05T10:00:00+02:00' },
    },
    { name: 'a quoted date is valid', fields: { expires: '"2027-01-05"' } },
    {
      name: 'an RFC 3339 timestamp with fractional seconds is valid',
      fields: { expires: '2027-01-05T10:00:00.250Z' },
    },
    // YAML 1.2 core schema facts
    {
      name: 'YAML 1.2: an unquoted `expires: 2027-01-05` is the string "2027-01-05" and valid',
      fields: { expires: '2027-01-05' },
    },
    { name: 'YAML 1.2: `identity: on` is the string "on" and valid', fields: { identity: 'on' } },
    { name: 'YAML 1.2: `identity: no` is the string "no" and valid', fields: { identity: 'no' } },
    {
      name: 'YAML 1.2: `identity: yes` / `ticket: off` are strings and valid',
      fields: { identity: 'yes', ticket: 'off' },
    },
    // requester: a leading @ is ignored and logins compare case-insensitively
    { name: 'a requester "@Alice" matches the author alice', fields: { requester: '"@Alice"' } },
    {
      name: 'a requester ALICE matches the author Alice',
      fields: { requester: 'ALICE' },
      author: 'Alice',
    },
    {
      name: 'a 39-character requester equal to the author is valid',
      fields: { requester: long(39, 'a') },
      author: long(39, 'a'),
    },
  ];
  scenarios(rows, expectAccepted);
});

describe('validation: missing-field (line = the grant\u2019s first line)', () => {
  const rows: InvalidRow[] = (
    ['identity', 'identity_type', 'resource', 'access', 'requester', 'purpose', 'expires'] as const
  ).map((key) => ({
    name: `a grant without ${key} is a missing-field at its first line`,
    fields: { [key]: null },
    code: 'missing-field',
    at: 'first',
  }));
  scenarios(rows, expectReturned);
});

describe('validation: unknown-field, expired, requester-mismatch', () => {
  const rows: InvalidRow[] = [
    {
      name: 'an `expiry:` typo next to expires is an unknown-field at the typo',
      fields: { extra: ['    expiry: 2027-01-09'] },
      code: 'unknown-field',
      at: 'expiry',
    },
    {
      name: 'any other key (comment:) is an unknown-field',
      fields: { extra: ['    comment: hello'] },
      code: 'unknown-field',
      at: 'comment',
    },
    {
      name: 'expires equal to now is expired (must be after now)',
      fields: { expires: '2027-01-01' },
      code: 'expired',
      at: 'expires',
    },
    {
      name: 'expires one second before now is expired',
      fields: { expires: '2026-12-31T23:59:59Z' },
      code: 'expired',
      at: 'expires',
    },
    {
      name: 'expires in an offset that is before now in UTC is expired',
      fields: { expires: '2027-01-01T00:30:00+01:00' },
      code: 'expired',
      at: 'expires',
    },
    {
      name: 'a requester other than the PR author is a requester-mismatch at the requester',
      fields: { requester: 'bob' },
      code: 'requester-mismatch',
      at: 'requester',
    },
  ];
  scenarios(rows, expectReturned);

  it('an `expiry:` typo instead of expires is both an unknown-field (at the typo) and a missing-field (first line)', () => {
    const text = grantsFile(grant('req', { expires: null, extra: ['    expiry: 2027-01-05'] }));
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      decision: 'returned',
      grants: {
        req: {
          ...RETURNED,
          problems: [
            { code: 'unknown-field', line: keyLine(text, 'req', 'expiry') },
            { code: 'missing-field', line: 2 },
          ],
        },
      },
    });
  });

  it('an unknown key inside exception is an unknown-field at that key', () => {
    const text = grantsFile(
      grant('req', {
        access: 'write',
        extra: [
          '    exception:',
          '      rationale: The repair job must update rows in place',
          '      approver: dana',
        ],
      }),
    );
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      decision: 'returned',
      grants: {
        req: {
          ...RETURNED,
          problems: [{ code: 'unknown-field', line: keyLine(text, 'req', 'approver') }],
        },
      },
    });
  });

  it('expires one second after now is not expired (owner level, 1s duration)', () => {
    expectOutcome(
      evaluate({ head: { [F]: grantsFile(grant('req', { expires: '"2027-01-01T00:00:01Z"' })) } }),
      {
        exit: 1,
        grants: { req: { decision: 'pending', authority: 'owner', problems: [] } },
      },
    );
  });

  it('a grant may carry several validation problems at once (placeholder purpose and requester-mismatch)', () => {
    const text = grantsFile(grant('req', { purpose: 'TBD', requester: 'bob' }));
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      decision: 'returned',
      grants: {
        req: {
          ...RETURNED,
          problems: [
            { code: 'invalid-field', line: keyLine(text, 'req', 'purpose') },
            { code: 'requester-mismatch', line: keyLine(text, 'req', 'requester') },
          ],
        },
      },
    });
  });

  it('a returned grant has only its validation problems: no authority problem although it is past every limit without rationale', () => {
    const text = grantsFile(
      grant('req', { purpose: 'TBD', access: 'admin', expires: '2027-06-01' }),
    );
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      decision: 'returned',
      grants: {
        req: {
          ...RETURNED,
          problems: [{ code: 'invalid-field', line: keyLine(text, 'req', 'purpose') }],
        },
      },
    });
  });

  it('a returned grant is not approved by an owner\u2019s approval of the head commit', () => {
    const text = grantsFile(grant('req', { purpose: 'TBD' }));
    expectOutcome(
      evaluate({
        head: { [F]: text },
        reviews: [review('pat', 'APPROVED'), review('dana', 'APPROVED')],
      }),
      {
        exit: 1,
        decision: 'returned',
        grants: { req: { ...RETURNED } },
      },
    );
  });

  // Ambiguity: the spec says a grant has `exception` or `emergency`, "never both", but names no
  // code. It is a malformed request (a field-format rule), so `invalid-field` and `returned`.
  it('a grant with both exception and emergency is returned with an invalid-field', () => {
    const text = grantsFile(
      grant('req', {
        access: 'admin',
        expires: '"2027-01-01T04:00:00Z"',
        exception: 'The repair script must update rows directly',
        emergency: 'Production outage needs direct database access',
      }),
    );
    const r = evaluate({ head: { [F]: text } });
    expectOutcome(r, {
      exit: 1,
      decision: 'returned',
      grants: { req: { ...RETURNED, problems: [{ code: 'invalid-field' }] } },
    });
    const line = reportOf(r).grants[0]!.problems[0]!.line;
    expect([keyLine(text, 'req', 'exception'), keyLine(text, 'req', 'emergency')]).toContain(line);
  });

  // Ambiguity: a rationale over 4,000 characters breaks the general length rule ("purpose and a
  // rationale at most 4,000"); missing-rationale is only for "absent, short or a placeholder".
  // So it is read as an invalid-field (returned), pointing at the rationale.
  it('an exception rationale over 4,000 characters is an invalid-field (returned)', () => {
    const text = grantsFile(grant('req', { access: 'write', exception: long(4001, 'r') }));
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      decision: 'returned',
      grants: {
        req: {
          ...RETURNED,
          problems: [{ code: 'invalid-field', line: keyLine(text, 'req', 'rationale') }],
        },
      },
    });
  });

  it('a rationale with line breaks is valid', () => {
    const text = grantsFile(
      grant('req', {
        access: 'write',
        exception:
          '|\n        The repair script must update rows;\n        read access cannot fix them',
      }),
    );
    expectOutcome(evaluate({ head: { [F]: text } }), {
      exit: 1,
      grants: { req: { decision: 'pending', authority: 'escalation', problems: [] } },
    });
  });
});

describe('validation: duplicate-id (reported with both places)', () => {
  function duplicatePlaces(problemsOf: Problem[]): string[] {
    return problemsOf.filter((p) => p.code === 'duplicate-id').map((p) => `${p.file}:${p.line}`);
  }
  const rows: { name: string; head: Record<string, string>; places: string[] }[] = [
    {
      name: 'the same id in two head files is a duplicate-id at both places, and returned',
      head: {
        'grants/a.yaml': grantsFile(grant('dup')),
        'grants/b.yaml': grantsFile(grant('other'), grant('dup', { resource: 'aws/prod/orders' })),
      },
      places: [
        'grants/a.yaml:2',
        `grants/b.yaml:${grantLine(grantsFile(grant('other'), grant('dup')), 'dup')}`,
      ],
    },
    {
      name: 'the same id twice in one head file is a duplicate-id at both places, and returned',
      head: { [F]: grantsFile(grant('dup'), grant('dup', { resource: 'aws/prod/orders' })) },
      places: [`${F}:2`, `${F}:${grantLine(grantsFile(grant('dup'), grant('dup')), 'dup', 2)}`],
    },
  ];
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_t, row) => {
    const r = evaluate({ head: row.head });
    expect(r.status).toBe(1);
    const rep = reportOf(r);
    expect(rep.decision).toBe('returned');
    const dups = rep.grants.filter((g) => g.id === 'dup');
    expect(dups.length, JSON.stringify(rep, null, 1)).toBeGreaterThan(0);
    for (const g of dups) {
      expect(g.decision).toBe('returned');
      expect(g.authority).toBe('none');
      expect(g.approvers).toEqual([]);
    }
    const places = new Set(
      [...rep.problems, ...rep.grants.flatMap((g) => g.problems)].flatMap((p) =>
        duplicatePlaces([p]),
      ),
    );
    // "reported with both places": each place of the id carries (or is named by) a duplicate-id problem
    for (const p of row.places) expect([...places], JSON.stringify(rep, null, 1)).toContain(p);
  });
});

describe('validation: file-level problems', () => {
  it('a head grants file that does not parse is a file-level yaml-syntax problem; the PR is returned', () => {
    const r = evaluate({
      head: { 'grants/bad.yaml': 'grants:\n  - id: x\n    identity: [unclosed\n    resource: a\n' },
    });
    expectOutcome(r, {
      exit: 1,
      decision: 'returned',
      problemsInclude: [{ code: 'yaml-syntax', file: 'grants/bad.yaml' }],
    });
  });

  // Files a reviewer could misread must never be routed as what they seem to say. The spec
  // requires YAML 1.2 (unique keys; no merge keys in the core schema) but names no code for
  // several documents or merge keys, so only "returned, nothing routed" is asserted for those.
  const SMUGGLE = (tail: string) =>
    'grants:\n  - id: x\n    identity: alice\n    identity_type: user\n    resource: gcp/x\n' +
    '    access: read\n    requester: alice\n    purpose: Read the bucket for the nightly report\n' +
    `    expires: 2027-01-05\n${tail}`;
  it.each([
    [
      'a duplicated key (access: read ... access: admin) does not parse: yaml-syntax',
      SMUGGLE('    access: admin\n'),
      'yaml-syntax',
    ],
    [
      'a second YAML document holding more grants is refused',
      `grants: []\n---\n${SMUGGLE('')}`,
      null,
    ],
    [
      'a YAML 1.1 merge key cannot smuggle a higher access',
      `base: &b\n  access: admin\n${SMUGGLE('    <<: *b\n')}`,
      null,
    ],
  ] as const)('%s: the PR is returned and nothing is routed', (_name, text, code) => {
    const r = evaluate({ head: { 'grants/a.yaml': text } });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const rep = reportOf(r);
    expect(rep.decision).toBe('returned');
    for (const g of rep.grants) expect(g.decision, JSON.stringify(g)).toBe('returned');
    const all = [...rep.problems, ...rep.grants.flatMap((g) => g.problems)];
    expect(all.length).toBeGreaterThan(0);
    if (code) expect(all.map((p) => p.code)).toContain(code);
  });

  it('a head grants file larger than 1 MiB is not parsed: file-level file-too-large; the PR is returned', () => {
    const body = grantsFile(grant('big'));
    const text = body + '#' + 'x'.repeat(1024 * 1024 - body.length - 1) + '\n'; // 1 MiB + 1 byte
    expect(Buffer.byteLength(text)).toBe(1024 * 1024 + 1);
    const r = evaluate({ head: { 'grants/big.yaml': text } });
    expectOutcome(r, {
      exit: 1,
      decision: 'returned',
      problemsInclude: [{ code: 'file-too-large', file: 'grants/big.yaml' }],
    });
    expect(reportOf(r).grants.map((g) => g.id)).not.toContain('big');
  });

  it('a head grants file of exactly 1 MiB is parsed (only larger files are refused)', () => {
    const body = grantsFile(grant('big'));
    const text = body + '#' + 'x'.repeat(1024 * 1024 - body.length - 2) + '\n';
    expect(Buffer.byteLength(text)).toBe(1024 * 1024);
    expectOutcome(evaluate({ head: { 'grants/big.yaml': text } }), {
      exit: 1,
      decision: 'pending',
      problems: [],
      grants: {
        big: { change: 'added', decision: 'pending', authority: 'owner', rule: RULE_AWS_PROD },
      },
    });
  });
});
