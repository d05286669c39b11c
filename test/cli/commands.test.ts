import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-cli-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const POLICY = `version: 1
defaults: { max_access: write, max_duration: 30d }
rules:
  - pattern: "*"
    owners: ["@acme/security"]
  - pattern: aws/prod/
    owners: ["@acme/prod-owners", dana]
    max_access: read
    max_duration: 7d
    escalation: { owners: ["@acme/leads"], max_access: admin, max_duration: 30d }
  - pattern: aws/prod/
    owners: [erin]
delegations:
  - { to: [carol], granted_by: "@acme/prod-owners", pattern: aws/prod/payments-*, max_access: read, max_duration: 3d, expires: 2026-01-01 }
`;

const grant = (id: string, extra = '') =>
  `  - id: ${id}\n    identity: kim\n    identity_type: user\n    resource: aws/prod/db\n    access: read\n    requester: kim\n    purpose: Investigate the slow queries in production\n    expires: 2027-01-03\n${extra}`;

describe('every command answers --help and refuses bad usage without a stack trace', () => {
  it.each(['evaluate', 'check', 'explain', 'lint-policy', 'prune', 'test'])(
    'grant-gate %s --help prints its usage and exits 0',
    (command) => {
      const r = runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`grant-gate ${command}`);
    },
  );

  it.each([
    [['frobnicate'], 'unknown command frobnicate'],
    [['evaluate', '--head', '.', '--author', 'kim'], 'needs --base'],
    [
      ['evaluate', '--base', '.', '--head', '.', '--author', 'kim', '--now', '2027-01-01T00:00'],
      'is not a date',
    ],
    [
      ['evaluate', '--base', '.', '--head', '.', '--author', 'kim', '--bogus'],
      "Unknown option '--bogus'",
    ],
    [['explain', 'a/../b'], 'is not a resource path'],
    [['prune'], 'needs --dir'],
  ])('grant-gate %j exits 2 saying %s', (args, message) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid policy exits 2 naming the file and line of each fault', () => {
    const base = tree({
      'policies/authority.yaml':
        'version: 1\nrules:\n  - pattern: "!x"\n    owners: [dana]\n    max_access: read\n    max_duration: 1d\n',
    });
    const r = runCli(['evaluate', '--base', base, '--head', base, '--author', 'kim']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('policies/authority.yaml:3:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('explain', () => {
  const dir = tree({ 'policies/authority.yaml': POLICY });

  it('names the governing rule with its line, the owners, the escalation and the level', () => {
    const r = runCli(
      [
        'explain',
        'aws/prod/db',
        '--access',
        'write',
        '--duration',
        '2d',
        '--now',
        '2025-06-01T00:00:00Z',
        '--format',
        'json',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.rule).toMatchObject({ pattern: 'aws/prod/', line: 11, owners: ['erin'] });
    expect(e.level).toBe('owner');
  });

  it('lists a delegation only while it has not expired', () => {
    const before = JSON.parse(
      runCli(
        ['explain', 'aws/prod/payments-db', '--format', 'json', '--now', '2025-06-01T00:00:00Z'],
        dir,
      ).stdout,
    );
    const after = JSON.parse(
      runCli(
        ['explain', 'aws/prod/payments-db', '--format', 'json', '--now', '2026-06-01T00:00:00Z'],
        dir,
      ).stdout,
    );
    expect(before.delegations.map((d: { to: string[] }) => d.to)).toEqual([]);
    expect(after.delegations).toEqual([]);
  });
});

describe('lint-policy', () => {
  it('warns about a rule that can never win and a delegation that expired, and stays valid', () => {
    const dir = tree({ 'policies/authority.yaml': POLICY });
    const r = runCli(['lint-policy', '--now', '2026-06-01T00:00:00Z'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/authority\.yaml:6: warning: rule aws\/prod\/ can never win/);
    expect(r.stdout).toMatch(/authority\.yaml:14: warning: the delegation to carol has expired/);
    expect(runCli(['lint-policy', '--strict', '--now', '2026-06-01T00:00:00Z'], dir).code).toBe(1);
  });
});

describe('check', () => {
  it('reports the working tree changes since a ref with who will approve them', () => {
    const dir = tree({
      'policies/authority.yaml': POLICY.replace(
        / {2}- pattern: aws\/prod\/\n {4}owners: \[erin\]\n/,
        '',
      ),
      'grants/a.yaml': 'grants: []\n',
    });
    const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'base');
    writeFileSync(
      join(dir, 'grants/a.yaml'),
      `grants:\n${grant('ok-grant')}${grant('bad-grant').replace('Investigate the slow queries in production', 'tbd')}`,
    );
    const r = runCli(
      [
        'check',
        '--base',
        'HEAD',
        '--author',
        'kim',
        '--now',
        '2027-01-01T00:00:00Z',
        '--format',
        'json',
      ],
      dir,
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.grants.map((g: { id: string; decision: string }) => [g.id, g.decision])).toEqual([
      ['ok-grant', 'pending'],
      ['bad-grant', 'returned'],
    ]);
    expect(report.grants[0].approvers).toEqual(['@acme/prod-owners', 'dana']);
  });
});

describe('test', () => {
  const policy = { 'policies/authority.yaml': POLICY };
  it('passes cases the policy satisfies and exits 0', () => {
    const dir = tree({
      ...policy,
      'policies/tests/a.yaml':
        'cases:\n  - name: owners approve read\n    request: { resource: aws/prod/db, access: read, duration: 1d, requester: kim }\n    expect: { level: owner, approvers: [erin], decision: pending }\n',
    });
    const r = runCli(['test', '--now', '2027-01-01T00:00:00Z'], dir);
    expect(r.stdout).toContain('1 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('reports a failing case with its file, line and the difference, and exits 1', () => {
    const dir = tree({
      ...policy,
      'policies/tests/a.yaml':
        'cases:\n  - name: first\n    request: { resource: aws/prod/db, access: read, duration: 1d }\n    expect: { level: owner }\n  - name: wrong level\n    request: { resource: aws/prod/db, access: admin, duration: 1d }\n    expect: { level: owner }\n',
    });
    const r = runCli(['test', '--now', '2027-01-01T00:00:00Z'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL policies/tests/a.yaml:5 wrong level');
    expect(r.stdout).toContain('level: expected owner, got none');
  });

  it('refuses a malformed test file with its line and exit 2', () => {
    const dir = tree({
      ...policy,
      'policies/tests/a.yaml':
        'cases:\n  - name: x\n    request: { resource: a, access: read, duration: 1d }\n    expect: { levle: owner }\n',
    });
    const r = runCli(['test'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /a\.yaml:4: unknown field cases\.0\.expect\.levle \(did you mean level\?\)/,
    );
  });
});

describe('evaluate output through a pipe', () => {
  it('delivers a report of tens of thousands of grants whole', () => {
    // 20 files of 1,000 grants: each stays under the 1 MiB a grants file may hold.
    const files = Object.fromEntries(
      Array.from({ length: 20 }, (_, f) => [
        `grants/f${f}.yaml`,
        `grants:\n${Array.from({ length: 1000 }, (_, i) => grant(`g-${f}-${i}`)).join('')}`,
      ]),
    );
    const base = tree({ 'policies/authority.yaml': POLICY });
    const head = tree({ 'policies/authority.yaml': POLICY, ...files });
    const out = execFileSync(
      'sh',
      [
        '-c',
        `node ${join(process.cwd(), 'dist/cli.js')} evaluate --base ${base} --head ${head} --author kim --now 2027-01-01T00:00:00Z --format json | cat`,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    expect(JSON.parse(out).grants).toHaveLength(20_000);
  }, 60_000);
});
