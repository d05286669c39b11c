// Policy tests: requests with the outcome their owners expect, run through the real engine so a
// policy change that alters who approves what is caught before it merges.
import { stringify } from 'yaml';
import { z } from 'zod';
import { DECISIONS } from './decision.js';
import { evaluate } from './evaluate.js';
import type { Policy } from './policy.js';
import { PROBLEM_CODES } from './problems.js';
import type { TeamDirectory } from './pull-request.js';
import { isLogin, normalizeLogin } from './text-rules.js';
import { parseDuration, parseInstant } from './time.js';
import { lineAt, parseYamlTree, toPlain } from './yaml-tree.js';
import { issuesToProblems } from './zod-problems.js';

const rationale = z.strictObject({
  rationale: z.string().optional(),
  incident: z.string().optional(),
});

/** One case: a request and what the policy should make of it. */
export const policyCaseSchema = z.strictObject({
  name: z.string().min(1),
  request: z
    .strictObject({
      resource: z.string(),
      access: z.string(),
      duration: z
        .string()
        .refine((d) => parseDuration(d) !== undefined, 'duration is a number and m, h, d or w')
        .optional(),
      expires: z
        .string()
        .refine((d) => parseInstant(d) !== undefined, 'expires is a date or RFC 3339 timestamp')
        .optional(),
      requester: z.string().refine(isLogin, 'requester must be a login').default('requester'),
      identity: z.string().optional(),
      exception: rationale.optional(),
      emergency: rationale.optional(),
    })
    .refine(
      (r) => (r.duration === undefined) !== (r.expires === undefined),
      'give duration or expires, one of them',
    ),
  expect: z.strictObject({
    level: z.enum(['owner', 'escalation', 'emergency', 'none']).optional(),
    approvers: z.array(z.string()).optional(),
    decision: z.enum(DECISIONS).optional(),
    problems: z.array(z.enum(PROBLEM_CODES)).optional(),
  }),
});

/** A policy test file: optional team members, a fixed `now`, and cases. */
export const policyTestFileSchema = z.strictObject({
  now: z
    .string()
    .refine((d) => parseInstant(d) !== undefined, 'now is a date or RFC 3339 timestamp')
    .optional(),
  teams: z.record(z.string(), z.array(z.string())).optional(),
  cases: z.array(policyCaseSchema).min(1, 'a test file holds at least one case'),
});

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['now', 'teams', 'cases'],
  request: [
    'resource',
    'access',
    'duration',
    'expires',
    'requester',
    'identity',
    'exception',
    'emergency',
  ],
  expect: ['level', 'approvers', 'decision', 'problems'],
  exception: ['rationale'],
  emergency: ['rationale', 'incident'],
};

export interface CaseResult {
  name: string;
  file: string;
  line: number;
  failures: string[];
}

export type TestFileResult =
  { ok: true; results: CaseResult[] } | { ok: false; file: string; line: number; message: string };

const TEST_PURPOSE = 'Policy test request written by the policy owners';

/** Runs every case of a test file against the policy at `now` (ms) unless the file fixes `now`. */
export function runPolicyTests(
  policy: Policy,
  file: string,
  text: string,
  now: number,
): TestFileResult {
  const parsed = parseYamlTree(text);
  if (!parsed.ok)
    return { ok: false, file, line: parsed.line, message: `${file} ${parsed.message}` };
  if (!parsed.root) return { ok: false, file, line: 1, message: `${file} is empty` };
  const root = parsed.root;
  const value = toPlain(root);
  const checked = policyTestFileSchema.safeParse(value);
  if (!checked.success) {
    const p = issuesToProblems(
      checked.error.issues,
      value,
      root,
      file,
      (path) => KNOWN_KEYS[String(path[path.length - 1] ?? '')] ?? KNOWN_KEYS[''] ?? [],
    )[0]!;
    return { ok: false, file, line: p.line, message: p.message };
  }
  const at = checked.data.now === undefined ? now : parseInstant(checked.data.now)!;
  const teams: TeamDirectory = new Map(
    Object.entries(checked.data.teams ?? {}).map(([t, m]) => [
      t.replace(/^@/, '').toLowerCase(),
      m,
    ]),
  );
  const results = checked.data.cases.map((c, i) =>
    runCase(policy, c, at, teams, file, lineAt(root, ['cases', i])),
  );
  return { ok: true, results };
}

function runCase(
  policy: Policy,
  c: z.infer<typeof policyCaseSchema>,
  now: number,
  teams: TeamDirectory,
  file: string,
  line: number,
): CaseResult {
  const r = c.request;
  const expires = r.expires ?? new Date(now + parseDuration(r.duration!)!).toISOString();
  const grant = {
    id: 'policy-test',
    identity: r.identity ?? r.requester,
    identity_type: 'user',
    resource: r.resource,
    access: r.access,
    requester: r.requester,
    purpose: TEST_PURPOSE,
    expires,
    ...(r.exception ? { exception: r.exception } : {}),
    ...(r.emergency ? { emergency: r.emergency } : {}),
  };
  const evaluation = evaluate(
    policy,
    {
      author: r.requester,
      headSha: undefined,
      baseFiles: [],
      headFiles: [{ path: 'grants/policy-test.yaml', text: stringify({ grants: [grant] }) }],
      reviews: [],
      commits: undefined,
      teams,
    },
    now,
  );
  const g = evaluation.grants[0]!;
  const failures: string[] = [];
  const e = c.expect;
  if (e.level !== undefined && g.authority !== e.level)
    failures.push(`level: expected ${e.level}, got ${g.authority}`);
  if (e.decision !== undefined && g.decision !== e.decision)
    failures.push(`decision: expected ${e.decision}, got ${g.decision}`);
  if (e.approvers !== undefined) {
    const key = (list: readonly string[]) => list.map(normalizeLogin).sort().join(', ');
    if (key(e.approvers) !== key(g.approvers))
      failures.push(
        `approvers: expected ${e.approvers.join(', ') || 'none'}, got ${g.approvers.join(', ') || 'none'}`,
      );
  }
  if (e.problems !== undefined) {
    const got = [...new Set(g.problems.map((p) => p.code))].sort();
    if ([...e.problems].sort().join(',') !== got.join(','))
      failures.push(
        `problems: expected ${e.problems.join(', ') || 'none'}, got ${got.join(', ') || 'none'}`,
      );
  }
  return { name: c.name, file, line, failures };
}
