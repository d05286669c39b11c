// Classifies each grant id between the base and the head tree (ids are global across files).
import { accessRank } from './access.js';
import type { GrantRecord } from './grants-file.js';
import type { Policy } from './policy.js';
import { normalizeLogin } from './text-rules.js';

export type ChangeKind = 'added' | 'removed' | 'renewed' | 'narrowed' | 'modified';

export interface Change {
  kind: ChangeKind;
  /** the grant in head (absent for removed grants) */
  head: GrantRecord | undefined;
  /** the grant in base (absent for added grants) */
  base: GrantRecord | undefined;
}

const IDENTITY_FIELDS = ['identity', 'identity_type', 'owner', 'resource', 'access'];

/** Lists the changed grants: head grants in head order, then removed grants in base order. */
export function classifyChanges(
  policy: Policy,
  base: readonly GrantRecord[],
  head: readonly GrantRecord[],
): Change[] {
  const baseById = new Map<string, GrantRecord>();
  for (const g of base) if (g.id && !baseById.has(g.id)) baseById.set(g.id, g);
  const headIds = new Set<string>();
  const headCount = new Map<string, number>();
  for (const g of head) headCount.set(g.id, (headCount.get(g.id) ?? 0) + 1);

  const changes: Change[] = [];
  for (const g of head) {
    headIds.add(g.id);
    const before = g.id ? baseById.get(g.id) : undefined;
    if (!before) {
      changes.push({ kind: 'added', head: g, base: undefined });
      continue;
    }
    const kind = compare(policy, before, g);
    // A duplicated id is always listed, so that each place can carry its duplicate-id problem.
    if (kind !== undefined || (headCount.get(g.id) ?? 0) > 1) {
      changes.push({ kind: kind ?? 'modified', head: g, base: before });
    }
  }
  for (const g of baseById.values()) {
    if (!headIds.has(g.id)) changes.push({ kind: 'removed', head: undefined, base: g });
  }
  return changes;
}

/** The change from `before` to `after`, or undefined when they mean the same grant. */
function compare(policy: Policy, before: GrantRecord, after: GrantRecord): ChangeKind | undefined {
  const a = canonical(before);
  const b = canonical(after);
  const differing = new Set(Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]));
  if (differing.size === 0) return undefined;
  const expiresLater =
    before.expiresAt !== undefined &&
    after.expiresAt !== undefined &&
    after.expiresAt > before.expiresAt;
  if (expiresLater && IDENTITY_FIELDS.every((f) => !differing.has(f))) return 'renewed';
  if ([...differing].every((f) => f === 'expires' || f === 'access')) {
    const [r0, r1] = [
      accessRank(policy, before.value['access']),
      accessRank(policy, after.value['access']),
    ];
    const timesKnown = before.expiresAt !== undefined && after.expiresAt !== undefined;
    if (timesKnown && r0 >= 0 && r1 >= 0 && after.expiresAt! <= before.expiresAt! && r1 <= r0) {
      if (after.expiresAt! < before.expiresAt! || r1 < r0) return 'narrowed';
    }
  }
  return 'modified';
}

/** Each field as a comparable string, so that spellings with one meaning compare equal. */
function canonical(g: GrantRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(g.value)) {
    if ((key === 'requester' || key === 'owner') && typeof value === 'string')
      out[key] = normalizeLogin(value);
    else if (key === 'expires' && g.expiresAt !== undefined) out[key] = String(g.expiresAt);
    else out[key] = stableJson(value);
  }
  return out;
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
