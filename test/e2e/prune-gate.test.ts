// The prune pull request through the gate: removing grants needs no review, so the gate approves
// it as opened; a grant pushed onto the prune branch makes the gate judge what the diff now adds.
import { describe, expect } from 'vitest';
import type { FakeGitHub } from './fake-github/index.js';
import { pullEvent } from './gate-helpers.js';
import {
  failure,
  NOW,
  openPulls,
  PAYMENTS_PRUNED,
  PRUNE_BRANCH,
  runPrune,
  test,
} from './prune-helpers.js';
import { runAction } from './run-action.js';

const SNEAKY = `  - id: sneaky-admin
    identity: mallory
    identity_type: user
    resource: aws/prod/payments-db
    access: admin
    requester: mallory
    purpose: Slipped into the prune pull request
    expires: 2026-12-10
`;

/** Runs the gate on the prune pull request as its `pull_request` event would. */
function gate(gh: FakeGitHub, number: number, action: string) {
  return runAction({
    apiUrl: gh.url,
    eventName: 'pull_request',
    event: pullEvent({ gh, number, branch: PRUNE_BRANCH }, action),
    inputs: { now: NOW },
  });
}

/** The grants of the gate's JSON report: what changed and what was decided. */
function reported(report: unknown): Array<{ id: string; change: string; decision: string }> {
  const grants = (report as { grants: Array<{ id: string; change: string; decision: string }> })
    .grants;
  return grants.map(({ id, change, decision }) => ({ id, change, decision }));
}

describe.concurrent('the gate on the prune pull request', () => {
  test('sets success on the prune pull request as opened, with no review asked for', async ({
    repo,
  }) => {
    const gh = await repo();
    await runPrune(gh);
    const [number] = openPulls(gh);
    const head = gh.state.pull(number!).pull.headSha;

    const run = await gate(gh, number!, 'opened');

    expect(run.code, failure(run)).toBe(0);
    expect(run.outputs['decision']).toBe('approved');
    expect(gh.state.statusesOf(head).find((s) => s.context === 'grant-gate')?.state).toBe(
      'success',
    );
    expect(reported(run.report)).toEqual([
      { id: 'legacy-admin', change: 'removed', decision: 'approved' },
      { id: 'pay-export', change: 'removed', decision: 'approved' },
    ]);
    expect(gh.state.pull(number!).pull).toMatchObject({
      requestedReviewers: [],
      requestedTeams: [],
    });
  });

  test('judges the actual diff once a grant is pushed onto the prune branch, until the next prune run replaces that push', async ({
    repo,
  }) => {
    const gh = await repo();
    await runPrune(gh);
    const [number] = openPulls(gh);
    const pushed = gh.state.commit({
      base: gh.state.branch(PRUNE_BRANCH)!,
      files: {
        'grants/payments.yaml': PAYMENTS_PRUNED.replace(
          '# end of payments\n',
          `${SNEAKY}# end of payments\n`,
        ),
      },
      author: { login: 'mallory' },
    });
    gh.state.setBranch(PRUNE_BRANCH, pushed);

    const sneaky = await gate(gh, number!, 'synchronize');
    await runPrune(gh);
    const restored = gh.state.pull(number!).pull.headSha;
    const after = await gate(gh, number!, 'synchronize');

    expect(sneaky.code, failure(sneaky)).toBe(0);
    // The pull request's author is the job's bot, not the grant's requester: returned, not merged.
    expect(sneaky.outputs['decision']).toBe('returned');
    expect(gh.state.statusesOf(pushed).find((s) => s.context === 'grant-gate')?.state).toBe(
      'failure',
    );
    expect(reported(sneaky.report)).toContainEqual(
      expect.objectContaining({ id: 'sneaky-admin', change: 'added' }),
    );
    expect(restored).not.toBe(pushed);
    expect(gh.state.readFile(restored, 'grants/payments.yaml')).toBe(PAYMENTS_PRUNED);
    expect(after.outputs['decision']).toBe('approved');
    expect(gh.state.statusesOf(restored).find((s) => s.context === 'grant-gate')?.state).toBe(
      'success',
    );
  }, 60_000);
});
