// Reads YAML into a small located tree: every node and key keeps its 1-based line, so every
// problem can name one. The `yaml` package does the parsing; this layer refuses the YAML
// features a grants file or a policy has no use for (aliases, tags, several documents).
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
} from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

/** Files larger than this are not parsed at all. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type YNode = YScalar | YMap | YSeq;
interface Located {
  line: number;
}
export interface YScalar extends Located {
  kind: 'scalar';
  value: string | number | boolean | null;
}
export interface YEntry {
  key: string;
  keyLine: number;
  value: YNode;
}
export interface YMap extends Located {
  kind: 'map';
  entries: YEntry[];
}
export interface YSeq extends Located {
  kind: 'seq';
  items: YNode[];
}

export type ParsedYaml =
  | { ok: true; root: YNode | null }
  | { ok: false; reason: 'too-large' | 'syntax'; message: string; line: number };

class TreeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Parses YAML 1.2 (core schema forced) into a located tree, or says why and where it cannot. */
export function parseYamlTree(text: string): ParsedYaml {
  if (utf8Length(text) > MAX_FILE_BYTES) {
    return {
      ok: false,
      reason: 'too-large',
      message: `is larger than 1 MiB (${MAX_FILE_BYTES} bytes): split it`,
      line: 1,
    };
  }
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0) {
    return syntax(
      'holds bytes that are not valid UTF-8',
      text.slice(0, replaced).split('\n').length,
    );
  }
  const lines = new LineCounter();
  // Errors found at the end of input (an unclosed quote) name the last line that holds text.
  const lastLine = text.trimEnd().split('\n').length;
  const lineOf = (offset: number): number =>
    Math.min(lines.linePos(offset).line, Math.max(lastLine, 1));
  const docs = parseAllDocuments(text, {
    version: '1.2',
    schema: 'core',
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    keepSourceTokens: false,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const error = doc.errors[0] ?? doc.warnings[0];
    if (error)
      return syntax(describe(error.code, error.message), lineOf(errorStart(doc, error.pos[0])));
  }
  if (list.length > 1) {
    return syntax(
      'holds several YAML documents; a file holds exactly one',
      lineOf(list[1]!.range[0]),
    );
  }
  const contents = list[0]?.contents ?? null;
  if (contents === null) return { ok: true, root: null };
  try {
    return { ok: true, root: convert(contents as YamlNode, lineOf) };
  } catch (e) {
    if (e instanceof TreeError) return syntax(e.message, e.line);
    throw e;
  }
}

/**
 * Where an error begins: the start of the innermost scalar around its position, so that an
 * unclosed quote is reported where it opens rather than at the end of the file.
 */
function errorStart(doc: Document, pos: number): number {
  let start = pos;
  try {
    visit(doc, {
      Scalar(_key, node) {
        const [from, to] = node.range ?? [0, 0];
        if (from < pos && pos <= to) start = Math.min(start, from);
      },
    });
  } catch {
    // A document nested too deeply to walk keeps the position the parser gave.
  }
  return start;
}

function syntax(message: string, line: number): ParsedYaml {
  return { ok: false, reason: 'syntax', message, line };
}

function describe(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'RESOURCE_EXHAUSTION') return 'is nested too deeply or expands too much to read';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function utf8Length(text: string): number {
  // Cheap bound first: a UTF-16 unit never encodes to more than 3 bytes.
  if (text.length * 3 <= MAX_FILE_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function convert(node: YamlNode, lineOf: (offset: number) => number): YNode {
  // An explicit work stack instead of recursion: nesting depth comes from untrusted input.
  const root = shell(node, lineOf);
  const stack: Array<[YamlNode, YNode]> = [[node, root]];
  while (stack.length > 0) {
    const [src, out] = stack.pop()!;
    if (out.kind === 'map' && isMap(src)) {
      for (const pair of src.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        if (!key || !isScalar(key) || (key.value !== null && typeof key.value === 'object')) {
          throw new TreeError(
            'has a key that is not a plain value',
            key?.range ? lineOf(key.range[0]) : out.line,
          );
        }
        checkNode(key, lineOf);
        const keyLine = lineOf(key.range![0]);
        const valueNode = pair.value as YamlNode | null;
        const value: YNode = valueNode
          ? shell(valueNode, lineOf)
          : { kind: 'scalar', value: null, line: keyLine };
        out.entries.push({ key: String(key.value), keyLine, value });
        if (valueNode && value.kind !== 'scalar') stack.push([valueNode, value]);
      }
    } else if (out.kind === 'seq' && isSeq(src)) {
      for (const item of src.items) {
        const child = shell(item as YamlNode, lineOf);
        out.items.push(child);
        if (child.kind !== 'scalar') stack.push([item as YamlNode, child]);
      }
    }
  }
  return root;
}

function checkNode(node: YamlNode, lineOf: (offset: number) => number): void {
  const refused =
    isAlias(node) || node.anchor
      ? 'uses a YAML anchor or alias; write values out'
      : node.tag
        ? `uses the YAML tag ${node.tag}; tags are not allowed`
        : undefined;
  if (refused) throw new TreeError(refused, lineOf(node.range?.[0] ?? 0));
}

function shell(node: YamlNode, lineOf: (offset: number) => number): YNode {
  checkNode(node, lineOf);
  const line = lineOf(node.range?.[0] ?? 0);
  if (isMap(node)) return { kind: 'map', entries: [], line };
  if (isSeq(node)) return { kind: 'seq', items: [], line };
  if (isScalar(node)) {
    const v = node.value;
    if (v !== null && typeof v === 'object')
      throw new TreeError('holds a value of an unsupported type', line);
    return { kind: 'scalar', value: v as string | number | boolean | null, line };
  }
  throw new TreeError('holds a YAML node of an unsupported kind', line);
}

/** Converts a located node to plain data (null-prototype objects, so `__proto__` is just a key). */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = Object.create(null);
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}

/** The entry of a map with the given key, if any. */
export function entry(map: YMap, key: string): YEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/**
 * Line of the value at `path` (a key's line for map entries, an item's line for sequences);
 * where the path stops existing, the line of the deepest node that exists.
 */
export function lineAt(root: YNode, path: readonly PropertyKey[]): number {
  let node: YNode = root;
  let line = root.line;
  for (const step of path) {
    if (node.kind === 'map') {
      const e = entry(node, String(step));
      if (!e) return line;
      line = e.keyLine;
      node = e.value;
    } else if (node.kind === 'seq' && typeof step === 'number' && node.items[step]) {
      node = node.items[step]!;
      line = node.line;
    } else {
      return line;
    }
  }
  return line;
}
