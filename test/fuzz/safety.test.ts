// Properties over random input, with fixed seeds so failures reproduce: the parser never throws
// and always locates its problems, and the engine never approves what an independent, simple
// oracle says lacks the approvals the spec requires.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.js';
import { parseGrantsFile } from '../../src/core/grants-file.js';
import { loadPolicy, type Policy } from '../../src/core/policy.js';
import type { Review } from '../../src/core/pull-request.js';

const SEED = 20261203;
const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const NOW = Date.parse('2027-01-01T00:00:00Z');
const DAY = 86_400_000;

describe('the grants parser on arbitrary text', () => {
  const fragments = [
    'grants:',
    '\n',
    '  - ',
    'id: a',
    'expires: 2027-01-01',
    ': ',
    '- ',
    '[',
    ']',
    '{',
    '}',
    '&x ',
    '*x',
    '!!str ',
    '"',
    "'",
    '#',
    '\t',
    '\r\n',
    '---\n',
    '%YAML 1.1\n',
    '__proto__: 1',
    'purpose: |\n    x',
    '\u0000',
    '\ufeff',
    '? ',
    ',',
    'access: read',
  ];
  const yamlish = fc
    .array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('never throws, and every problem names the file and a line inside it', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const file = parseGrantsFile('grants/f.yaml', text, ['read', 'write']);
        const lines = Math.max(1, text.split('\n').length);
        for (const p of [...file.problems, ...file.grants.flatMap((g) => g.problems)]) {
          expect(p.file).toBe('grants/f.yaml');
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

// The oracle's world: literal-prefix rules over a handful of resources, individual owners and
// one team with known members, so that who may approve can be computed without the engine.
const PEOPLE = ['ann', 'bob', 'cat', 'dan', 'eve'];
const RESOURCES = ['prod/db', 'prod/web', 'dev/db', 'ops/x'];
const PATTERNS = ['*', 'prod/', 'dev/', 'prod/db'];
const TEAM = { name: '@acme/ops', members: ['cat', 'dan'] };
// A machine account that policies may name but whose reviews are a bot's (user.type Bot).
const BOT = 'rob';

interface Scenario {
  rules: Array<{ pattern: string; owners: string[]; approvals: number }>;
  grants: Array<{
    id: string;
    resource: string;
    requester: string | null;
    identity: string;
    days: number;
  }>;
  author: string;
  reviews: Review[];
  committers: readonly string[];
}

const ownerEntry = fc.constantFrom(...PEOPLE, TEAM.name, BOT);
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    rules: fc.array(
      fc.record({
        pattern: fc.constantFrom(...PATTERNS),
        owners: fc.uniqueArray(ownerEntry, { minLength: 1, maxLength: 3 }),
        approvals: fc.constantFrom(1, 1, 1, 2),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    grants: fc.uniqueArray(
      // `requester: null` stands for the author, which is what a well-formed request says.
      fc.record({
        id: fc.constantFrom('g1', 'g2', 'g3'),
        resource: fc.constantFrom(...RESOURCES),
        requester: fc.option(fc.constantFrom(...PEOPLE), { freq: 5 }),
        identity: fc.constantFrom(...PEOPLE, 'svc-x', 'svc-x', 'svc-x', 'svc-x', 'svc-x'),
        days: fc.integer({ min: 1, max: 5 }),
      }),
      { minLength: 1, maxLength: 2, selector: (g) => g.id },
    ),
    author: fc.constantFrom(...PEOPLE),
    reviews: fc
      .array(
        fc.record({
          login: fc.constantFrom(...PEOPLE, 'Ann', 'BOB', 'ci[bot]', BOT),
          state: fc.constantFrom(
            'APPROVED',
            'APPROVED',
            'APPROVED',
            'CHANGES_REQUESTED',
            'COMMENTED',
            'DISMISSED',
          ),
          head: fc.constantFrom(true, true, false),
        }),
        { minLength: 2, maxLength: 12 },
      )
      .map((rs) =>
        rs.map((r, i) => ({
          id: i + 1,
          user: {
            login: r.login,
            type: r.login.endsWith('[bot]') || r.login === BOT ? 'Bot' : 'User',
          },
          state: r.state,
          commit_id: r.head ? HEAD : OLD,
          submitted_at: new Date(NOW - (100 - i) * 60_000).toISOString(),
        })),
      ),
    committers: fc.constantFrom([], [], [], ['eve'], ['cat']),
  })
  .map((s) => ({
    ...s,
    grants: s.grants.map((g) => ({ ...g, requester: g.requester ?? s.author })),
  }));

function policyOf(s: Scenario): Policy {
  const rules = s.rules.map(
    (r) =>
      `  - pattern: "${r.pattern}"\n    owners: [${r.owners.map((o) => JSON.stringify(o)).join(', ')}]\n    approvals: ${r.approvals}`,
  );
  const loaded = loadPolicy(
    'policies/authority.yaml',
    `version: 1\ndefaults: { max_access: admin, max_duration: 30d }\nrules:\n${rules.join('\n')}\n`,
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.policy;
}

function grantsText(s: Scenario): string {
  const items = s.grants.map(
    (g) =>
      `  - id: ${g.id}\n    identity: ${g.identity}\n    identity_type: user\n    resource: ${g.resource}\n    access: read\n    requester: ${g.requester}\n    purpose: A property-based request for access\n    expires: ${new Date(NOW + g.days * DAY).toISOString()}\n`,
  );
  return `grants:\n${items.join('')}`;
}

/** The oracle: does every grant have enough distinct eligible approvals of the head commit? */
function oracleSaysApproved(s: Scenario): boolean {
  const latest = new Map<string, { state: string; commit: string }>();
  for (const r of s.reviews) {
    const login = r.user!.login.toLowerCase();
    if (login.endsWith('[bot]') || login === BOT) continue;
    if (r.state === 'DISMISSED') latest.delete(login);
    else if (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED')
      latest.set(login, { state: r.state, commit: r.commit_id! });
  }
  return s.grants.every((g) => {
    if (g.requester !== s.author) return false;
    const rule = [...s.rules]
      .reverse()
      .find(
        (r) =>
          r.pattern === '*' ||
          (r.pattern.endsWith('/')
            ? g.resource.startsWith(r.pattern)
            : g.resource === r.pattern || g.resource.startsWith(`${r.pattern}/`)),
      );
    if (!rule) return false;
    const excluded = new Set([g.requester!, g.identity, s.author, ...s.committers]);
    const eligible = new Set(
      rule.owners
        .flatMap((o) => (o === TEAM.name ? TEAM.members : [o]))
        .filter((p) => !excluded.has(p)),
    );
    if ([...eligible].some((p) => latest.get(p)?.state === 'CHANGES_REQUESTED')) return false;
    const approvers = [...eligible].filter(
      (p) => latest.get(p)?.state === 'APPROVED' && latest.get(p)?.commit === HEAD,
    );
    return approvers.length >= rule.approvals;
  });
}

describe('approval safety against an independent oracle', () => {
  it('never approves a pull request whose grants lack the approvals the spec requires, and approves when they have them', () => {
    let approved = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const evaluation = evaluate(
          policyOf(s),
          {
            author: s.author,
            headSha: HEAD,
            baseFiles: [],
            headFiles: [{ path: 'grants/a.yaml', text: grantsText(s) }],
            reviews: s.reviews,
            commits: s.committers.map((c, i) => ({
              sha: String(i).repeat(40),
              author: { login: c },
              committer: { login: 'web-flow' },
            })),
            teams: new Map([[TEAM.name.slice(1), TEAM.members]]),
          },
          NOW,
        );
        const oracle = oracleSaysApproved(s);
        if (evaluation.decision === 'approved') approved++;
        expect(evaluation.decision === 'approved').toBe(oracle);
      }),
      { seed: SEED, numRuns: 1500 },
    );
    // The property only means something if approvals actually happen in the generated cases.
    expect(approved).toBeGreaterThan(30);
  });
});
