import { describe, expect, it } from 'vitest';
import { worst, type Decision } from '../../src/core/decision.js';

describe('worst', () => {
  // Spec: "`returned` (worst) > `blocked` > `pending` > `approved`. A pull request that changes
  // no grant is `approved`."
  it.each([
    [[], 'approved'],
    [['approved'], 'approved'],
    [['approved', 'pending'], 'pending'],
    [['pending', 'approved'], 'pending'],
    [['pending', 'blocked', 'approved'], 'blocked'],
    [['blocked', 'pending'], 'blocked'],
    [['returned', 'blocked', 'pending', 'approved'], 'returned'],
    [['approved', 'approved', 'returned'], 'returned'],
    [['blocked', 'returned'], 'returned'],
  ] as Array<[Decision[], Decision]>)('the worst of %j is %s', (decisions, expected) => {
    expect(worst(decisions)).toBe(expected);
  });
});
