// Small helpers over node:util parseArgs so that every command reports bad usage the same way.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isLogin } from '../core/text-rules.js';
import { parseDuration, parseInstant } from '../core/time.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` strictly against `options`; unknown or malformed options are a UsageError. */
export function parseCommand<O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (see grant-gate ${command} --help)`);
  }
}

/** The instant given by `--now`, or the clock's when absent. */
export function nowOption(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const t = parseInstant(value);
  if (t === undefined)
    throw new UsageError(
      `--now ${value} is not a date YYYY-MM-DD or an RFC 3339 timestamp with a zone`,
    );
  return t;
}

/** A duration option such as `7d`. */
export function durationOption(name: string, value: string): number {
  const d = parseDuration(value);
  if (d === undefined)
    throw new UsageError(`--${name} ${value} is not a duration such as 90m, 12h, 7d or 2w`);
  return d;
}

/** A required option's value. */
export function required(value: string | undefined, name: string, command: string): string {
  if (value === undefined || value === '')
    throw new UsageError(
      `grant-gate ${command} needs --${name} (see grant-gate ${command} --help)`,
    );
  return value;
}

/** A GitHub login option. */
export function loginOption(value: string, name: string): string {
  if (!isLogin(value)) throw new UsageError(`--${name} ${value} is not a GitHub login`);
  return value.replace(/^@/, '');
}

/** `--format`: text (default) or json. */
export function formatOption(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--format ${value}: use text or json`);
}
