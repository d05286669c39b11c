// Colour for people at a terminal, never in pipes or when NO_COLOR is set (no-color.org).
import { PLAIN, type Style } from '../report/text-report.js';

const CODES: Record<string, string> = {
  approved: '32',
  pending: '33',
  blocked: '31',
  returned: '35',
};
const paint = (code: string, text: string) => `\u001b[${code}m${text}\u001b[0m`;

/** The style for standard output: colour only on a TTY without NO_COLOR. */
export function terminalStyle(): Style {
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  if (!process.stdout.isTTY || noColor) return PLAIN;
  return {
    bold: (t) => paint('1', t),
    decision: (d, t) => paint(CODES[d] ?? '0', t),
    dim: (t) => paint('2', t),
  };
}
