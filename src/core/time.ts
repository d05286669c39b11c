// Dates, timestamps and durations as the spec defines them.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DURATION_RE = /^([1-9]\d{0,5})([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(2000, m, 0)).getUTCDate(); // month length in a leap year
  if (d > days) return false;
  return !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
}

/** Parses `YYYY-MM-DD` (00:00 UTC) or an RFC 3339 timestamp with a zone; undefined when invalid. */
export function parseInstant(text: string): number | undefined {
  const date = DATE_RE.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(y, m, d)) return undefined;
    return utc(y, m, d, 0, 0, 0, 0);
  }
  const ts = TIMESTAMP_RE.exec(text);
  if (!ts) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(ts[i]));
  if (!validDate(y!, mo!, d!) || h! > 23 || mi! > 59 || s! > 59) return undefined;
  const ms = ts[7] ? Math.floor(Number(`0${ts[7]}`) * 1000) : 0;
  let offset = 0;
  if (!ts[8]) {
    const [oh, om] = [Number(ts[10]), Number(ts[11])];
    if (oh > 23 || om > 59) return undefined;
    offset = (ts[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return utc(y!, mo!, d!, h!, mi!, s!, ms) - offset;
}

function utc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // Date.UTC maps years 0–99 to 1900–1999
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** Parses a duration such as `90m`, `12h`, `7d`, `2w` into milliseconds; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** Formats milliseconds as the largest whole unit that fits, e.g. `7d`, `36h`, `90m`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0m';
  for (const unit of ['w', 'd', 'h'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  const minutes = Math.ceil(ms / UNIT_MS.m);
  return minutes >= 2880
    ? `${(ms / UNIT_MS.d).toFixed(1)}d`
    : minutes >= 120
      ? `${(ms / UNIT_MS.h).toFixed(1)}h`
      : `${minutes}m`;
}

/** ISO form of an instant, as the report prints `now`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
