// The action's job: read the inputs and the event, run the mode, and fail closed on any error.
import * as core from '@actions/core';
import { context } from '@actions/github';
import { createClient, describeFailure, type Repo } from '../github/client.js';
import { GATE_EVENTS, runGate, type EventPull } from './gate.js';
import { readInputs } from './inputs.js';
import { runPrune } from './prune-job.js';

/** Runs the action: the gate on pull request events, prune on schedules. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const repo: Repo = context.repo;
    const gh = createClient(inputs.token, (line) => core.info(line));
    const runUrl = context.runId
      ? `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}`
      : undefined;
    if (inputs.mode === 'prune') {
      await runPrune({
        gh,
        repo,
        inputs,
        defaultBranch: context.payload.repository?.['default_branch'] as string | undefined,
        workspace: process.env['GITHUB_WORKSPACE'],
      });
      return;
    }
    const actions = GATE_EVENTS[context.eventName];
    const action = String(context.payload.action ?? '');
    if (!actions || !context.payload.pull_request) {
      core.notice(
        `grant-gate gates pull_request, pull_request_target and pull_request_review events, not ${context.eventName}: nothing to do`,
      );
      return;
    }
    if (!actions.includes(action)) {
      core.notice(
        `the ${context.eventName} activity ${action} cannot change a decision: nothing to do`,
      );
      return;
    }
    const decision = await runGate({
      gh,
      repo,
      inputs,
      pullNumber: context.payload.pull_request.number,
      event: eventPull(context.payload),
      workspace: process.env['GITHUB_WORKSPACE'],
      runUrl,
    });
    core.info(`decision: ${decision}`);
  } catch (e) {
    core.setFailed(describeFailure(e));
  }
}

/** The pull request as the event payload names it, for an error status when it cannot be read fresh. */
function eventPull(payload: typeof context.payload): EventPull {
  const pull = payload.pull_request as
    | { head?: { sha?: string }; base?: { ref?: string; repo?: { default_branch?: string } } }
    | undefined;
  return {
    headSha: pull?.head?.sha,
    baseRef: pull?.base?.ref,
    defaultBranch:
      pull?.base?.repo?.default_branch ??
      (payload.repository?.['default_branch'] as string | undefined),
  };
}
