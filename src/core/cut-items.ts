import { CST, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';

/** The edited text, or why nothing was cut. */
export type CutResult = { ok: true; text: string } | { ok: false; reason: string };

/** One grant as it stands in the text: `start`..`end` covers its significant tokens (block items start at the `-`). */
type Entry = { start: number; end: number; comma: number };

type Located = {
  doc: Document.Parsed;
  kind: 'block' | 'flow';
  entries: Entry[];
  /** Where `[]` goes when a block sequence loses every item: after `grants:` and any anchor or tag. */
  emptyAt: number;
};

/** `floor` is where the previous item's text ends: blank lines above it may be content (keep-chomped block scalars). */
type ItemCut = { start: number; end: number; first: number; last: number; floor: number };
type Edit = { start: number; end: number; text: string };

// Ranges must refer to the text as written, so the parse keeps the CST tokens.
const PARSE_OPTIONS = { version: '1.2', schema: 'core', keepSourceTokens: true } as const;

/** Removes the items at the given indexes of the top-level `grants` sequence from the YAML text, keeping every other byte. */
export function cutGrantItems(source: string, indexes: ReadonlySet<number>): CutResult {
  const located = locateGrants(source);
  if (typeof located === 'string') return { ok: false, reason: located };
  const count = located.entries.length;
  for (const index of indexes) {
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      return {
        ok: false,
        reason: `index ${index} is out of range: the grants sequence has ${count} item(s)`,
      };
    }
  }
  if (indexes.size === 0) return { ok: true, text: source };

  const removed = [...indexes].sort((a, b) => a - b);
  const kept: number[] = [];
  for (let i = 0; i < count; i++) if (!indexes.has(i)) kept.push(i);

  const edits =
    located.kind === 'block'
      ? blockEdits(source, located, removed, kept)
      : flowEdits(source, located, removed, kept);
  const text = applyEdits(source, edits);
  const problem = verify(source, located, text, kept);
  return problem === undefined ? { ok: true, text } : { ok: false, reason: problem };
}

function locateGrants(source: string): Located | string {
  const doc = parseDocument(source, PARSE_OPTIONS);
  const error = doc.errors[0];
  if (error) return `the YAML does not parse: ${error.message}`;
  const root = doc.contents;
  if (!isMap(root)) return 'the document is not a mapping with a grants key';
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'grants');
  if (!pair || !isSeq(pair.value)) return 'the document has no top-level grants sequence';
  const token = pair.value.srcToken;
  const parent = root.srcToken;
  if (!token || !parent || !CST.isCollection(parent))
    return 'the grants sequence carries no source tokens';
  const owner = parent.items.find((item) => item.value === token);
  const emptyAt = owner?.sep ? significantExtent(owner.sep)?.end : undefined;
  if (emptyAt === undefined) return 'the grants key has no ":" indicator';

  const entries: Entry[] = [];
  if (token.type === 'block-seq') {
    for (const item of token.items) {
      const dash = item.start.find((t) => t.type === 'seq-item-ind');
      if (!dash) return 'a grants item has no "-" indicator';
      if (!isSpace(source, lineStart(source, dash.offset), dash.offset)) {
        return 'a grants item does not start its own line';
      }
      const end = significantExtent([...item.start, item.value])?.end ?? dash.offset + 1;
      entries.push({ start: dash.offset, end, comma: -1 });
    }
  } else if (token.type === 'flow-collection' && token.start.type === 'flow-seq-start') {
    for (const item of token.items) {
      const extent = significantExtent([...item.start, item.key, ...(item.sep ?? []), item.value]);
      // The CST gives a trailing comma an item of its own with nothing in it.
      if (extent) entries.push({ ...extent, comma: commaAfter(source, extent.end) });
    }
  } else {
    return 'the grants sequence has an unsupported layout';
  }
  if (entries.length !== pair.value.items.length)
    return 'the grants items could not be matched to their source text';
  return { doc, kind: token.type === 'block-seq' ? 'block' : 'flow', entries, emptyAt };
}

function significantExtent(
  tokens: Iterable<CST.Token | null | undefined>,
): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  const visit = (from: number, to: number): void => {
    start = Math.min(start, from);
    end = Math.max(end, to);
  };
  for (const token of tokens) visitSignificant(token, visit);
  return start === Infinity ? undefined : { start, end };
}

function visitSignificant(
  token: CST.Token | null | undefined,
  visit: (from: number, to: number) => void,
): void {
  if (!token) return;
  switch (token.type) {
    case 'space':
    case 'comment':
    case 'newline':
    case 'comma':
    case 'byte-order-mark':
    case 'document':
      return;
    case 'block-map':
    case 'block-seq':
      for (const item of token.items) visitItem(item, visit);
      return;
    case 'flow-collection':
      visitSignificant(token.start, visit);
      for (const item of token.items) visitItem(item, visit);
      for (const end of token.end) visitSignificant(end, visit);
      return;
    case 'block-scalar': {
      let bodyStart = token.offset;
      let keep = false;
      for (const prop of token.props) {
        visitSignificant(prop, visit);
        if ('source' in prop) bodyStart = prop.offset + prop.source.length;
        if (prop.type === 'block-scalar-header' && prop.source.includes('+')) keep = true;
      }
      // With keep chomping the trailing blank lines are part of the value; otherwise they only separate.
      const bodyEnd = keep ? token.source.length : trimmedLength(token.source);
      if (bodyEnd > 0) visit(bodyStart, bodyStart + bodyEnd);
      return;
    }
    default:
      visit(token.offset, token.offset + token.source.length);
  }
}

function visitItem(item: CST.CollectionItem, visit: (from: number, to: number) => void): void {
  for (const token of item.start) visitSignificant(token, visit);
  visitSignificant(item.key, visit);
  for (const token of item.sep ?? []) visitSignificant(token, visit);
  visitSignificant(item.value, visit);
}

function blockEdits(source: string, located: Located, removed: number[], kept: number[]): Edit[] {
  const { entries } = located;
  const cuts = removed.map((index): ItemCut => {
    const entry = entries[index] as Entry;
    const head = lineStart(source, entry.start);
    const floor = index > 0 ? itemTail(source, entries, index - 1) : 0;
    const start = leadingComments(source, head, entry.start - head, floor);
    return { start, end: itemTail(source, entries, index), first: index, last: index, floor };
  });
  const edits: Edit[] = settleBlankLines(source, cuts, kept).map((span) => ({ ...span, text: '' }));
  if (kept.length === 0)
    edits.unshift({ start: located.emptyAt, end: located.emptyAt, text: ' []' });
  return edits;
}

/** End of an item's text: its last content line, then comment lines indented deeper than its `-`, which sit inside it. */
function itemTail(source: string, entries: Entry[], index: number): number {
  const entry = entries[index] as Entry;
  const column = entry.start - lineStart(source, entry.start);
  const limit = entries[index + 1]?.start ?? source.length;
  let tail = nextLine(source, entry.end - 1);
  for (let pos = tail; pos < limit;) {
    const after = nextLine(source, pos);
    if (isSpace(source, pos, after)) {
      pos = after;
    } else if (commentColumn(source, pos, after) > column) {
      tail = pos = after;
    } else {
      break;
    }
  }
  return tail;
}

/** Start of the comment lines directly above `head` that stand at `column`, the comments that describe the item there. */
function leadingComments(source: string, head: number, column: number, floor: number): number {
  let start = head;
  while (start > floor) {
    const above = lineStart(source, start - 1);
    if (above < floor || commentColumn(source, above, start) !== column) break;
    start = above;
  }
  return start;
}

function flowEdits(source: string, located: Located, removed: number[], kept: number[]): Edit[] {
  const { entries } = located;
  const cuts = removed.map((index): ItemCut => {
    const entry = entries[index] as Entry;
    const floor = entries[index - 1]?.end ?? 0;
    const stop = entry.comma >= 0 ? entry.comma + 1 : entry.end;
    const head = lineStart(source, entry.start);
    const lineBreak = lineBreakAt(source, stop);
    const restOfLineIsFree =
      commentColumn(source, stop, lineBreak) >= 0 || isSpace(source, stop, lineBreak);
    let cut: { start: number; end: number };
    if (isSpace(source, head, entry.start) && restOfLineIsFree) {
      cut = {
        start: leadingComments(source, head, entry.start - head, floor),
        end: nextLine(source, stop),
      };
    } else if (restOfLineIsFree) {
      cut = { start: spaceBefore(source, entry.start), end: lineBreak };
    } else if (entry.comma >= 0) {
      cut = { start: entry.start, end: spaceAfter(source, stop) };
    } else {
      cut = { start: spaceBefore(source, entry.start), end: stop };
    }
    return { ...cut, first: index, last: index, floor };
  });
  const spans = settleBlankLines(source, cuts, kept);

  const lastKept = kept[kept.length - 1];
  const last = entries[entries.length - 1] as Entry;
  if (lastKept !== undefined && lastKept < entries.length - 1 && last.comma < 0) {
    // The kept tail must not gain a trailing comma the sequence never had.
    const comma = (entries[lastKept] as Entry).comma;
    const following = (entries[lastKept + 1] as Entry).start;
    const sameLine = source.lastIndexOf('\n', following - 1) < comma;
    spans.push({ start: comma, end: sameLine ? following : comma + 1 });
  }
  return mergeSpans(spans).map((span) => ({ ...span, text: '' }));
}

/**
 * Merges item cuts and decides the blank lines around each: where a blank line stood on both sides of the
 * removed text one separator stays (the one above), and at the head or tail of the kept items a separator
 * that no longer separates anything goes with the cut.
 */
function settleBlankLines(
  source: string,
  cuts: ItemCut[],
  kept: number[],
): Array<{ start: number; end: number }> {
  const firstKept = kept[0] ?? Infinity;
  const lastKept = kept[kept.length - 1] ?? -Infinity;
  const spans: Array<{ start: number; end: number }> = [];
  let floor = 0;
  for (let i = 0; i < cuts.length;) {
    const cut = cuts[i++] as ItemCut;
    const { first } = cut;
    let { start, end, last } = cut;
    const above = Math.max(floor, cut.floor);
    for (;;) {
      for (let c = cuts[i]; c !== undefined && c.start <= end; c = cuts[++i]) {
        end = Math.max(end, c.end);
        last = c.last;
      }
      if (!isLineAligned(source, start, end)) break;
      const blankBefore =
        start > above && isSpace(source, Math.max(above, lineStart(source, start - 1)), start);
      const afterBlanks = blankRunEnd(source, end);
      const blankAfter = afterBlanks > end;
      const keptBefore = firstKept < first;
      // A blank run right before another cut separated two items, even when neither survives.
      const separatesAfter = lastKept > last || cuts[i]?.start === afterBlanks;
      if (blankAfter && (blankBefore || (!keptBefore && separatesAfter))) {
        end = afterBlanks;
      } else if (blankBefore && !blankAfter && keptBefore && lastKept < last) {
        start = blankRunStart(source, start, above);
      }
      const following = cuts[i];
      if (following === undefined || following.start > end) break;
    }
    spans.push({ start, end });
    floor = end;
  }
  return spans;
}

function mergeSpans(
  spans: Array<{ start: number; end: number }>,
): Array<{ start: number; end: number }> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && span.start <= previous.end) previous.end = Math.max(previous.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function applyEdits(source: string, edits: Edit[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const edit of edits) {
    parts.push(source.slice(pos, edit.start), edit.text);
    pos = edit.end;
  }
  parts.push(source.slice(pos));
  return parts.join('');
}

/** Re-parses the result: it must hold exactly the kept items, each with its text untouched, and the same data otherwise. */
function verify(source: string, before: Located, text: string, kept: number[]): string | undefined {
  const after = locateGrants(text);
  if (typeof after === 'string') return `the edited text failed verification: ${after}`;
  if (after.entries.length !== kept.length) {
    return `the edited text holds ${after.entries.length} grants instead of ${kept.length}`;
  }
  for (const [position, index] of kept.entries()) {
    const was = before.entries[index] as Entry;
    const now = after.entries[position] as Entry;
    if (source.slice(was.start, was.end) !== text.slice(now.start, now.end)) {
      return `the text of grant ${index} changed while cutting`;
    }
  }
  try {
    const original = before.doc.toJS() as Record<string, unknown>;
    const grants = original['grants'] as unknown[];
    const expected = { ...original, grants: kept.map((index) => grants[index]) };
    if (JSON.stringify(after.doc.toJS()) !== JSON.stringify(expected))
      return 'the edited text no longer holds the same data';
  } catch (error) {
    return `the data could not be compared: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

function lineStart(source: string, pos: number): number {
  return source.lastIndexOf('\n', pos - 1) + 1;
}

/** Start of the line after the one holding `pos` (so the line break goes with the line), or the end of the text. */
function nextLine(source: string, pos: number): number {
  const newline = source.indexOf('\n', pos);
  return newline < 0 ? source.length : newline + 1;
}

/** Where the line holding `pos` breaks, so a cut up to it leaves the `\n` or `\r\n` in place. */
function lineBreakAt(source: string, pos: number): number {
  const newline = source.indexOf('\n', pos);
  if (newline < 0) return source.length;
  return source[newline - 1] === '\r' && newline - 1 >= pos ? newline - 1 : newline;
}

function isSpace(source: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = source[i];
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') return false;
  }
  return true;
}

/** Column of the `#` when the text from `from` to `to` is a comment preceded only by indentation, else -1. */
function commentColumn(source: string, from: number, to: number): number {
  let i = from;
  while (i < to && (source[i] === ' ' || source[i] === '\t')) i++;
  return i < to && source[i] === '#' ? i - from : -1;
}

function isLineAligned(source: string, start: number, end: number): boolean {
  return (
    lineStart(source, start) === start && (end === source.length || lineStart(source, end) === end)
  );
}

function blankRunEnd(source: string, pos: number): number {
  let end = pos;
  while (end < source.length) {
    const after = nextLine(source, end);
    if (!isSpace(source, end, after)) break;
    end = after;
  }
  return end;
}

function blankRunStart(source: string, pos: number, floor: number): number {
  let start = pos;
  while (start > floor) {
    const above = lineStart(source, start - 1);
    if (above < floor || !isSpace(source, above, start)) break;
    start = above;
  }
  return start;
}

function spaceBefore(source: string, pos: number): number {
  let start = pos;
  while (start > 0 && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
  return start;
}

function spaceAfter(source: string, pos: number): number {
  let end = pos;
  while (end < source.length && (source[end] === ' ' || source[end] === '\t')) end++;
  return end;
}

/** Offset of the `,` that follows a flow item, skipping whitespace and comments, or -1 when the item is last. */
function commaAfter(source: string, pos: number): number {
  let i = pos;
  while (i < source.length) {
    const c = source[i];
    if (c === ',') return i;
    if (c === '#') i = nextLine(source, i);
    else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else return -1;
  }
  return -1;
}

function trimmedLength(text: string): number {
  let end = text.length;
  while (end > 0 && isSpace(text, end - 1, end)) end--;
  return end;
}
