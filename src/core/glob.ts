// File globs for locating grants files (`grants/**/*.yaml`): `**` spans directories, `*` and `?`
// stay within one, `{a,b}` lists alternatives.

/** Default globs of grants files. */
export const DEFAULT_GRANTS_GLOB = 'grants/**/*.yaml';

/** Compiles a glob (or several, comma-separated) into a test on repository-relative paths; `.yaml` globs also match `.yml`. */
export function compileGlob(glob: string): (path: string) => boolean {
  const sources = splitOutsideBraces(glob)
    .map((g) => g.trim())
    .filter(Boolean)
    .flatMap((g) => (g.endsWith('.yaml') ? [g, `${g.slice(0, -5)}.yml`] : [g]));
  const res = sources.map((g) => new RegExp(`^${translate(g.replace(/^\.?\//, ''))}$`));
  return (path) => res.some((re) => re.test(path));
}

/** Splits on commas that separate globs, not those inside `{a,b}`. */
function splitOutsideBraces(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth = Math.max(0, depth - 1);
    else if (text[i] === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]+/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map(escape)
          .join('|')})`;
        i = end;
      }
    } else out += escape(c);
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
