// `grant-gate test`: runs the policy's tests (policies/tests/*.yaml) against the policy.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { runPolicyTests } from '../core/policy-test.js';
import { listFiles, readCapped } from '../fs/tree.js';
import { formatOption, nowOption, parseCommand } from './args.js';
import { print } from './output.js';
import { DEFAULT_POLICY, readPolicy } from './policy-file.js';
import { UsageError } from './usage-error.js';

export const TEST_HELP = `Usage: grant-gate test [DIR] [--policy PATH] [--now ISO] [--format text|json]

Runs the policy tests in DIR (default policies/tests): YAML files of cases, each a request
(resource, access, duration or expires, requester, exception or emergency) and what the
policy should make of it (level, approvers, decision, problems). Run it in CI whenever
the policy changes.

Exit status: 0 every case passed, 1 a case failed, 2 bad usage, invalid policy or test file.`;

const OPTIONS = {
  policy: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
} as const;

/** Runs `test`; resolves to the exit status. */
export async function testCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 'test');
  if (values.help) return print(TEST_HELP).then(() => 0);
  if (positionals.length > 1) throw new UsageError('grant-gate test takes at most one DIR');
  const dir = positionals[0] ?? 'policies/tests';
  if (!existsSync(dir)) throw new UsageError(`no policy tests: ${dir} does not exist`);
  const format = formatOption(values.format);
  const policyPath = values.policy ?? DEFAULT_POLICY;
  const policy = readPolicy('.', policyPath);
  const now = nowOption(values.now);
  const files = listFiles(dir, (p) => /\.ya?ml$/.test(p));
  if (files.length === 0) throw new UsageError(`no policy tests: ${dir} holds no .yaml files`);
  const results = files
    .map((f) => {
      const path = join(dir, f);
      const r = runPolicyTests(policy, path, readCapped(path), now);
      if (!r.ok) throw new UsageError(`${r.file}:${r.line}: ${r.message}`);
      return r.results;
    })
    .flat();
  const failed = results.filter((r) => r.failures.length > 0);
  if (format === 'json') {
    await print(
      JSON.stringify(
        { passed: results.length - failed.length, failed: failed.length, cases: results },
        null,
        2,
      ),
    );
  } else {
    const lines = results.map(
      (r) =>
        `${r.failures.length ? 'FAIL' : 'ok  '} ${r.file}:${r.line} ${r.name}${r.failures.map((f) => `\n       ${f}`).join('')}`,
    );
    await print(
      [...lines, `${results.length - failed.length} passed, ${failed.length} failed`].join('\n'),
    );
  }
  return failed.length ? 1 : 0;
}
