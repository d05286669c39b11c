import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { cutGrantItems } from '../../src/core/cut-items.js';

/** Joins lines, each ended by `\n`, so that blank lines and indentation stay visible in the tables. */
const lines = (...text: string[]): string => text.map((line) => `${line}\n`).join('');

function cut(source: string, indexes: number[]): string {
  const result = cutGrantItems(source, new Set(indexes));
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

function grantIds(text: string): unknown[] {
  const doc = parse(text, { version: '1.2', schema: 'core' }) as { grants: Array<{ id: unknown }> };
  return doc.grants.map((grant) => grant.id);
}

const THREE = lines(
  '# Access grants for the platform team.',
  'grants:',
  '  # Alice needs prod for the migration.',
  '  - id: a',
  '    identity: alice',
  '    # read is enough for now',
  '    access: read',
  '    expires: 2020-01-01 # the migration ended',
  '  # Bob is on call.',
  '  - id: b',
  '    identity: bob',
  '    expires: 2030-01-01',
  '  - id: c',
  '    identity: carol',
  '    expires: 2020-06-01',
  'version: 1',
);

describe('cutGrantItems on block sequences', () => {
  it.each([
    {
      name: 'removes the first grant with the comments above and inside it, keeping the comment above the next grant',
      source: THREE,
      remove: [0],
      expected: lines(
        '# Access grants for the platform team.',
        'grants:',
        '  # Bob is on call.',
        '  - id: b',
        '    identity: bob',
        '    expires: 2030-01-01',
        '  - id: c',
        '    identity: carol',
        '    expires: 2020-06-01',
        'version: 1',
      ),
    },
    {
      name: 'removes a middle grant with its comment and leaves the neighbours untouched',
      source: THREE,
      remove: [1],
      expected: lines(
        '# Access grants for the platform team.',
        'grants:',
        '  # Alice needs prod for the migration.',
        '  - id: a',
        '    identity: alice',
        '    # read is enough for now',
        '    access: read',
        '    expires: 2020-01-01 # the migration ended',
        '  - id: c',
        '    identity: carol',
        '    expires: 2020-06-01',
        'version: 1',
      ),
    },
    {
      name: 'removes the last grant and keeps the key that follows the sequence',
      source: THREE,
      remove: [2],
      expected: lines(
        '# Access grants for the platform team.',
        'grants:',
        '  # Alice needs prod for the migration.',
        '  - id: a',
        '    identity: alice',
        '    # read is enough for now',
        '    access: read',
        '    expires: 2020-01-01 # the migration ended',
        '  # Bob is on call.',
        '  - id: b',
        '    identity: bob',
        '    expires: 2030-01-01',
        'version: 1',
      ),
    },
    {
      name: 'takes a trailing same-line comment on the last value and deeper comments after it along with the item',
      source: lines(
        'grants:',
        '  - id: a',
        '    expires: 2020-01-01 # expired',
        '    # leftover note about a',
        '  - id: b',
      ),
      remove: [0],
      expected: lines('grants:', '  - id: b'),
    },
    {
      name: 'keeps a comment separated from the removed item by a blank line',
      source: lines(
        'grants:',
        '  - id: a',
        '',
        '  # section: contractors',
        '',
        '  - id: b',
        '',
        '  - id: c',
      ),
      remove: [1],
      expected: lines('grants:', '  - id: a', '', '  # section: contractors', '', '  - id: c'),
    },
    {
      name: 'keeps exactly one blank line when the removed item had one above and one below',
      source: lines('grants:', '  - id: a', '', '  - id: b', '', '  - id: c'),
      remove: [1],
      expected: lines('grants:', '  - id: a', '', '  - id: c'),
    },
    {
      name: 'keeps one blank line when several blank-separated items in a row are removed',
      source: lines('grants:', '  - id: a', '', '  - id: b', '', '', '  - id: c', '', '  - id: d'),
      remove: [1, 2],
      expected: lines('grants:', '  - id: a', '', '  - id: d'),
    },
    {
      name: 'does not glue two items together that the removed item separated by a blank line',
      source: lines('grants:', '  - id: a', '  - id: b', '', '  - id: c'),
      remove: [1],
      expected: lines('grants:', '  - id: a', '', '  - id: c'),
    },
    {
      name: 'drops the blank line that would otherwise hang under grants: when the first item goes',
      source: lines('grants:', '  - id: a', '', '  - id: b'),
      remove: [0],
      expected: lines('grants:', '  - id: b'),
    },
    {
      name: 'drops the blank line that would otherwise trail the list when the last item goes',
      source: lines('grants:', '  - id: a', '', '  - id: b', 'version: 1'),
      remove: [1],
      expected: lines('grants:', '  - id: a', 'version: 1'),
    },
    {
      name: 'keeps the blank line between the list and the next key when the last item goes',
      source: lines('grants:', '  - id: a', '', '  - id: b', '', 'version: 1'),
      remove: [1],
      expected: lines('grants:', '  - id: a', '', 'version: 1'),
    },
    {
      name: 'removes one-line flow-mapping items',
      source: lines(
        'grants:',
        '  - {id: a, expires: 2020-01-01}',
        '  - {id: b, expires: 2030-01-01} # keep',
        '  - {expires: "2020-02-02", id: c}',
      ),
      remove: [0, 2],
      expected: lines('grants:', '  - {id: b, expires: 2030-01-01} # keep'),
    },
    {
      name: 'removes items with folded and literal block scalars, including lines that look like comments',
      source: lines(
        'grants:',
        '  - id: a',
        '    purpose: >-',
        '      Folded text that spans',
        '      # several lines',
        '',
        '  - id: b',
        '    purpose: |',
        '      Literal text',
        '      # not a comment',
        '    expires: 2020-01-01',
        '  - id: c',
        '    purpose: |',
        '      kept text',
        '',
        '        indented',
      ),
      remove: [0, 1],
      expected: lines(
        'grants:',
        '  - id: c',
        '    purpose: |',
        '      kept text',
        '',
        '        indented',
      ),
    },
    {
      name: 'removes items with quoted dates, keys in any order and long lines',
      source: lines(
        'grants:',
        `  - expires: '2020-01-01'`,
        `    purpose: "${'a very long justification '.repeat(12).trim()}"`,
        '    id: "a"',
        `  - resource: org/repo`,
        `    id: 'b'`,
        '    expires: "2031-12-31"',
      ),
      remove: [0],
      expected: lines(
        'grants:',
        `  - resource: org/repo`,
        `    id: 'b'`,
        '    expires: "2031-12-31"',
      ),
    },
    {
      name: 'works on a sequence that is not indented under grants:',
      source: lines(
        'grants:',
        '# about a',
        '- id: a',
        '  expires: 2020-01-01',
        '# about b',
        '- id: b',
        '# end of list',
      ),
      remove: [0],
      expected: lines('grants:', '# about b', '- id: b', '# end of list'),
    },
    {
      name: 'keeps comments with tabs and leaves the top and bottom comments of the file alone',
      source: lines(
        '#\ttop',
        'grants:',
        '  #\tabout a',
        '  - id: a\t# tab\tcomment',
        '  - id: b',
        '#\tbottom',
      ),
      remove: [0],
      expected: lines('#\ttop', 'grants:', '  - id: b', '#\tbottom'),
    },
    {
      name: 'removes the last grant of a file that ends with it',
      source: lines('grants:', '  - id: a', '', '  - id: b', '    expires: 2020-01-01'),
      remove: [1],
      expected: lines('grants:', '  - id: a'),
    },
    {
      name: 'keeps the trailing blank lines of a kept keep-chomped literal, which belong to its value',
      source: lines('grants:', '  - id: a', '    purpose: |+', '      text', '', '  - id: b'),
      remove: [1],
      expected: lines('grants:', '  - id: a', '    purpose: |+', '      text', ''),
    },
  ])('$name', ({ source, remove, expected }) => {
    expect(cut(source, remove)).toBe(expected);
  });

  it('keeps a file that has no final line break without one', () => {
    expect(cut('grants:\n  - id: a\n  - id: b', [0])).toBe('grants:\n  - id: b');
  });

  it('keeps every line ending of a CRLF file as CRLF', () => {
    const source =
      'grants:\r\n  # about a\r\n  - id: a\r\n\r\n  - id: b\r\n    purpose: >-\r\n      x\r\n\r\n  - id: c\r\n';
    const expected = 'grants:\r\n  - id: b\r\n    purpose: >-\r\n      x\r\n\r\n  - id: c\r\n';
    const text = cut(source, [0]);
    expect(text).toBe(expected);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('preserves a BOM, the %YAML directive, the --- and ... markers and the comments around the document', () => {
    const source = '\uFEFF%YAML 1.2\n# top\n---\ngrants:\n  - id: a\n  - id: b\n...\n# bottom\n';
    expect(cut(source, [0])).toBe(
      '\uFEFF%YAML 1.2\n# top\n---\ngrants:\n  - id: b\n...\n# bottom\n',
    );
  });

  it.each([
    {
      name: 'replaces an indented sequence by [] on the grants: line, keeping its comment and the rest of the file',
      source: lines(
        '# top',
        'grants: # temporary access',
        '  # about a',
        '  - id: a',
        '',
        '  - id: b',
        '',
        'version: 1',
        '# bottom',
      ),
      expected: lines('# top', 'grants: [] # temporary access', '', 'version: 1', '# bottom'),
    },
    {
      name: 'replaces a non-indented sequence at the end of the file by []',
      source: lines('grants:', '- id: a', '- id: b'),
      expected: lines('grants: []'),
    },
    {
      name: 'drops the blank lines that only separated removed items from each other',
      source: lines('grants:', '  - id: a', '', '  - id: b', 'version: 1'),
      expected: lines('grants: []', 'version: 1'),
    },
    {
      name: 'keeps the blank line between grants: and the items, as the one separator left',
      source: lines('grants:', '', '  - id: a', 'version: 1'),
      expected: lines('grants: []', '', 'version: 1'),
    },
    {
      name: 'puts [] after an anchor and tag on the grants: line',
      source: lines('grants: &all !!seq', '  - id: a'),
      expected: lines('grants: &all !!seq []'),
    },
    {
      name: 'replaces the sequence of a CRLF file by [] without adding a LF',
      source: 'grants:\r\n  - id: a\r\nversion: 1\r\n',
      expected: 'grants: []\r\nversion: 1\r\n',
    },
  ])('when every grant is removed, $name', ({ source, expected }) => {
    const text = cut(source, [...grantIds(source).keys()]);
    expect(text).toBe(expected);
    expect(grantIds(text)).toEqual([]);
  });
});

describe('cutGrantItems on flow sequences', () => {
  it.each([
    {
      source: 'grants: [{id: a}, {id: b}, {id: c}]\n',
      remove: [0],
      expected: 'grants: [{id: b}, {id: c}]\n',
    },
    {
      source: 'grants: [{id: a}, {id: b}, {id: c}]\n',
      remove: [1],
      expected: 'grants: [{id: a}, {id: c}]\n',
    },
    {
      source: 'grants: [{id: a}, {id: b}, {id: c}]\n',
      remove: [2],
      expected: 'grants: [{id: a}, {id: b}]\n',
    },
    {
      source: 'grants: [{id: a}, {id: b}, {id: c}]\n',
      remove: [1, 2],
      expected: 'grants: [{id: a}]\n',
    },
    { source: 'grants: [ {id: a}, {id: b} ]\n', remove: [0, 1], expected: 'grants: [  ]\n' },
    { source: 'grants: [{id: a}, {id: b},]\n', remove: [1], expected: 'grants: [{id: a}, ]\n' },
    {
      source: lines(
        'grants: [',
        '  # about a',
        '  {id: a, expires: 2020-01-01},',
        '  {id: b,',
        '   expires: 2030-01-01}, # b',
        ']',
      ),
      remove: [0],
      expected: lines('grants: [', '  {id: b,', '   expires: 2030-01-01}, # b', ']'),
    },
    {
      source: lines('grants: [', '  {id: a}, # about a', '', '  {id: b} # about b', ']'),
      remove: [1],
      expected: lines('grants: [', '  {id: a} # about a', ']'),
    },
    {
      source: lines('grants: [{id: a}, # about a', '  {id: b}]'),
      remove: [0],
      expected: lines('grants: [', '  {id: b}]'),
    },
    {
      source: 'grants: [\r\n  {id: a},\r\n  {id: b}\r\n]\r\n',
      remove: [1],
      expected: 'grants: [\r\n  {id: a}\r\n]\r\n',
    },
  ])('removes $remove from $source and its adjacent comma', ({ source, remove, expected }) => {
    const text = cut(source, remove);
    expect(text).toBe(expected);
    const kept = grantIds(source).filter((_, index) => !remove.includes(index));
    expect(grantIds(text)).toEqual(kept);
  });
});

describe('cutGrantItems refusals', () => {
  it('returns the source unchanged for an empty set of indexes', () => {
    expect(cutGrantItems(THREE, new Set())).toEqual({ ok: true, text: THREE });
  });

  it.each([
    { name: 'an index past the end', source: THREE, remove: [3] },
    { name: 'a negative index', source: THREE, remove: [-1] },
    { name: 'a fractional index', source: THREE, remove: [0.5] },
    {
      name: 'a file without a grants key',
      source: lines('version: 1', 'other:', '  - id: a'),
      remove: [0],
    },
    {
      name: 'a grants key that is not a sequence',
      source: lines('grants:', '  id: a'),
      remove: [0],
    },
    { name: 'a file that is a bare sequence', source: lines('- id: a'), remove: [0] },
    {
      name: 'a file that does not parse',
      source: lines('grants:', '  - id: a', ' bad: [unclosed'),
      remove: [0],
    },
    {
      name: 'a cut that would orphan an alias, caught by the re-parse check',
      source: lines(
        'grants:',
        '  - id: a',
        '    owners: &team [kim]',
        '  - id: b',
        '    owners: *team',
      ),
      remove: [0],
    },
  ])('is not ok for $name', ({ source, remove }) => {
    const result = cutGrantItems(source, new Set(remove));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toBe('');
  });
});

// The generated files are built from parts so that the expected output can be assembled from the same parts.
type Item = { id: string; text: string };
type GeneratedFile = {
  head: string;
  gaps: string[];
  items: Item[];
  footer: string;
  keep: boolean[];
  eol: string;
};

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const quoted = (value: string): fc.Arbitrary<string> =>
  fc.constantFrom(value, `'${value}'`, `"${value}"`);
const comment = fc.stringMatching(/^[a-z \t]{0,12}$/).map((text) => `# ${text}`.trimEnd());

function itemArbitrary(id: string, indent: string): fc.Arbitrary<string> {
  const inner = `${indent}  `;
  const fields = fc
    .tuple(
      word.map((value) => [`identity: ${value}`]),
      quoted('2020-01-01').map((value) => [`expires: ${value}`]),
      fc
        .tuple(
          fc.constantFrom('|', '>-', '>'),
          fc.array(fc.constantFrom('text', '# not a comment', 'more words'), {
            minLength: 1,
            maxLength: 3,
          }),
        )
        .map(([style, body]) => [`purpose: ${style}`, ...body.map((line) => `  ${line}`)]),
    )
    .chain((all) => fc.shuffledSubarray(all));
  const block = fc
    .record({
      lead: fc.array(comment, { maxLength: 2 }),
      idField: quoted(id).map((value) => [`id: ${value}`]),
      fields,
      innerComment: fc.option(comment),
      sameLine: fc.option(comment),
      tail: fc.option(comment),
      position: fc.nat(),
    })
    .map(({ lead, idField, fields, innerComment, sameLine, tail, position }) => {
      const all = [...fields];
      all.splice(position % (all.length + 1), 0, idField);
      // Between fields only: a comment line inside a block scalar would end it.
      if (innerComment !== null) all.splice(1 + (position % all.length), 0, [innerComment]);
      const body = all.flat();
      const last = body.length - 1;
      if (sameLine !== null && !(body[last] ?? '').startsWith('#'))
        body[last] = `${body[last]} ${sameLine}`;
      const itemLines = body.map((line, index) => `${index === 0 ? `${indent}- ` : inner}${line}`);
      if (tail !== null) itemLines.push(`${inner}${tail}`);
      return [...lead.map((text) => `${indent}${text}`), ...itemLines]
        .map((line) => `${line}\n`)
        .join('');
    });
  const flow = fc
    .tuple(quoted(id), quoted('2020-01-01'), fc.option(comment))
    .map(
      ([idValue, expires, sameLine]) =>
        `${indent}- {id: ${idValue}, expires: ${expires}}${sameLine === null ? '' : ` ${sameLine}`}\n`,
    );
  return fc.oneof(block, flow);
}

const blankGap = fc
  .array(fc.constantFrom('\n', '  \n'), { maxLength: 2 })
  .map((gap) => gap.join(''));

const blockFile: fc.Arbitrary<GeneratedFile> = fc
  .record({
    indent: fc.constantFrom('', '  '),
    count: fc.integer({ min: 1, max: 8 }),
    bom: fc.boolean(),
    directive: fc.boolean(),
    top: fc.option(comment),
    keyComment: fc.option(comment),
    footer: fc.constantFrom('', 'version: 1\n', '# bottom\n', '...\n'),
    eol: fc.constantFrom('\n', '\r\n'),
  })
  .chain((shape) =>
    fc
      .record({
        items: fc.tuple(
          ...Array.from({ length: shape.count }, (_, i) => itemArbitrary(`g${i}`, shape.indent)),
        ),
        gaps: fc.array(blankGap, { minLength: shape.count + 1, maxLength: shape.count + 1 }),
        keep: fc.array(fc.boolean(), { minLength: shape.count, maxLength: shape.count }),
      })
      .map(({ items, gaps, keep }) => ({
        head: [
          shape.bom ? '\uFEFF' : '',
          shape.directive ? '%YAML 1.2\n---\n' : '',
          shape.top === null ? '' : `${shape.top}\n`,
          'grants:',
          shape.keyComment === null ? '' : ` ${shape.keyComment}`,
          '\n',
        ].join(''),
        gaps,
        items: items.map((text, i) => ({ id: `g${i}`, text })),
        footer: shape.footer,
        keep,
        eol: shape.eol,
      })),
  );

const firstNonEmpty = (gaps: string[]): string => gaps.find((gap) => gap !== '') ?? '';

/**
 * The documented blank-line rules, written independently of the implementation: between two kept items the
 * first non-empty gap of the removed stretch survives; below `grants:` the original gap stays; after the last
 * kept item the first non-empty gap survives only if the list was followed by a blank line; and with nothing
 * kept `[]` goes on the `grants:` line and the gap above the items (else the one below them) survives.
 */
function expectedBlockText(file: GeneratedFile): string {
  const { head, gaps, items, footer, keep } = file;
  const kept = items.flatMap((_, i) => (keep[i] ? [i] : []));
  const last = kept[kept.length - 1];
  if (last === undefined) {
    const gap = (gaps[0] ?? '') !== '' ? (gaps[0] ?? '') : (gaps[items.length] ?? '');
    return head.replace('grants:', 'grants: []') + gap + footer;
  }
  let text = head + (gaps[0] ?? '');
  kept.forEach((index, position) => {
    if (position > 0) text += firstNonEmpty(gaps.slice((kept[position - 1] ?? 0) + 1, index + 1));
    text += items[index]?.text ?? '';
  });
  const tailGaps = gaps.slice(last + 1);
  const closing = tailGaps[tailGaps.length - 1] ?? '';
  text += last === items.length - 1 || closing !== '' ? firstNonEmpty(tailGaps) : '';
  return text + footer;
}

const withEol = (text: string, eol: string): string => text.replaceAll('\n', eol);

function sourceOf(file: GeneratedFile): string {
  const body = file.items.map((item, i) => (file.gaps[i] ?? '') + item.text).join('');
  return file.head + body + (file.gaps[file.items.length] ?? '') + file.footer;
}

describe('cutGrantItems properties', () => {
  it('cuts exactly the removed items, with the documented blank-line rules, from generated block files', () => {
    fc.assert(
      fc.property(blockFile, (file) => {
        const source = withEol(sourceOf(file), file.eol);
        const removed = file.keep.flatMap((keep, i) => (keep ? [] : [i]));
        const result = cutGrantItems(source, new Set(removed));
        expect(result).toEqual({ ok: true, text: withEol(expectedBlockText(file), file.eol) });
        if (!result.ok) return;
        const keptIds = file.items.filter((_, i) => file.keep[i]).map((item) => item.id);
        expect(grantIds(result.text)).toEqual(keptIds);
        for (const [i, item] of file.items.entries()) {
          if (file.keep[i]) expect(result.text).toContain(withEol(item.text, file.eol));
        }
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });

  const flowFile = fc.record({
    items: fc
      .integer({ min: 1, max: 6 })
      .chain((count) =>
        fc.tuple(
          ...Array.from({ length: count }, (_, i) =>
            fc
              .tuple(quoted(`g${i}`), quoted('2020-01-01'))
              .map(([id, expires]) => `{id: ${id}, expires: ${expires}}`),
          ),
        ),
      ),
    layout: fc.constantFrom('inline', 'lines', 'lines-trailing-comma'),
    eol: fc.constantFrom('\n', '\r\n'),
    seed: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  });

  const flowText = (items: string[], layout: string): string => {
    if (layout === 'inline') return `grants: [${items.join(', ')}]\n`;
    if (items.length === 0) return 'grants: [\n]\n';
    if (layout === 'lines')
      return `grants: [\n${items.map((item) => `  ${item}`).join(',\n')}\n]\n`;
    return `grants: [\n${items.map((item) => `  ${item},\n`).join('')}]\n`;
  };

  it('cuts exactly the removed items and their commas from generated flow sequences', () => {
    fc.assert(
      fc.property(flowFile, ({ items, layout, eol, seed }) => {
        const keep = items.map((_, i) => seed[i] ?? true);
        const source = withEol(flowText(items, layout), eol);
        const removed = keep.flatMap((kept, i) => (kept ? [] : [i]));
        const result = cutGrantItems(source, new Set(removed));
        expect(result).toEqual({
          ok: true,
          text: withEol(
            flowText(
              items.filter((_, i) => keep[i]),
              layout,
            ),
            eol,
          ),
        });
        if (result.ok)
          expect(grantIds(result.text)).toEqual(
            items.flatMap((_, i) => (keep[i] ? [`g${i}`] : [])),
          );
      }),
      { seed: 20240611, numRuns: 200 },
    );
  });
});

describe('cutGrantItems on large files', () => {
  it('removes every other grant of a file with thousands of grants', () => {
    const count = 3000;
    const grant = (i: number): string =>
      lines(`  # grant ${i}`, `  - id: g${i}`, `    expires: '2020-01-01'`, '');
    const source = `grants:\n${Array.from({ length: count }, (_, i) => grant(i)).join('')}`;
    const removed = Array.from({ length: count / 2 }, (_, i) => 2 * i);
    const expected = `grants:\n${Array.from({ length: count / 2 }, (_, i) => grant(2 * i + 1)).join('')}`;
    expect(cut(source, removed)).toBe(expected);
  });
});
