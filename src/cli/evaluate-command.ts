// `grant-gate evaluate`: a pull request's decision, offline, from two trees and GitHub's data.
import { existsSync, statSync } from 'node:fs';
import { evaluate } from '../core/evaluate.js';
import { compileGlob, DEFAULT_GRANTS_GLOB } from '../core/glob.js';
import { toReport } from '../core/report.js';
import { readGrantsFiles } from '../fs/tree.js';
import { renderText } from '../report/text-report.js';
import { formatOption, loginOption, nowOption, parseCommand, required } from './args.js';
import { readCommits, readReviews, readTeams } from './input-files.js';
import { print } from './output.js';
import { DEFAULT_POLICY, readPolicy } from './policy-file.js';
import { terminalStyle } from './style.js';
import { UsageError } from './usage-error.js';

export const EVALUATE_HELP = `Usage: grant-gate evaluate --base DIR --head DIR --author LOGIN [options]

Evaluates a pull request offline: the grants changed between two trees, who must approve
each, and whether the reviews given approve them. The policy is read from --base.

  --base DIR        the base tree (laid out as the repository)
  --head DIR        the head tree
  --author LOGIN    the pull request's author
  --head-sha SHA    the head commit; only approvals of this commit count
  --reviews FILE    JSON as GitHub's "list reviews for a pull request" returns it
  --teams FILE      YAML or JSON mapping org/team to logins (unlisted teams are unknown)
  --commits FILE    JSON as GitHub's "list commits on a pull request" returns it
  --now ISO         the instant to evaluate at (default: now)
  --policy PATH     policy path inside --base (default ${DEFAULT_POLICY})
  --grants GLOB     grants files (default ${DEFAULT_GRANTS_GLOB}, .yml too)
  --format F        text (default) or json

Exit status: 0 approved, 1 pending, blocked or returned, 2 bad usage or invalid policy.`;

const OPTIONS = {
  base: { type: 'string' },
  head: { type: 'string' },
  author: { type: 'string' },
  'head-sha': { type: 'string' },
  reviews: { type: 'string' },
  teams: { type: 'string' },
  commits: { type: 'string' },
  now: { type: 'string' },
  policy: { type: 'string' },
  grants: { type: 'string' },
  format: { type: 'string' },
} as const;

function directory(value: string | undefined, name: string): string {
  const dir = required(value, name, 'evaluate');
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--${name} ${dir} is not a directory`);
  return dir;
}

/** Runs `evaluate`; resolves to the exit status. */
export async function evaluateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 'evaluate');
  if (values.help) return print(EVALUATE_HELP).then(() => 0);
  if (positionals.length)
    throw new UsageError(`unexpected argument ${positionals[0]} (see grant-gate evaluate --help)`);
  const base = directory(values.base, 'base');
  const head = directory(values.head, 'head');
  const author = loginOption(required(values.author, 'author', 'evaluate'), 'author');
  const format = formatOption(values.format);
  const now = nowOption(values.now);
  const headSha = values['head-sha'];
  if (headSha !== undefined && !/^[0-9a-f]{7,64}$/i.test(headSha))
    throw new UsageError(`--head-sha ${headSha} is not a commit SHA`);
  const policyPath = values.policy ?? DEFAULT_POLICY;
  const policy = readPolicy(base, policyPath);
  const match = compileGlob(values.grants ?? DEFAULT_GRANTS_GLOB);
  const evaluation = evaluate(
    policy,
    {
      author,
      headSha,
      baseFiles: readGrantsFiles(base, match),
      headFiles: readGrantsFiles(head, match),
      reviews: values.reviews ? readReviews(values.reviews) : [],
      commits: values.commits ? readCommits(values.commits) : undefined,
      teams: values.teams ? readTeams(values.teams) : new Map(),
    },
    now,
  );
  await print(
    format === 'json'
      ? JSON.stringify(toReport(evaluation, policyPath), null, 2)
      : renderText(evaluation, policyPath, terminalStyle()),
  );
  return evaluation.decision === 'approved' ? 0 : 1;
}
