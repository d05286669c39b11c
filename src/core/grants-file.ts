// Parses one grants file: YAML into located grants, each checked against the grant schema.
import { grantSchema, type Grant } from './grant-schema.js';
import { problem, type Problem } from './problems.js';
import { parseInstant } from './time.js';
import { toPlain, type YMap, type YNode } from './yaml-tree.js';
import { parseYamlTree } from './yaml-tree.js';
import { issuesToProblems } from './zod-problems.js';

/** One grant as written in a file, with what the schema found wrong with it. */
export interface GrantRecord {
  /** the id as written; empty when the item has no usable id */
  id: string;
  file: string;
  /** line of the grant's first key */
  line: number;
  /** position of the item in the file's grants sequence */
  index: number;
  /** the item's data as plain values */
  value: Record<string, unknown>;
  /** the typed grant when the schema accepts it */
  grant: Grant | undefined;
  /** instant of `expires` (ms) when it parses */
  expiresAt: number | undefined;
  /** schema problems */
  problems: Problem[];
  node: YMap;
}

export interface GrantsFile {
  path: string;
  grants: GrantRecord[];
  /** file-level problems: the file as a whole cannot be read as a grants file */
  problems: Problem[];
}

/** The keys a grant may hold, from the schema (for "did you mean" hints). */
const GRANT_KEYS = Object.keys(grantSchema().shape);
/** Non-human identity kinds, which need an accountable owner. */
const NEEDS_OWNER = new Set(['service-account', 'bot', 'workload']);
const NESTED_KEYS: Record<string, readonly string[]> = {
  exception: ['rationale'],
  emergency: ['rationale', 'incident'],
};

/** Parses and schema-checks a grants file against the policy's access levels. */
export function parseGrantsFile(
  path: string,
  text: string,
  accessLevels: readonly string[],
): GrantsFile {
  const parsed = parseYamlTree(text);
  if (!parsed.ok) {
    const code = parsed.reason === 'too-large' ? 'file-too-large' : 'yaml-syntax';
    return {
      path,
      grants: [],
      problems: [problem(code, `${path} ${parsed.message}`, path, parsed.line)],
    };
  }
  const root = parsed.root;
  if (root === null) return { path, grants: [], problems: [] };
  const shape = fileShape(path, root);
  if ('problem' in shape) return { path, grants: [], problems: [shape.problem] };
  const schema = grantSchema(accessLevels);
  const problems: Problem[] = [];
  const grants: GrantRecord[] = [];
  shape.items.forEach((item, index) => {
    if (item.kind === 'map') grants.push(checkGrant(path, item, index, schema));
    else
      problems.push(
        problem(
          'invalid-field',
          'each item under grants must be a mapping of fields',
          path,
          item.line,
        ),
      );
  });
  return { path, grants, problems };
}

function fileShape(path: string, root: YNode): { items: YNode[] } | { problem: Problem } {
  if (root.kind !== 'map') {
    return {
      problem: problem(
        'invalid-field',
        `${path} must be a mapping with one key, grants`,
        path,
        root.line,
      ),
    };
  }
  for (const e of root.entries) {
    if (e.key !== 'grants') {
      return {
        problem: problem(
          'unknown-field',
          `unknown top-level key ${e.key}; a grants file holds only grants`,
          path,
          e.keyLine,
        ),
      };
    }
  }
  const list = root.entries[0]?.value;
  if (list === undefined || (list.kind === 'scalar' && list.value === null)) return { items: [] };
  if (list.kind !== 'seq') {
    return {
      problem: problem(
        'invalid-field',
        'grants must be a list of grants',
        path,
        root.entries[0]!.keyLine,
      ),
    };
  }
  return { items: list.items };
}

function checkGrant(
  path: string,
  node: YMap,
  index: number,
  schema: ReturnType<typeof grantSchema>,
): GrantRecord {
  const value = toPlain(node) as Record<string, unknown>;
  const result = schema.safeParse(value);
  const problems = result.success
    ? []
    : issuesToProblems(result.error.issues, value, node, path, (p) =>
        p.length === 0 ? GRANT_KEYS : (NESTED_KEYS[String(p[0])] ?? []),
      );
  const type = value['identity_type'];
  if (typeof type === 'string' && NEEDS_OWNER.has(type) && value['owner'] === undefined) {
    problems.push(
      problem('missing-field', `owner is required for a ${type} identity`, path, node.line),
    );
  }
  if (value['exception'] !== undefined && value['emergency'] !== undefined) {
    const at = node.entries.find((e) => e.key === 'emergency')!.keyLine;
    problems.push(
      problem('invalid-field', 'a grant has exception or emergency, never both', path, at),
    );
  }
  problems.sort((a, b) => a.line - b.line);
  const id = typeof value['id'] === 'string' ? value['id'] : '';
  const expires = value['expires'];
  return {
    id,
    file: path,
    line: node.line,
    index,
    value,
    grant: problems.length === 0 && result.success ? result.data : undefined,
    expiresAt: typeof expires === 'string' ? parseInstant(expires) : undefined,
    problems,
    node,
  };
}
