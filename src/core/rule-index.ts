// Last-match-wins lookup over many patterns without testing every pattern per resource. Each
// pattern is filed under one necessary condition for matching, and only the patterns whose
// condition a resource meets are tested, newest first:
// - anchored with a literal prefix: a trie node for that prefix, reached by walking the resource;
// - otherwise with a literal segment somewhere: a map keyed by that segment, looked up with each
//   resource segment;
// - otherwise (`*`, `*.js`, `*/x`): a short list tested for every resource.
import type { CompiledPattern } from './pattern.js';

export interface RuleIndex {
  /** Index (into the patterns given to buildRuleIndex) of the last pattern that matches, or -1. */
  lastMatch(resource: string): number;
  /** Every matching index, ascending (used by lint to find shadowed rules and delegations). */
  allMatches(resource: string): number[];
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  /** Ascending indexes of the patterns whose literal prefix ends here. */
  readonly rules: number[];
}

/** Builds the index; results equal lastMatchLinear and its filter over the same patterns. */
export function buildRuleIndex(patterns: readonly CompiledPattern[]): RuleIndex {
  const rules = [...patterns];
  const root: TrieNode = { children: new Map(), rules: [] };
  const bySegment = new Map<string, number[]>();
  const always: number[] = [];
  rules.forEach((pattern, i) => {
    if (pattern.anchored && pattern.literalPrefix.length > 0) {
      trieNode(root, pattern.literalPrefix).rules.push(i);
      return;
    }
    // Any required segment is a valid key; the last tends to be the most specific name.
    const key = pattern.requiredSegments[pattern.requiredSegments.length - 1];
    if (key === undefined) always.push(i);
    else listAt(bySegment, key).push(i);
  });

  // Each rule sits in exactly one list and each list is taken at most once, so the lists a
  // resource selects are disjoint.
  const candidates = (segments: readonly string[]): number[][] => {
    const lists: number[][] = [always];
    let node = root;
    for (const segment of segments) {
      const next = node.children.get(segment);
      if (next === undefined) break;
      node = next;
      if (node.rules.length > 0) lists.push(node.rules);
    }
    for (const segment of segments) {
      const list = bySegment.get(segment);
      if (list !== undefined && !lists.includes(list)) lists.push(list);
    }
    return lists;
  };

  return {
    lastMatch(resource) {
      const segments = resource.split('/');
      return lastMatchAmong(candidates(segments), rules, segments);
    },
    allMatches(resource) {
      const segments = resource.split('/');
      return candidates(segments)
        .flat()
        .filter((i) => rules[i]!.matchesSegments(segments))
        .sort((a, b) => a - b);
    },
  };
}

/** The straightforward reference: scan all patterns, return the last match (or -1). */
export function lastMatchLinear(patterns: readonly CompiledPattern[], resource: string): number {
  const segments = resource.split('/');
  let last = -1;
  patterns.forEach((pattern, i) => {
    if (pattern.matchesSegments(segments)) last = i;
  });
  return last;
}

/**
 * Walks the union of disjoint ascending index lists from the top down (a k-way merge over few
 * lists), so testing stops at the first, i.e. newest, matching rule.
 */
function lastMatchAmong(
  lists: readonly (readonly number[])[],
  rules: readonly CompiledPattern[],
  segments: readonly string[],
): number {
  const cursors = lists.map((list) => list.length - 1);
  for (;;) {
    let best = -1;
    let from = -1;
    for (let l = 0; l < lists.length; l++) {
      const cursor = cursors[l]!;
      // Checked before reading: an out-of-bounds read is a slow path in V8.
      if (cursor >= 0 && lists[l]![cursor]! > best) {
        best = lists[l]![cursor]!;
        from = l;
      }
    }
    if (from < 0) return -1;
    cursors[from]!--;
    if (rules[best]!.matchesSegments(segments)) return best;
  }
}

/** The trie node for a path of segments, created on the way as needed. */
function trieNode(root: TrieNode, path: readonly string[]): TrieNode {
  let node = root;
  for (const segment of path) {
    let child = node.children.get(segment);
    if (child === undefined) {
      child = { children: new Map(), rules: [] };
      node.children.set(segment, child);
    }
    node = child;
  }
  return node;
}

/** The list stored under a key, created empty if absent. */
function listAt(map: Map<string, number[]>, key: string): number[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}
