// File globs for locating grants files (`grants/**/*.yaml`): `**` spans directories, `*` and `?`
// stay within one, `{a,b}` lists alternatives.

/** Default globs of grants files. */
export const DEFAULT_GRANTS_GLOB = 'grants/**/*.yaml';

/** Compiles a glob (or several, comma-separated) into a test on repository-relative paths; `.yaml` globs also match `.yml`. */
export function compileGlob(glob: string): (path: string) => boolean {
  const sources = glob
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .flatMap((g) => (g.endsWith('.yaml') ? [g, `${g.slice(0, -5)}.yml`] : [g]));
  const res = sources.map((g) => new RegExp(`^${translate(g.replace(/^\.?\//, ''))}$`));
  return (path) => res.some((re) => re.test(path));
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
