// Reads and compiles the policy for a command; an invalid or unreadable policy stops it (exit 2).
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { loadPolicy, type Policy } from '../core/policy.js';
import { readCapped } from '../fs/tree.js';
import { UsageError } from './usage-error.js';

/** Default path of the authority policy. */
export const DEFAULT_POLICY = 'policies/authority.yaml';

/** The compiled policy at `path` under `root`, or a UsageError naming each fault with file:line. */
export function readPolicy(root: string, path: string): Policy {
  const full = join(root, path);
  if (!existsSync(full)) throw new UsageError(`cannot read the policy: ${full} does not exist`);
  return compilePolicyText(path, readCapped(full));
}

/** Compiles policy text, or a UsageError listing every fault as file:line: message. */
export function compilePolicyText(path: string, text: string): Policy {
  const result = loadPolicy(path, text);
  if (result.ok) return result.policy;
  const lines = result.errors.map((e) => `${result.file}:${e.line}: ${e.message}`);
  throw new UsageError(`the policy is invalid:\n${lines.join('\n')}`);
}
