// The action's job: read the inputs and the event, run the mode, and fail closed on any error.
import * as core from '@actions/core';
import { context } from '@actions/github';
import { createClient, describeApiError, type Repo } from '../github/client.js';
import { GATE_EVENTS, GateError, runGate } from './gate.js';
import { InputError, readInputs } from './inputs.js';
import { runPrune } from './prune-job.js';

/** Runs the action: the gate on pull request events, prune on schedules. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const repo: Repo = context.repo;
    const gh = createClient(inputs.token, (line) => core.info(line));
    const runUrl = context.runId ? `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}` : undefined;
    if (inputs.mode === 'prune') {
      await runPrune({ gh, repo, inputs, defaultBranch: context.payload.repository?.['default_branch'] as string | undefined, workspace: process.env['GITHUB_WORKSPACE'] });
      return;
    }
    const actions = GATE_EVENTS[context.eventName];
    const action = String(context.payload.action ?? '');
    if (!actions || !context.payload.pull_request) {
      core.notice(`grant-gate gates pull_request, pull_request_target and pull_request_review events, not ${context.eventName}: nothing to do`);
      return;
    }
    if (!actions.includes(action)) {
      core.notice(`the ${context.eventName} activity ${action} cannot change a decision: nothing to do`);
      return;
    }
    const decision = await runGate({
      gh,
      repo,
      inputs,
      pullNumber: context.payload.pull_request.number,
      eventHeadSha: (context.payload.pull_request['head'] as { sha?: string } | undefined)?.sha,
      workspace: process.env['GITHUB_WORKSPACE'],
      runUrl,
    });
    core.info(`decision: ${decision}`);
  } catch (e) {
    const known = e instanceof InputError || e instanceof GateError || (e as Error).name === 'TeamAccessError';
    core.setFailed(known ? (e as Error).message : describeApiError(e));
  }
}
