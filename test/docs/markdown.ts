// Reading the documentation as data: fenced code blocks with their place and marker, headings
// and their GitHub anchors, sections, tables and relative links. Used by examples.test.ts.
import { readFileSync } from 'node:fs';

/** One fenced code block of a Markdown file. */
export interface Block {
  /** repository-relative path of the Markdown file */
  file: string;
  /** 1-based line of the opening fence */
  line: number;
  /** the info string's first word (`yaml`, `console`, `sh`…), lower case; empty when none */
  lang: string;
  /** the block's text, with the fence's indentation removed, ending in a newline */
  text: string;
  /** settings of a `<!-- docs-test: … -->` comment on the nearest non-blank line above the fence */
  settings: Record<string, string>;
}

/** `file:line` of a block, for test names and failure messages. */
export function where(block: Block): string {
  return `${block.file}:${block.line}`;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const SETTINGS = /^\s*<!--\s*docs-test:(.*?)-->\s*$/;

/** Every fenced code block of the Markdown text. */
export function fencedBlocks(file: string, markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (
        l.trim().startsWith(fence[0]!.repeat(fence.length)) &&
        l.trim().replace(/[`~]/g, '') === ''
      )
        break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const marker = k >= 0 ? SETTINGS.exec(lines[k]!) : null;
    blocks.push({
      file,
      line: i + 1,
      lang: (open[3] ?? '').toLowerCase(),
      text: `${body.join('\n')}\n`,
      settings: marker ? parseSettings(marker[1]!) : {},
    });
    i = j;
  }
  return blocks;
}

/** `key=value` pairs separated by spaces. */
function parseSettings(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`docs-test setting ${part} is not key=value`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** The Markdown text with fenced code blocks blanked out (so `#` lines inside them are not headings). */
export function prose(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  return lines
    .map((l) => {
      const open = FENCE.exec(l);
      if (fence === undefined && open) {
        fence = open[2]!;
        return '';
      }
      if (fence !== undefined) {
        if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '') fence = undefined;
        return '';
      }
      return l;
    })
    .join('\n');
}

export interface Heading {
  level: number;
  text: string;
  anchor: string;
  /** 0-based line index */
  index: number;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The headings of the Markdown text, with the anchors GitHub gives them (duplicates numbered). */
export function headings(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  const out: Heading[] = [];
  prose(markdown)
    .split('\n')
    .forEach((l, index) => {
      const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(l);
      if (!m) return;
      const base = slug(m[2]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.push({ level: m[1]!.length, text: m[2]!, anchor: n ? `${base}-${n}` : base, index });
    });
  return out;
}

/** The text of the section under the first heading whose text satisfies `match`, up to the next heading of the same or a higher level. */
export function section(markdown: string, match: (heading: string) => boolean): string | undefined {
  const lines = markdown.split('\n');
  const all = headings(markdown);
  const at = all.findIndex((h) => match(h.text));
  if (at < 0) return undefined;
  const start = all[at]!;
  const end = all.slice(at + 1).find((h) => h.level <= start.level);
  return lines.slice(start.index, end ? end.index : lines.length).join('\n');
}

/** Rows of every Markdown table whose header cells (lower case, trimmed) are `header`. */
export function tableRows(markdown: string, header: readonly string[]): string[][] {
  const rows: string[][] = [];
  const lines = prose(markdown).split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!cells(lines[i]!) || !/^\s*\|?\s*:?-{3,}/.test(lines[i + 1]!)) continue;
    const head = cells(lines[i]!)!.map((c) => c.toLowerCase());
    if (head.join('|') !== header.join('|')) continue;
    for (let j = i + 2; j < lines.length && cells(lines[j]!); j++) rows.push(cells(lines[j]!)!);
  }
  return rows;
}

function cells(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.startsWith('|')) return undefined;
  return t
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** The texts of the inline code spans of a Markdown fragment. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

export interface Link {
  line: number;
  target: string;
}

/** Inline links and images `[text](target)` outside code. */
export function links(markdown: string): Link[] {
  const out: Link[] = [];
  prose(markdown)
    .split('\n')
    .forEach((l, i) => {
      const withoutCode = l.replace(/`[^`]*`/g, '');
      for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
        out.push({ line: i + 1, target: m[1]! });
    });
  return out;
}

/** Reads a file as UTF-8. */
export function read(path: string): string {
  return readFileSync(path, 'utf8');
}
