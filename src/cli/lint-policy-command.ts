// `grant-gate lint-policy`: validates the policy and warns about what is probably a mistake.
import { lintPolicy } from '../core/policy-lint.js';
import { formatOption, nowOption, parseCommand } from './args.js';
import { print } from './output.js';
import { DEFAULT_POLICY, readPolicy } from './policy-file.js';
import { UsageError } from './usage-error.js';

export const LINT_POLICY_HELP = `Usage: grant-gate lint-policy [PATH] [--strict] [--now ISO] [--format text|json]

Validates the policy (default ${DEFAULT_POLICY}) and warns about rules that can never win,
delegations that have expired or never expire, and escalations no higher than their rule.

Exit status: 0 valid (warnings allowed unless --strict), 1 warnings with --strict, 2 invalid.`;

const OPTIONS = {
  strict: { type: 'boolean' },
  now: { type: 'string' },
  format: { type: 'string' },
} as const;

/** Runs `lint-policy`; resolves to the exit status. */
export async function lintPolicyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 'lint-policy');
  if (values.help) return print(LINT_POLICY_HELP).then(() => 0);
  if (positionals.length > 1) throw new UsageError('grant-gate lint-policy takes at most one PATH');
  const path = positionals[0] ?? DEFAULT_POLICY;
  const format = formatOption(values.format);
  const policy = readPolicy('.', path);
  const findings = lintPolicy(policy, nowOption(values.now));
  if (format === 'json') {
    await print(
      JSON.stringify(
        { valid: true, warnings: findings.map((f) => ({ file: path, ...f })) },
        null,
        2,
      ),
    );
  } else {
    const lines = findings.map((f) => `${path}:${f.line}: warning: ${f.message}`);
    await print(
      [
        `${path}: valid, ${policy.rules.length} rule(s), ${findings.length} warning(s)`,
        ...lines,
      ].join('\n'),
    );
  }
  return values.strict && findings.length ? 1 : 0;
}
