import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseInstant } from '../../src/core/time.js';
import { DAY, HOUR, MINUTE } from './fixtures.js';

describe('parseInstant', () => {
  // Spec: "a date `YYYY-MM-DD` (meaning 00:00:00 UTC that day) or an RFC 3339 timestamp with `Z`
  // or an offset".
  it.each([
    ['2026-12-08', Date.UTC(2026, 11, 8)],
    ['2028-02-29', Date.UTC(2028, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['9999-12-31', Date.UTC(9999, 11, 31)],
    ['1970-01-01', 0],
    ['2026-12-08T10:00:00Z', Date.UTC(2026, 11, 8, 10)],
    ['2026-12-08T10:00:00+02:00', Date.UTC(2026, 11, 8, 8)],
    ['2026-12-08T10:00:00-05:30', Date.UTC(2026, 11, 8, 15, 30)],
    ['2026-12-08T00:30:00+01:00', Date.UTC(2026, 11, 7, 23, 30)],
    ['2026-12-08T10:00:00.250Z', Date.UTC(2026, 11, 8, 10, 0, 0, 250)],
    ['2026-12-08T10:00:00.5+00:00', Date.UTC(2026, 11, 8, 10, 0, 0, 500)],
    ['2026-12-08t10:00:00z', Date.UTC(2026, 11, 8, 10)], // RFC 3339 §5.6: T and Z may be lower case
  ])('reads %s as the instant it names', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it('reads a date as midnight UTC, the same instant as its Z timestamp', () => {
    expect(parseInstant('2026-12-08')).toBe(parseInstant('2026-12-08T00:00:00Z'));
  });

  it.each([
    ['2026-02-30', 'a day that does not exist'],
    ['2026-02-29', 'February 29 of a common year'],
    ['2100-02-29', 'February 29 of a century that is not a leap year'],
    ['2026-04-31', 'April 31'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 0'],
    ['2026-12-00', 'day 0'],
    ['2026-12-32', 'day 32'],
    ['10000-01-01', 'a year past 9999'],
    ['2026-12-8', 'a one-digit day'],
    ['26-12-08', 'a two-digit year'],
    ['2026/12/08', 'slashes'],
    ['2026-12-08T10:00:00', 'a timestamp without a zone'],
    ['2026-12-08T10:00Z', 'a timestamp without seconds'],
    ['2026-12-08T24:00:00Z', 'hour 24'],
    ['2026-12-08T10:60:00Z', 'minute 60'],
    ['2026-12-08T10:00:00+2:00', 'a one-digit offset hour'],
    ['2026-12-08T10:00:00+0200', 'an offset without a colon'],
    ['2026-12-08T10:00:00+24:00', 'an offset of 24 hours'],
    ['2026-02-30T10:00:00Z', 'a timestamp on a day that does not exist'],
    ['2026-12-08 ', 'trailing space'],
    ['tomorrow', 'a word'],
    ['', 'empty text'],
    ['1796860800000', 'epoch milliseconds'],
  ])('refuses %j (%s)', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  // Spec: "Durations: a whole number and a unit, `m`, `h`, `d` or `w` (`90m`, `12h`, `7d`, `2w`)."
  it.each([
    ['90m', 90 * MINUTE],
    ['12h', 12 * HOUR],
    ['7d', 7 * DAY],
    ['2w', 14 * DAY],
    ['1m', MINUTE],
    ['30d', 30 * DAY],
    ['72h', 3 * DAY],
  ])('reads %s as its length', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['7', 'a number without a unit'],
    ['d', 'a unit without a number'],
    ['7 d', 'a space between number and unit'],
    ['7D', 'an upper-case unit'],
    ['1.5h', 'a fraction'],
    ['-1d', 'a negative number'],
    ['10s', 'seconds'],
    ['1y', 'years'],
    ['1d12h', 'two units'],
    ['', 'empty text'],
  ])('refuses %j (%s)', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each(['90m', '12h', '36h', '7d', '2w', '3d', '1m'])(
    'writes a duration that reads back as the same length (%s)',
    (text) => {
      const ms = parseDuration(text)!;
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    },
  );

  it.each([
    [90 * MINUTE, '90m'],
    [36 * HOUR, '36h'],
    [3 * DAY, '3d'],
  ])('writes %i ms in the largest whole unit as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
