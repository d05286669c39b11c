// Policy failures and bad usage (exit 2), and the policy being read from the base side only.
// SPEC: "An invalid or unreadable policy fails closed: the tool exits 2 ..., naming the file and
// line." and "Exit status: 0 approved, 1 pending/blocked/returned, 2 bad usage or invalid policy."
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  HEAD_SHA,
  NOW,
  RULE_AWS_PROD,
  evaluate,
  expectOutcome,
  grant,
  grantsFile,
  review,
  scenarios,
  type Row,
  type RunResult,
} from './helpers.js';

const F = 'grants/req.yaml';
const HEAD = { [F]: grantsFile(grant('req')) };

/** A stack trace line such as "    at foo (file.js:1:2)". */
const STACK = /^\s+at .*(:\d+:\d+\)?|<anonymous>)$/m;

function expectPolicyFailure(
  r: RunResult,
  lines: number[] | null,
  file = 'policies/authority.yaml',
) {
  const out = `${r.stderr}\n${r.stdout}`;
  const ctx = `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  expect(r.status, ctx).toBe(2);
  expect(out, `names the policy file\n${ctx}`).toContain(file);
  expect(out, `no stack trace\n${ctx}`).not.toMatch(STACK);
  if (lines) {
    // The file and the line are named together on one output line ("file:6", "file line 6", ...).
    const named = out
      .split('\n')
      .filter((l) => l.includes(file))
      .some((l) =>
        lines.some((n) => new RegExp(`(^|[^0-9])${n}([^0-9]|$)`).test(l.replace(file, ''))),
      );
    expect(named, `names the line (one of ${lines.join(', ')}) with the file\n${ctx}`).toBe(true);
  }
}

interface PolicyRow extends Row {
  policy: string | Buffer;
  /** acceptable 1-based lines (the offending key, or the item that holds it); null = file only */
  lines: number[] | null;
}

const HEADER = 'version: 1\ndefaults: { max_access: write, max_duration: 30d }\nrules:\n';
const STAR = '  - pattern: "*"\n    owners: ["@acme/security"]\n';

describe('an invalid policy fails closed: exit 2 naming the file and line, no stack trace', () => {
  const rows: PolicyRow[] = [
    {
      name: 'an unknown key in a rule (maxaccess:) is invalid',
      policy: `${HEADER}${STAR}    maxaccess: read\n`,
      lines: [6],
    },
    {
      name: 'an unknown top-level key (rule:) is invalid',
      policy: `${HEADER}${STAR}rule:\n  - pattern: x\n`,
      lines: [6],
    },
    {
      name: 'an unknown key in the emergency block is invalid',
      policy: `${HEADER}${STAR}emergency:\n  owners: ["@acme/oncall"]\n  max_access: admin\n  max_duration: 8h\n  approver: dana\n`,
      lines: [10],
    },
    {
      name: 'a missing version is invalid',
      policy: `defaults: { max_access: write, max_duration: 30d }\nrules:\n${STAR}`,
      lines: null,
    },
    {
      name: 'version 2 is invalid',
      policy: `version: 2\ndefaults: { max_access: write, max_duration: 30d }\nrules:\n${STAR}`,
      lines: [1],
    },
    {
      name: 'an empty rules list is invalid',
      policy: 'version: 1\ndefaults: { max_access: write, max_duration: 30d }\nrules: []\n',
      lines: [3],
    },
    {
      name: 'a rule without max_access and no defaults is invalid',
      policy:
        'version: 1\nrules:\n  - pattern: "*"\n    owners: ["@acme/security"]\n    max_duration: 7d\n',
      lines: [3],
    },
    {
      name: 'a rule without max_duration when defaults only give max_access is invalid',
      policy:
        'version: 1\ndefaults: { max_access: write }\nrules:\n  - pattern: "*"\n    owners: ["@acme/security"]\n',
      lines: [4],
    },
    {
      name: 'a ! negation pattern is invalid',
      policy: `${HEADER}${STAR}  - pattern: "!secrets"\n    owners: [dana]\n`,
      lines: [6],
    },
    {
      name: 'a [ab] range pattern is invalid',
      policy: `${HEADER}${STAR}  - pattern: "db/[ab]"\n    owners: [dana]\n`,
      lines: [6],
    },
    {
      name: 'a \\ escape pattern is invalid',
      policy: `${HEADER}${STAR}  - pattern: 'db\\*'\n    owners: [dana]\n`,
      lines: [6],
    },
    {
      name: 'an owner that is neither a login nor @org/team (acme/security) is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: ["acme/security"]\n`,
      lines: [4, 5],
    },
    {
      name: 'an owner with a space is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: ["dana smith"]\n`,
      lines: [4, 5],
    },
    {
      name: 'an owner login with a double hyphen is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners:\n      - da--na\n`,
      lines: [4, 5, 6],
    },
    {
      name: 'a re-delegation (granted_by is a delegate of another delegation) is invalid',
      policy:
        `${HEADER}${STAR}delegations:\n` +
        '  - to: [carol]\n    granted_by: "@acme/security"\n    pattern: aws/\n    max_access: read\n    max_duration: 3d\n    expires: 2027-03-01\n' +
        '  - to: [erin]\n    granted_by: carol\n    pattern: aws/x\n    max_access: read\n    max_duration: 1d\n    expires: 2027-03-01\n',
      lines: [13, 14],
    },
    {
      name: 'a re-delegation is invalid whatever the letter case and @ of the delegate',
      policy:
        `${HEADER}${STAR}delegations:\n` +
        '  - to: [Carol]\n    granted_by: "@acme/security"\n    pattern: aws/\n    max_access: read\n    max_duration: 3d\n    expires: 2027-03-01\n' +
        '  - to: [erin]\n    granted_by: "@carol"\n    pattern: aws/x\n    max_access: read\n    max_duration: 1d\n    expires: 2027-03-01\n',
      lines: [13, 14],
    },
    {
      name: 'an escalation whose max_access is below the rule\u2019s is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    max_access: write\n    escalation:\n      owners: [erin]\n      max_access: read\n      max_duration: 30d\n`,
      lines: [7, 9],
    },
    {
      name: 'an escalation whose max_duration is below the rule\u2019s is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    max_duration: 7d\n    escalation:\n      owners: [erin]\n      max_access: admin\n      max_duration: 3d\n`,
      lines: [7, 10],
    },
    {
      name: 'an escalation without owners is invalid (an escalation has its own owners)',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    escalation:\n      max_access: admin\n      max_duration: 30d\n`,
      lines: [6],
    },
    {
      name: 'a duration with an unknown unit (7y) is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    max_duration: 7y\n`,
      lines: [6],
    },
    {
      name: 'a duration without a unit-suffixed whole number (7 days) is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    max_duration: 7 days\n`,
      lines: [6],
    },
    {
      name: 'a fractional duration (1.5d) is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    max_duration: 1.5d\n`,
      lines: [6],
    },
    {
      name: 'a max_access not among access_levels is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana]\n    max_access: root\n`,
      lines: [6],
    },
    {
      name: 'malformed YAML is invalid',
      policy: `${HEADER}  - pattern: "*"\n    owners: [dana\n`,
      lines: null,
    },
    {
      name: 'a policy larger than 1 MiB is not parsed and is invalid',
      policy: `${HEADER}${STAR}#${'x'.repeat(1024 * 1024)}\n`,
      lines: null,
    },
  ];
  scenarios(rows, (row) => {
    expectPolicyFailure(evaluate({ head: HEAD, policy: row.policy as string }), row.lines);
  });

  it('a policy missing from the base fails closed (exit 2) even when head has one', () => {
    const r = evaluate({ head: HEAD, policy: null, headPolicy: DEFAULT_POLICY });
    expect(r.status, r.stderr).toBe(2);
    expect(`${r.stderr}${r.stdout}`).toContain('authority.yaml');
    expect(`${r.stderr}${r.stdout}`).not.toMatch(STACK);
  });

  it('an invalid base policy fails closed even when the head policy is valid', () => {
    const r = evaluate({
      head: HEAD,
      policy: `${HEADER}${STAR}    maxaccess: read\n`,
      headPolicy: DEFAULT_POLICY,
    });
    expectPolicyFailure(r, [6]);
  });
});

describe('the policy is always read from the base side', () => {
  it('a PR that rewrites the policy in head to make its author an owner is still judged by the base policy', () => {
    const permissive = `version: 1\ndefaults: { max_access: admin, max_duration: 52w }\nrules:\n  - pattern: "*"\n    owners: [mallory]\n`;
    const r = evaluate({
      head: { [F]: grantsFile(grant('req', { access: 'admin', expires: '2027-06-01' })) },
      headPolicy: permissive,
      reviews: [review('mallory', 'APPROVED')],
    });
    expectOutcome(r, {
      exit: 1,
      decision: 'blocked',
      grants: { req: { decision: 'blocked', approved_by: [], problems: [{ code: 'multi-hop' }] } },
    });
  });

  it('an invalid head policy does not matter: the base policy governs', () => {
    expectOutcome(evaluate({ head: HEAD, headPolicy: 'version: [oops\n' }), {
      exit: 1,
      decision: 'pending',
      grants: { req: { authority: 'owner', rule: RULE_AWS_PROD } },
    });
  });

  it('--policy names another path, read from --base', () => {
    const other = `version: 1\ndefaults: { max_access: write, max_duration: 30d }\nrules:\n  - pattern: aws/\n    owners: [olga]\n`;
    const r = evaluate({
      base: { 'policies/other.yaml': other },
      head: {
        ...HEAD,
        'policies/other.yaml': `version: 1\nrules:\n  - pattern: "*"\n    owners: [mallory]\n    max_access: admin\n    max_duration: 1w\n`,
      },
      extraArgs: ['--policy', 'policies/other.yaml'],
    });
    expect(r.status, r.stderr).toBe(1);
    const g = r.report!.grants[0]!;
    expect(g.rule).toEqual({ pattern: 'aws/', file: 'policies/other.yaml', line: 4 });
    expect(g.approvers).toEqual(['olga']);
  });
});

describe('bad usage exits 2', () => {
  interface UsageRow extends Row {
    args: (p: { base: string; head: string; dir: string }) => string[];
  }
  const common = (p: { base: string; head: string }) => ['--base', p.base, '--head', p.head];
  const rows: UsageRow[] = [
    {
      name: 'missing --author',
      args: (p) => [...common(p), '--head-sha', HEAD_SHA, '--now', NOW, '--format', 'json'],
    },
    {
      name: 'an unparseable --now (yesterday)',
      args: (p) => [...common(p), '--author', 'alice', '--now', 'yesterday', '--format', 'json'],
    },
    {
      name: 'an impossible --now (2027-13-45)',
      args: (p) => [...common(p), '--author', 'alice', '--now', '2027-13-45', '--format', 'json'],
    },
    {
      name: 'missing --head',
      args: (p) => ['--base', p.base, '--author', 'alice', '--now', NOW, '--format', 'json'],
    },
    {
      name: 'missing --base',
      args: (p) => ['--head', p.head, '--author', 'alice', '--now', NOW, '--format', 'json'],
    },
    {
      name: 'a --reviews file that does not exist',
      args: (p) => [
        ...common(p),
        '--author',
        'alice',
        '--reviews',
        `${p.dir}/nope.json`,
        '--now',
        NOW,
        '--format',
        'json',
      ],
    },
  ];
  scenarios(rows, (row) => {
    const r = evaluate({ head: HEAD, rawArgs: row.args });
    expect(r.status, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(2);
    expect(`${r.stderr}${r.stdout}`).not.toMatch(STACK);
  });
});
