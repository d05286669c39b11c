/** Decisions from best to worst. */
export const DECISIONS = ['approved', 'pending', 'blocked', 'returned'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The worst of the decisions given (`approved` when none). */
export function worst(decisions: Iterable<Decision>): Decision {
  let rank = 0;
  for (const d of decisions) rank = Math.max(rank, DECISIONS.indexOf(d));
  return DECISIONS[rank]!;
}
