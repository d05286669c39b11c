// Resource patterns: GitHub CODEOWNERS (gitignore) rules applied to slash-separated resources,
// segment by segment. The rules implemented:
// - A leading or inner `/` anchors the pattern at the root; otherwise it may start at any segment.
//   A leading `/` only anchors. A leading `**` segment un-anchors: `**/foo` is `foo`.
// - `*` and `?` never cross `/`. `**` alone in a segment spans zero or more segments, except
//   trailing, where it spans one or more: `a/**` is everything strictly below `a` (gitignore).
//   `**` with other characters in its segment (`a**b`) is an ordinary `*` (gitignore).
// - A pattern matches the whole resource or, when its last segment has no wildcard, also every
//   resource below it: `secrets` matches `k8s/secrets/db`; `docs/*` does not match `docs/a/b`.
// - A trailing `/` means strictly below what the rest names, wildcard or not: `logs/` matches
//   `x/logs/a` but not `x/logs`; `docs/*/` matches `docs/a/b` but not `docs/a`.
// - Matching is case-sensitive; `*` alone matches every resource.
// - Invalid: empty, whitespace, `!` negation, `[...]` ranges, `\` escapes, any character a
//   resource cannot hold, `/` alone, empty / `.` / `..` segments, and `***` as a whole segment
//   (ambiguous between `*` and `**`, so it is refused rather than guessed).

export interface CompiledPattern {
  /** As written in the policy. */
  readonly source: string;
  /** False when the pattern may start at any segment (no inner/leading `/`, or a leading `**`). */
  readonly anchored: boolean;
  /** Literal leading segments before the first wildcard, when anchored (used by the index). */
  readonly literalPrefix: readonly string[];
  /** Literal segments every matching resource contains somewhere (used by the index). */
  readonly requiredSegments: readonly string[];
  /** True when the resource (already split on '/') matches. */
  matchesSegments(segments: readonly string[]): boolean;
  /** True when the resource matches. */
  matches(resource: string): boolean;
}

export type PatternResult = { ok: true; pattern: CompiledPattern } | { ok: false; reason: string };

type SegmentTest = (segment: string) => boolean;

// Stands for `**` in the normalised token list; no other token can equal it, since `**` inside a
// longer segment is collapsed to `*`.
const GLOBSTAR = '**';
const RESOURCE_CHAR = /^[A-Za-z0-9._@:+=-]$/;
const WILDCARD = /[*?]/;
const ONLY_STARS = /^\*{3,}$/;

/** Compiles a policy pattern, or explains why it is invalid. */
export function compilePattern(source: string): PatternResult {
  const parsed = parse(source);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const tokens = normalise(parsed);
  const anchored = tokens[0] !== GLOBSTAR;
  // Normalised tokens always end in a wildcard, so the prefix stops before the end.
  const firstWildcard = tokens.findIndex((t) => WILDCARD.test(t));
  const literals = tokens.filter((t) => !WILDCARD.test(t));
  const matchesSegments = segmentsMatcher(tokens);
  return {
    ok: true,
    pattern: {
      source,
      anchored,
      literalPrefix: tokens.slice(0, firstWildcard),
      requiredSegments: [...new Set(literals)],
      matchesSegments,
      matches: (resource) => matchesSegments(resource.split('/')),
    },
  };
}

interface Parsed {
  readonly anchored: boolean;
  readonly strictlyBelow: boolean;
  readonly segments: readonly string[];
}

/** The pattern's segments and slash flags, or the reason it is invalid. */
function parse(source: string): Parsed | string {
  if (source === '') return 'pattern is empty';
  const bad = badCharacter(source);
  if (bad !== null) return bad;
  if (source === '/') return "'/' alone names no resource";
  const leading = source.startsWith('/');
  const trailing = source.endsWith('/');
  const body = source.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  const segments = body.split('/');
  for (const segment of segments) {
    if (segment === '') return "empty segment (doubled or stray '/')";
    if (segment === '.' || segment === '..') return `'${segment}' segments are not allowed`;
    if (ONLY_STARS.test(segment)) return `'${segment}' is ambiguous: write '**' or '*'`;
  }
  return { anchored: leading || segments.length > 1, strictlyBelow: trailing, segments };
}

/** Why the first character no pattern may hold is refused, or null. */
function badCharacter(source: string): string | null {
  for (const ch of source) {
    if (RESOURCE_CHAR.test(ch) || ch === '*' || ch === '?' || ch === '/') continue;
    if (/\s/.test(ch)) return 'pattern contains whitespace';
    if (ch === '!') return "'!' negation is not supported (as in CODEOWNERS)";
    if (ch === '[' || ch === ']') return "'[...]' ranges are not supported (as in CODEOWNERS)";
    if (ch === '\\') return "'\\' escapes are not supported (as in CODEOWNERS)";
    return `character '${ch}' cannot appear in a resource`;
  }
  return null;
}

/**
 * Rewrites the pattern as a token list that must match the whole resource, where `**` spans zero
 * or more segments everywhere: the prefix and strictly-below rules become trailing tokens and
 * floating becomes a leading `**`.
 */
function normalise({ anchored, strictlyBelow, segments }: Parsed): string[] {
  const tokens = segments.map((s) => (s === GLOBSTAR ? s : s.replace(/\*+/g, '*')));
  const last = tokens[tokens.length - 1] ?? '';
  const lastIsWildcard = WILDCARD.test(last);
  // A trailing `**` must consume at least one segment: one `*` segment, then any depth.
  if (last === GLOBSTAR) tokens.splice(-1, 1, '*', GLOBSTAR);
  if (strictlyBelow) tokens.push('*', GLOBSTAR);
  else if (!lastIsWildcard) tokens.push(GLOBSTAR);
  if (!anchored) tokens.unshift(GLOBSTAR);
  return tokens.filter((t, i) => t !== GLOBSTAR || tokens[i - 1] !== GLOBSTAR);
}

/**
 * Whole-resource matcher for a token list. Between `**`s the runs have fixed lengths, so placing
 * each inner run at its earliest fit is optimal: linear passes, no backtracking over `**`.
 */
function segmentsMatcher(tokens: readonly string[]): (segments: readonly string[]) => boolean {
  const runs: SegmentTest[][] = [[]];
  for (const token of tokens) {
    if (token === GLOBSTAR) runs.push([]);
    else runs[runs.length - 1]!.push(segmentTest(token));
  }
  const head = runs[0]!;
  if (runs.length === 1) {
    return (segments) => segments.length === head.length && runMatches(head, segments, 0);
  }
  const tail = runs[runs.length - 1]!;
  const inner = runs.slice(1, -1);
  const minLength = runs.reduce((n, run) => n + run.length, 0);
  return (segments) => {
    if (segments.length < minLength || !runMatches(head, segments, 0)) return false;
    const end = segments.length - tail.length;
    if (!runMatches(tail, segments, end)) return false;
    let from = head.length;
    for (const run of inner) {
      let at = from;
      while (at + run.length <= end && !runMatches(run, segments, at)) at++;
      if (at + run.length > end) return false;
      from = at + run.length;
    }
    return true;
  };
}

/** True when every test in the run accepts the segment at its offset from `at`. */
function runMatches(run: readonly SegmentTest[], segments: readonly string[], at: number): boolean {
  for (let i = 0; i < run.length; i++) {
    if (!run[i]!(segments[at + i]!)) return false;
  }
  return true;
}

/** The test one pattern segment applies to one resource segment. */
function segmentTest(token: string): SegmentTest {
  if (!WILDCARD.test(token)) return (segment) => segment === token;
  if (token === '*') return () => true;
  return (segment) => globMatches(token, segment);
}

/**
 * `*`/`?` glob over one segment. On a mismatch only the latest `*` is retried one character
 * further, which is enough because earlier stars can only do worse: O(pattern × segment) at most.
 */
function globMatches(glob: string, segment: string): boolean {
  let g = 0;
  let s = 0;
  let star = -1;
  let starFrom = 0;
  while (s < segment.length) {
    const c = glob[g];
    if (c === '?' || (c !== '*' && c === segment[s])) {
      g++;
      s++;
    } else if (c === '*') {
      star = g++;
      starFrom = s;
    } else if (star >= 0) {
      g = star + 1;
      s = ++starFrom;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}
