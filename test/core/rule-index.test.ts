import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, type CompiledPattern } from '../../src/core/pattern.js';
import { buildRuleIndex, lastMatchLinear } from '../../src/core/rule-index.js';

function compileAll(sources: readonly string[]): CompiledPattern[] {
  return sources.map((source) => {
    const result = compilePattern(source);
    if (!result.ok) throw new Error(`${source}: ${result.reason}`);
    return result.pattern;
  });
}

const POLICY = [
  '*', // 0: catch-all
  'aws/', // 1
  'aws/prod/', // 2
  'aws/prod/payments-*', // 3
  'secrets', // 4
  'github/**/admin', // 5
  '**/logs', // 6
  '*.key', // 7
  'aws/prod/payments-db', // 8
  '*/staging/*', // 9
];

describe('buildRuleIndex', () => {
  const patterns = compileAll(POLICY);
  const index = buildRuleIndex(patterns);

  it.each([
    ['aws/prod/payments-db', 8, [0, 1, 2, 3, 8]],
    ['aws/prod/payments-api', 3, [0, 1, 2, 3]],
    ['aws/prod/payments-db/replica', 8, [0, 1, 2, 8]],
    ['aws/dev/db', 1, [0, 1]],
    ['k8s/prod/secrets/db', 4, [0, 4]],
    ['k8s/prod/secrets-old', 0, [0]],
    ['github/admin', 5, [0, 5]],
    ['github/org/team/admin', 5, [0, 5]],
    ['x/logs/a', 6, [0, 6]],
    ['vault/tls.key', 7, [0, 7]],
    ['gcp/staging/db', 9, [0, 9]],
    ['secrets/secrets/logs', 6, [0, 4, 6]],
    ['aws', 0, [0]],
  ])('%s resolves to rule %i and matches %j', (resource, last, all) => {
    expect(index.lastMatch(resource)).toBe(last);
    expect(index.allMatches(resource)).toEqual(all);
  });

  it('returns -1 and no matches when no rule matches', () => {
    const narrow = buildRuleIndex(compileAll(['aws/prod/', 'secrets', '*.key']));
    expect(narrow.lastMatch('gcp/dev/db')).toBe(-1);
    expect(narrow.allMatches('gcp/dev/db')).toEqual([]);
    expect(narrow.lastMatch('aws/prod')).toBe(-1);
  });

  it('returns -1 for an empty policy', () => {
    expect(buildRuleIndex([]).lastMatch('a')).toBe(-1);
  });

  it.each([
    [
      'a later rule wins over an earlier one for the same resource',
      ['aws/', 'aws/prod/'],
      'aws/prod/db',
      1,
    ],
    [
      'an earlier specific rule loses to a later general one',
      ['aws/prod/', 'aws/'],
      'aws/prod/db',
      1,
    ],
    ['a catch-all at index 0 loses to any later match', ['*', 'secrets'], 'k8s/secrets', 1],
    [
      'a catch-all at index 0 still answers when nothing else matches',
      ['*', 'secrets'],
      'k8s/config',
      0,
    ],
    ['a late catch-all wins over everything', ['secrets', 'aws/', '*'], 'aws/secrets', 2],
    ['an unanchored single segment matches at any depth', ['aws/', 'db'], 'aws/prod/db/replica', 1],
    ['an unanchored single segment needs the whole segment', ['aws/', 'db'], 'aws/prod/db-old', 0],
    ['a `**` rule matches across depths', ['github/', 'github/**/admin'], 'github/a/b/admin', 1],
    [
      'a `**` rule matches with nothing in between',
      ['github/', 'github/**/admin'],
      'github/admin',
      1,
    ],
    [
      'a leading `**` rule floats like an unanchored one',
      ['k8s/', '**/prod/secrets'],
      'k8s/prod/secrets/x',
      1,
    ],
    ['a repeated resource segment does not confuse the lookup', ['a', 'a/a'], 'a/a', 1],
  ])('%s', (_behaviour, sources, resource, expected) => {
    const rules = compileAll(sources);
    expect(buildRuleIndex(rules).lastMatch(resource)).toBe(expected);
    expect(lastMatchLinear(rules, resource)).toBe(expected);
  });

  it('lists each match once even when the resource repeats the segment a rule is keyed on', () => {
    const rules = compileAll(['x', 'a', '**/a/**/a']);
    expect(buildRuleIndex(rules).allMatches('a/a/a')).toEqual([1, 2]);
  });
});

const patternSegment = fc.constantFrom(
  'a',
  'b',
  'ab',
  'x-1',
  '*',
  '?',
  '**',
  'a*',
  '*b',
  '?b',
  'a**b',
);
const patternSource = fc
  .tuple(fc.boolean(), fc.array(patternSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(
    ([leading, segments, trailing]) =>
      `${leading ? '/' : ''}${segments.join('/')}${trailing ? '/' : ''}`,
  );
const resourceName = fc
  .array(fc.constantFrom('a', 'b', 'ab', 'x-1'), { minLength: 1, maxLength: 5 })
  .map((s) => s.join('/'));

describe('buildRuleIndex properties', () => {
  it('agrees with the linear scan on lastMatch and allMatches for random policies', () => {
    let resolved = 0;
    let lookups = 0;
    fc.assert(
      fc.property(
        fc.array(patternSource, { minLength: 1, maxLength: 60 }),
        fc.array(resourceName, { minLength: 1, maxLength: 10 }),
        (sources, resources) => {
          const rules = compileAll(sources);
          const index = buildRuleIndex(rules);
          for (const resource of resources) {
            const expected = lastMatchLinear(rules, resource);
            lookups++;
            if (expected >= 0) resolved++;
            expect(index.lastMatch(resource)).toBe(expected);
            expect(index.allMatches(resource)).toEqual(
              rules.flatMap((rule, i) => (rule.matches(resource) ? [i] : [])),
            );
          }
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
    expect(resolved / lookups).toBeGreaterThan(0.3);
    expect(resolved / lookups).toBeLessThan(0.99);
  });
});
