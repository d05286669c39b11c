// The grant-gate command line: dispatches to one command and turns user errors into a message
// and exit status 2, never a stack trace.
import { checkCommand } from './check-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { explainCommand } from './explain-command.js';
import { lintPolicyCommand } from './lint-policy-command.js';
import { print } from './output.js';
import { pruneCommand } from './prune-command.js';
import { testCommand } from './test-command.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: grant-gate <command> [options]

Access requests as pull requests: check a grant, explain who must approve, lint a policy,
evaluate a pull request offline, prune expired grants.

Commands:
  evaluate     decide a pull request from its base and head trees, reviews and teams
  check        validate the working tree's changed grants and say who will approve them
  explain      show the rule, owners, limits and level for a resource
  lint-policy  validate the policy and warn about rules that can never win
  prune        remove expired grants, keeping every other byte of each file
  test         run the policy's tests (policies/tests/*.yaml)

Run grant-gate <command> --help for a command's options.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  evaluate: evaluateCommand,
  check: checkCommand,
  explain: explainCommand,
  'lint-policy': lintPolicyCommand,
  prune: pruneCommand,
  test: testCommand,
};

/** Runs the command line; resolves to the exit status. */
export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      await print(HELP);
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command ${name}\n\n${HELP}`);
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`grant-gate: ${e.message}\n`);
      return 2;
    }
    // Not a user error: say so plainly, still without a stack unless asked for one.
    process.stderr.write(`grant-gate: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env['GRANT_GATE_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return 2;
  }
}
