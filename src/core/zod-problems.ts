// Turns zod issues into problems that name a field, a code and a line.
import type { z } from 'zod';
import { problem, type Problem, type ProblemCode } from './problems.js';
import { closest } from './suggest.js';
import { lineAt, type YNode } from './yaml-tree.js';

/** Maps zod issues on `node` to problems; `known` lists the valid keys for "did you mean" hints. */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
  node: YNode,
  file: string,
  known: (path: readonly PropertyKey[]) => readonly string[],
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = closest(key, known(issue.path));
        const where = issue.path.length ? `${issue.path.join('.')}.` : '';
        out.push(
          problem(
            'unknown-field',
            `unknown field ${where}${key}${hint ? ` (did you mean ${hint}?)` : ''}`,
            file,
            lineAt(node, [...issue.path, key]),
          ),
        );
      }
      continue;
    }
    const present = valueAt(value, issue.path);
    const missing = present === undefined || present === null;
    const code: ProblemCode = missing ? 'missing-field' : 'invalid-field';
    const name = issue.path.join('.');
    const message = missing
      ? `${name} is required${present === null ? ' but has no value' : ''}`
      : issue.message;
    // A missing field points at the grant's first line; one present without a value at its key.
    const line =
      present === undefined ? lineAt(node, issue.path.slice(0, -1)) : lineAt(node, issue.path);
    out.push(problem(code, message, file, line));
  }
  return out;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, step) ? (v as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return v;
}
