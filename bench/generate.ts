// Generates a grants repository of a chosen size: a policy with many rules and grants files
// whose resources those rules govern. Deterministic for a given seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Size {
  grants: number;
  files: number;
  rules: number;
}

/** A small deterministic PRNG (mulberry32), so every run measures the same inputs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rule patterns of the shapes real policies use: anchored trees, globs, unanchored names. */
export function rulePatterns(count: number): string[] {
  const out = ['*'];
  for (let i = 1; i < count; i++) {
    switch (i % 5) {
      case 0:
        out.push(`/cloud/acct${i}/`);
        break;
      case 1:
        out.push(`cloud/acct${i - 1}/db-*`);
        break;
      case 2:
        out.push(`k8s/cluster${i}/`);
        break;
      case 3:
        out.push(`k8s/cluster${i - 1}/**/secrets`);
        break;
      default:
        out.push(`svc${i}`);
    }
  }
  return out;
}

/** Resources that rules of `rulePatterns(count)` govern (and a few that only the catch-all does). */
export function resources(count: number, ruleCount: number, seed = 7): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = 1 + Math.floor(next() * (ruleCount - 1));
    switch (r % 5) {
      case 0:
        out.push(`cloud/acct${r}/bucket-${i}`);
        break;
      case 1:
        out.push(`cloud/acct${r - 1}/db-${i}`);
        break;
      case 2:
        out.push(`k8s/cluster${r}/ns-${i % 7}/pods`);
        break;
      case 3:
        out.push(`k8s/cluster${r - 1}/ns-${i % 7}/secrets/key-${i}`);
        break;
      default:
        out.push(i % 50 === 0 ? `misc/thing-${i}` : `team-${i % 13}/svc${r}/api`);
    }
  }
  return out;
}

/** Policy text with `count` rules. */
export function policyText(count: number): string {
  const rules = rulePatterns(count).map((p, i) =>
    i === 0
      ? `  - pattern: "*"\n    owners: ["@acme/security"]\n    max_access: admin\n    max_duration: 90d`
      : `  - pattern: "${p}"\n    owners: ["@acme/team-${i % 97}", "owner${i % 89}"]`,
  );
  return `version: 1\ndefaults: { max_access: admin, max_duration: 90d }\nrules:\n${rules.join('\n')}\n`;
}

/** Writes base (policy, empty grants files) and head (policy, all grants) trees under `dir`. */
export function writeRepo(dir: string, size: Size, now: Date): { base: string; head: string } {
  const base = join(dir, 'base');
  const head = join(dir, 'head');
  const expiredUntil = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const future = new Date(now.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
  for (const root of [base, head]) {
    mkdirSync(join(root, 'policies'), { recursive: true });
    mkdirSync(join(root, 'grants'), { recursive: true });
    writeFileSync(join(root, 'policies/authority.yaml'), policyText(size.rules));
  }
  const res = resources(size.grants, size.rules);
  const perFile = Math.ceil(size.grants / size.files);
  for (let f = 0; f < size.files; f++) {
    const items: string[] = [];
    for (let i = f * perFile; i < Math.min(size.grants, (f + 1) * perFile); i++) {
      // Every tenth grant has expired, so prune has work; the rest are valid new requests.
      items.push(
        `  # request ${i}\n  - id: grant-${i}\n    identity: svc-${i}\n    identity_type: service-account\n    owner: "@acme/team-${i % 97}"\n` +
          `    resource: ${res[i]}\n    access: ${['read', 'write'][i % 2]}\n    requester: kim\n` +
          `    purpose: Generated request number ${i} for the benchmark\n    ticket: OPS-${i}\n    expires: ${i % 10 === 0 ? expiredUntil : future}\n`,
      );
    }
    writeFileSync(join(base, `grants/file-${f}.yaml`), 'grants: []\n');
    writeFileSync(join(head, `grants/file-${f}.yaml`), `grants:\n${items.join('\n')}`);
  }
  return { base, head };
}
