import { describe, expect, it } from 'vitest';
import { lineAt, parseYamlTree, type YMap, type YNode } from '../../src/core/yaml-tree.js';
import { lines } from './fixtures.js';

function tree(text: string): YNode {
  const parsed = parseYamlTree(text);
  if (!parsed.ok) throw new Error(`${parsed.reason}: ${parsed.message} (line ${parsed.line})`);
  if (parsed.root === null) throw new Error('empty document');
  return parsed.root;
}

/** The scalar value under a top-level key. */
function scalarAt(text: string, key: string): unknown {
  const root = tree(text) as YMap;
  const e = root.entries.find((x) => x.key === key);
  if (!e || e.value.kind !== 'scalar') throw new Error(`no scalar ${key}`);
  return e.value.value;
}

const NESTED = lines(
  '# a comment',
  'grants:',
  '  - id: a',
  '    exception:',
  '      rationale: because',
  '',
  '  - id: b',
  '    access: read',
);

describe('parseYamlTree locates every node', () => {
  it.each([
    [['grants'], 2],
    [['grants', 0], 3],
    [['grants', 0, 'id'], 3],
    [['grants', 0, 'exception'], 4],
    [['grants', 0, 'exception', 'rationale'], 5],
    [['grants', 1], 7],
    [['grants', 1, 'access'], 8],
  ] as const)('the value at %j is on line %i', (path, line) => {
    expect(lineAt(tree(NESTED), path)).toBe(line);
  });

  it('points a path that stops existing at the deepest node that exists', () => {
    expect(lineAt(tree(NESTED), ['grants', 1, 'purpose'])).toBe(7);
  });

  it.each([
    ['CRLF line ends', NESTED.replace(/\n/g, '\r\n')],
    ['a byte order mark', `\uFEFF${NESTED}`],
    ['a byte order mark and CRLF', `\uFEFF${NESTED.replace(/\n/g, '\r\n')}`],
  ])('keeps the same lines with %s', (_name, text) => {
    expect(lineAt(tree(text), ['grants', 0, 'exception', 'rationale'])).toBe(5);
    expect(lineAt(tree(text), ['grants', 1, 'access'])).toBe(8);
  });

  it('does not read a byte order mark into the first key', () => {
    const root = tree('\uFEFFversion: 1\n') as YMap;
    expect(root.entries.map((e) => e.key)).toEqual(['version']);
  });

  it('accepts a tab between a key and its value', () => {
    expect(scalarAt('id:\tabc\n', 'id')).toBe('abc');
  });
});

describe('parseYamlTree reads YAML 1.2 core schema', () => {
  // Spec: "YAML is read as YAML 1.2 core schema: `expires: 2026-12-20` is the string
  // "2026-12-20", and `on`/`no` are strings."
  it.each([
    ['2026-12-20', '2026-12-20'],
    ['2026-12-20T10:00:00Z', '2026-12-20T10:00:00Z'],
    ['on', 'on'],
    ['off', 'off'],
    ['no', 'no'],
    ['yes', 'yes'],
    ['y', 'y'],
    ['n', 'n'],
    ['On', 'On'],
    ['NO', 'NO'],
    ['1_000', '1_000'],
    ['0b101', '0b101'],
    ['12:30', '12:30'],
    ['true', true],
    ['false', false],
    ['~', null],
    ['null', null],
    ['42', 42],
  ] as const)('reads the plain scalar %s as %j', (source, expected) => {
    expect(scalarAt(`v: ${source}\n`, 'v')).toBe(expected);
  });

  it.each([
    ['yes', 'yes'],
    ['no', 'no'],
    ['on', 'on'],
    ['off', 'off'],
    ['2026-12-20', '2026-12-20'],
  ])('a %%YAML 1.1 directive does not change how %s is read', (source, expected) => {
    // A %YAML directive is legal YAML; the file is still read as YAML 1.2 core.
    expect(scalarAt(`%YAML 1.1\n---\nv: ${source}\n`, 'v')).toBe(expected);
  });

  it('returns no root for an empty text or a text of comments', () => {
    expect(parseYamlTree('')).toEqual({ ok: true, root: null });
    expect(parseYamlTree('# nothing here\n\n')).toEqual({ ok: true, root: null });
  });
});

describe('parseYamlTree refuses what a grants file or a policy has no use for', () => {
  it.each([
    ['an anchor', lines('a: 1', 'b: &x 2', 'c: 3'), 2],
    ['an alias', lines('a: &x 1', 'b: *x'), [1, 2]],
    ['an explicit standard tag', lines('a: 1', 'expires: !!str 2026-12-20'), 2],
    ['an explicit timestamp tag', lines('a: 1', 'b: 2', 'expires: !!timestamp 2026-12-20'), 3],
    ['a local tag', lines('a: !secret x'), 1],
    ['several documents', lines('a: 1', '---', 'b: 2'), [2, 3]],
    ['a duplicate key', lines('a: 1', 'b: 2', 'a: 3'), 3],
    ['a duplicate key in a nested map', lines('grants:', '  - id: x', '    id: y'), 3],
    ['an unclosed quote', lines('a: 1', 'b: "open', 'c: 3'), 2],
    ['tab indentation', lines('grants:', '\t- id: a'), 2],
    ['a bad indentation', lines('a:', '  b: 1', ' c: 2'), 3],
  ] as Array<[string, string, number | number[]]>)(
    'refuses %s as a syntax error on its line',
    (_name, text, line) => {
      const parsed = parseYamlTree(text);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.reason).toBe('syntax');
      expect(parsed.message).not.toBe('');
      expect(typeof line === 'number' ? [line] : line).toContain(parsed.line);
    },
  );

  it('refuses an alias bomb quickly', () => {
    const bomb = lines(
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    );
    const started = performance.now();
    const parsed = parseYamlTree(bomb);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parsed.ok).toBe(false);
  });

  it.each([
    ['flow sequences', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['flow mappings', (n: number) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`],
  ])('refuses 100,000 nested %s without crashing', (_name, build) => {
    let parsed: ReturnType<typeof parseYamlTree> | undefined;
    expect(() => {
      parsed = parseYamlTree(`grants: ${build(100_000)}\n`);
    }).not.toThrow();
    expect(parsed?.ok).toBe(false);
  });

  it('reads a text of exactly 1 MiB and refuses one byte more as too large', () => {
    const head = 'a: 1\n#';
    const exact = head + 'x'.repeat(1024 * 1024 - head.length - 1) + '\n';
    expect(Buffer.byteLength(exact)).toBe(1024 * 1024);
    expect(parseYamlTree(exact).ok).toBe(true);
    const over = parseYamlTree(`${exact}#`);
    expect(over).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('measures the 1 MiB limit in UTF-8 bytes, not characters', () => {
    const text = `a: 1\n# ${'é'.repeat(600_000)}\n`; // 600k characters, 1.2 MB
    expect(text.length).toBeLessThan(1024 * 1024);
    expect(parseYamlTree(text)).toMatchObject({ ok: false, reason: 'too-large' });
  });
});
