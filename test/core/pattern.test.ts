import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, type CompiledPattern } from '../../src/core/pattern.js';

function compiled(source: string): CompiledPattern {
  const result = compilePattern(source);
  if (!result.ok) throw new Error(`${source}: ${result.reason}`);
  return result.pattern;
}

describe('compilePattern matching', () => {
  it.each([
    // Spec examples, verbatim.
    ['secrets', 'k8s/prod/secrets', true],
    ['secrets', 'k8s/prod/secrets/db', true],
    ['secrets', 'k8s/prod/secrets-old', false],
    ['docs/*', 'docs/a', true],
    ['docs/*', 'docs/a/b', false],
    ['logs/', 'x/logs/a', true],
    ['logs/', 'x/logs', false],
    ['github/**/admin', 'github/admin', true],
    ['github/**/admin', 'github/a/b/admin', true],
    ['*', 'a', true],
    ['*', 'aws/prod/payments-db', true],
    ['aws/prod/', 'aws/prod/payments-db', true],
    ['aws/prod/', 'aws/prod', false],
    ['/db/prod/', 'db/prod/main', true],
    ['/db/prod/', 'db/prod', false],
    ['/db/prod/', 'x/db/prod/main', false],
    ['aws/prod/payments-*', 'aws/prod/payments-db', true],
    ['aws/prod/payments-*', 'aws/prod/payments-db/x', false],
    // Anchoring.
    ['secrets', 'secrets', true],
    ['secrets/', 'k8s/secrets/db', true],
    ['/secrets', 'secrets/db', true],
    ['/secrets', 'k8s/secrets', false],
    ['aws/prod', 'aws/prod/db', true],
    ['aws/prod', 'x/aws/prod', false],
    ['github/**/admin', 'x/github/admin', false],
    ['*/b', 'a/b', true],
    ['*/b', 'x/a/b', false],
    // `*` and `?` stay inside one segment.
    ['a*c', 'abc', true],
    ['a*c', 'a/c', false],
    ['a*c', 'x/abbbc', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'a/c', false],
    ['?', 'x/a', true],
    ['?', 'a/xy', false],
    ['aws/*/db', 'aws/prod/db', true],
    ['aws/*/db', 'aws/prod/eu/db', false],
    // A literal last segment also matches below; a wildcard one only the whole resource.
    ['github/**/admin', 'github/a/admin/x', true],
    ['aws/prod/payments', 'aws/prod/payments-db', false],
    ['aws/prod/payments-*', 'aws/prod/payments', false],
    ['docs/*', 'docs', false],
    // `**` as a whole segment.
    ['a/**/b/**/c', 'a/b/c', true],
    ['a/**/b/**/c', 'a/x/b/y/z/c', true],
    ['a/**/b/**/c', 'a/c/b', false],
    ['**/logs', 'logs', true],
    ['**/logs', 'a/b/logs', true],
    ['**/logs', 'a/logs/x', true],
    ['**/logs', 'a/logs-old', false],
    ['/**/foo', 'x/foo', true],
    ['**/**/foo', 'foo', true],
    ['a/**', 'a', false],
    ['a/**', 'a/b', true],
    ['a/**', 'a/b/c', true],
    ['a/**', 'b/a/c', false],
    ['a/**/', 'a/b', false],
    ['a/**/', 'a/b/c', true],
    ['**', 'a', true],
    ['**', 'a/b/c', true],
    // `**` sharing its segment with other characters is an ordinary `*`.
    ['a**b', 'axyb', true],
    ['a**b', 'ab', true],
    ['a**b', 'a/b', false],
    ['a**b', 'a/x/b', false],
    ['x/a**', 'x/abc', true],
    ['x/a**', 'x/abc/d', false],
    // A trailing `/` means strictly below, also after a wildcard.
    ['docs/*/', 'docs/a', false],
    ['docs/*/', 'docs/a/b', true],
    ['*/', 'a', false],
    ['*/', 'a/b', true],
    // Case-sensitive.
    ['Secrets', 'k8s/secrets', false],
    ['secrets', 'k8s/Secrets', false],
    ['AWS/prod', 'aws/prod/db', false],
    ['*.JS', 'app.js', false],
    // GitHub's documented CODEOWNERS examples, applied to resources.
    ['*.js', 'app.js', true],
    ['*.js', 'src/app.js', true],
    ['*.js', 'src/app.jsx', false],
    ['*.js', 'app.js/x', false],
    ['/build/logs/', 'build/logs/a', true],
    ['/build/logs/', 'build/logs/a/b', true],
    ['/build/logs/', 'build/logs', false],
    ['/build/logs/', 'x/build/logs/a', false],
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['docs/*', 'x/docs/a', false],
    ['apps/', 'apps/a', true],
    ['apps/', 'x/apps/a/b', true],
    ['apps/', 'apps', false],
    ['/docs/', 'docs/a', true],
    ['/docs/', 'x/docs/a', false],
    ['/scripts/', 'scripts/deploy.sh', true],
    ['/scripts/', 'x/scripts/deploy.sh', false],
    ['**/logs', 'build/logs', true],
    ['**/logs', 'deeply/nested/logs/x', true],
    ['/apps/github', 'apps/github', true],
    ['/apps/github', 'apps/github/x', true],
    ['/apps/github', 'x/apps/github', false],
    ['/apps/github', 'apps/github-old', false],
  ] as const)('%s against %s matches: %s', (source, resource, expected) => {
    const pattern = compiled(source);
    expect(pattern.matches(resource)).toBe(expected);
    expect(pattern.matchesSegments(resource.split('/'))).toBe(expected);
  });
});

describe('compilePattern shape', () => {
  it.each([
    ['aws/prod/payments-*', true, ['aws', 'prod']],
    ['/db/prod/', true, ['db', 'prod']],
    ['aws/prod', true, ['aws', 'prod']],
    ['/secrets', true, ['secrets']],
    ['github/**/admin', true, ['github']],
    ['*/x', true, []],
    ['secrets', false, []],
    ['logs/', false, []],
    ['**/logs', false, []],
    ['/**/logs', false, []],
    ['*', false, []],
  ] as const)('%s is anchored: %s with literal prefix %j', (source, anchored, prefix) => {
    const pattern = compiled(source);
    expect(pattern.source).toBe(source);
    expect(pattern.anchored).toBe(anchored);
    expect(pattern.literalPrefix).toEqual(prefix);
  });

  it.each([
    ['github/**/admin', ['github', 'admin']],
    ['secrets', ['secrets']],
    ['a/*/a', ['a']],
    ['*.js', []],
  ] as const)('%s requires the literal segments %j', (source, required) => {
    expect(compiled(source).requiredSegments).toEqual(required);
  });
});

describe('compilePattern rejection', () => {
  it.each([
    ['!x', /negation/],
    ['a/!x', /negation/],
    ['a/[ab]', /ranges/],
    ['a\\*', /escapes/],
    ['', /empty/],
    ['a b', /whitespace/],
    ['a/\tb', /whitespace/],
    ['a//b', /empty segment/],
    ['//a', /empty segment/],
    ['a//', /empty segment/],
    ['a/../b', /'\.\.'/],
    ['./a', /'\.'/],
    ['/', /'\/' alone/],
    ['***', /ambiguous/],
    ['a/****/b', /ambiguous/],
    ['a#b', /character '#'/],
    ['{a,b}', /character '\{'/],
  ] as const)('%j is invalid because it matches %s', (source, reason) => {
    const result = compilePattern(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('compilePattern cost', () => {
  it.each([
    ['a star-heavy glob', '*a*a*a*a*b', `x/${'a'.repeat(100_000)}`],
    ['alternating ? and * in one segment', '?*?*?*?*?*?*?*?*b', 'a'.repeat(100_000)],
    ['200 stacked ** segments', `${'**/'.repeat(200)}b`, `${'a/'.repeat(5_000)}a`],
    ['50 literal and ** pairs', `${'a/**/'.repeat(50)}b`, `${'a/'.repeat(5_000)}a`],
  ])(
    '%s against a long resource answers without backtracking blow-up',
    (_label, source, resource) => {
      const pattern = compiled(source);
      const started = performance.now();
      expect(pattern.matches(resource)).toBe(false);
      expect(performance.now() - started).toBeLessThan(1_000);
    },
  );
});

// Deliberately literal reference: the rules as one regular expression over the whole resource.
function referenceMatches(source: string, resource: string): boolean {
  const leading = source.startsWith('/');
  const trailing = source.endsWith('/');
  const segments = source.slice(leading ? 1 : 0, trailing ? -1 : undefined).split('/');
  const anchored = leading || segments.length > 1;
  const last = segments[segments.length - 1] ?? '';
  let re = anchored ? '^' : '^(?:.*/)?';
  segments.forEach((segment, i) => {
    const isLast = i === segments.length - 1;
    if (segment === '**') {
      re += isLast ? '[^/].*' : '(?:[^/]+/)*';
    } else {
      const glob = segment
        .replace(/\*+/g, '*')
        .split('')
        .map((ch) =>
          ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+\-^$(){}|[\]\\]/g, '\\$&'),
        )
        .join('');
      re += isLast ? glob : `${glob}/`;
    }
  });
  re += trailing ? '/.+' : /[*?]/.test(last) ? '' : '(?:/.+)?';
  return new RegExp(`${re}$`).test(resource);
}

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
  '*-1',
);
const patternSource = fc
  .tuple(fc.boolean(), fc.array(patternSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(
    ([leading, segments, trailing]) =>
      `${leading ? '/' : ''}${segments.join('/')}${trailing ? '/' : ''}`,
  );
const resourceSegment = fc.constantFrom('a', 'b', 'ab', 'x-1');
const resourceName = fc
  .array(resourceSegment, { minLength: 1, maxLength: 4 })
  .map((s) => s.join('/'));

// A resource shaped like the pattern (wildcards filled in, maybe a segment added either side), so
// that a good share of cases match or only just miss.
function resembling(
  source: string,
  [fill, before, after]: readonly [string, boolean, boolean],
): string {
  const segments = source
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s === '**' ? fill : s.replace(/\*+/g, '').replace(/\?/g, 'a') || fill));
  return [...(before ? [fill] : []), ...segments, ...(after ? [fill] : [])].join('/');
}
const patternAndResource = fc
  .tuple(
    patternSource,
    resourceName,
    fc.option(fc.tuple(resourceSegment, fc.boolean(), fc.boolean())),
  )
  .map(
    ([source, random, shape]) =>
      [source, shape === null ? random : resembling(source, shape)] as const,
  );

describe('compilePattern properties', () => {
  it('agrees with a literal regular-expression reference on random patterns and resources', () => {
    let runs = 0;
    let hits = 0;
    fc.assert(
      fc.property(patternAndResource, ([source, resource]) => {
        const expected = referenceMatches(source, resource);
        runs++;
        if (expected) hits++;
        expect(compiled(source).matches(resource)).toBe(expected);
      }),
      { seed: 42, numRuns: 2000 },
    );
    expect(hits / runs).toBeGreaterThan(0.15);
    expect(hits / runs).toBeLessThan(0.85);
  });

  it('never throws and either compiles or gives a reason, for arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '/', '*', '?', '.', '!', ' ', '[', '\\', '#') }),
        (source) => {
          const result = compilePattern(source);
          if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});
