import type { Policy } from './policy.js';

/** Rank of an access level in the policy (0 = lowest), or -1 when it is not a level. */
export function accessRank(policy: Policy, level: unknown): number {
  return typeof level === 'string' ? policy.accessLevels.indexOf(level) : -1;
}
