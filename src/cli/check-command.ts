// `grant-gate check`: what the gate will say about the working tree's grants, before a pull request.
import { relative, resolve, sep } from 'node:path';
import { worst } from '../core/decision.js';
import { evaluate } from '../core/evaluate.js';
import { compileGlob, DEFAULT_GRANTS_GLOB } from '../core/glob.js';
import { toReport } from '../core/report.js';
import { defaultMergeBase, fileAtRef, filesAtRef, workTreeRoot } from '../fs/git.js';
import { readGrantsFiles } from '../fs/tree.js';
import { renderText } from '../report/text-report.js';
import { formatOption, loginOption, nowOption, parseCommand } from './args.js';
import { readTeams } from './input-files.js';
import { print } from './output.js';
import { compilePolicyText, DEFAULT_POLICY } from './policy-file.js';
import { terminalStyle } from './style.js';
import { UsageError } from './usage-error.js';

export const CHECK_HELP = `Usage: grant-gate check [--base REF] [options] [PATHS...]

Validates the working tree's grants against the policy of REF and prints, for each grant
changed since REF, its problems and who will have to approve it. Run it before opening
the pull request.

  --base REF       compare with REF (default: the merge base with the default branch)
  --author LOGIN   your GitHub login, to check requester (default: not checked)
  --teams FILE     YAML or JSON mapping org/team to logins
  --now ISO        the instant (default: now)
  --policy PATH    the policy, read from REF (default ${DEFAULT_POLICY})
  --grants GLOB    grants files (default ${DEFAULT_GRANTS_GLOB}, .yml too)
  --format F       text (default) or json (the evaluate document)

Exit status: 0 no problem to fix (approvals may still be needed), 1 problems to fix,
2 bad usage or invalid policy.`;

const OPTIONS = {
  base: { type: 'string' },
  author: { type: 'string' },
  teams: { type: 'string' },
  now: { type: 'string' },
  policy: { type: 'string' },
  grants: { type: 'string' },
  format: { type: 'string' },
} as const;

/** Runs `check`; resolves to the exit status. */
export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, 'check');
  if (values.help) return print(CHECK_HELP).then(() => 0);
  const format = formatOption(values.format);
  const now = nowOption(values.now);
  const author = values.author === undefined ? undefined : loginOption(values.author, 'author');
  let root: string;
  let base: string;
  try {
    root = workTreeRoot(process.cwd());
    base = values.base ?? defaultMergeBase(root);
  } catch (e) {
    throw new UsageError(`check needs a git work tree: ${(e as Error).message.split('\n')[0]}`);
  }
  const policyPath = values.policy ?? DEFAULT_POLICY;
  const policyText = fileAtRef(root, base, policyPath);
  if (policyText === undefined)
    throw new UsageError(`the policy ${policyPath} does not exist at ${base}`);
  const policy = compilePolicyText(policyPath, policyText);
  const match = compileGlob(values.grants ?? DEFAULT_GRANTS_GLOB);
  let baseFiles;
  try {
    baseFiles = filesAtRef(root, base, match);
  } catch (e) {
    throw new UsageError(`cannot read ${base}: ${(e as Error).message.split('\n')[0]}`);
  }
  const evaluation = evaluate(
    policy,
    {
      author,
      headSha: undefined,
      baseFiles,
      headFiles: readGrantsFiles(root, match),
      reviews: [],
      commits: undefined,
      teams: values.teams ? readTeams(values.teams) : new Map(),
    },
    now,
  );
  const only = new Set(positionals.map((p) => relative(root, resolve(p)).split(sep).join('/')));
  if (only.size) {
    evaluation.grants = evaluation.grants.filter((g) => only.has(g.file));
    evaluation.problems = evaluation.problems.filter((p) => only.has(p.file));
    evaluation.decision = worst([
      ...evaluation.grants.map((g) => g.decision),
      ...(evaluation.problems.length ? (['returned'] as const) : []),
    ]);
  }
  await print(
    format === 'json'
      ? JSON.stringify(toReport(evaluation, policyPath), null, 2)
      : renderText(evaluation, policyPath, terminalStyle()),
  );
  const problems =
    evaluation.problems.length + evaluation.grants.reduce((n, g) => n + g.problems.length, 0);
  return problems === 0 ? 0 : 1;
}
