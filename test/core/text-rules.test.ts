import { describe, expect, it } from 'vitest';
import {
  hasControl,
  isExplanation,
  isLogin,
  isPlaceholder,
  isTeam,
  normalizeLogin,
} from '../../src/core/text-rules.js';

describe('isPlaceholder', () => {
  // Spec: "Placeholders (case-insensitive, after trimming): `n/a`, `na`, `none`, `tbd`, `todo`,
  // `asap`, `urgent`, `test`, `xxx`, `-`, `.`, and any text of punctuation only."
  it.each([
    'n/a',
    'na',
    'none',
    'tbd',
    'todo',
    'asap',
    'urgent',
    'test',
    'xxx',
    '-',
    '.',
    'N/A',
    'NA',
    'None',
    'TBD',
    'ToDo',
    'ASAP',
    'Urgent',
    'TEST',
    'XXX',
    '  tbd  ',
    '\tn/a\n',
    '---',
    '...',
    '?!',
    '!!!!!!!!!!!!!!!!!!!!',
    '- - - - - - - - -',
    '"…"',
  ])('%j is a placeholder', (text) => {
    expect(isPlaceholder(text)).toBe(true);
  });

  it.each([
    'n/a yet',
    'none of the dashboards load',
    'testing the invoice export',
    'tbd2',
    'x',
    'nan',
    'urgently needed',
  ])('%j is not a placeholder', (text) => {
    expect(isPlaceholder(text)).toBe(false);
  });
});

describe('isExplanation', () => {
  // Spec: "`purpose` ... at least 15 characters after trimming, not a placeholder".
  it.each([
    ['exactly fifteen characters', 'a'.repeat(15), true],
    ['fourteen characters', 'a'.repeat(14), false],
    ['fourteen characters padded with spaces to twenty', `   ${'a'.repeat(14)}   `, false],
    ['fifteen characters padded with spaces', `  ${'a'.repeat(15)}  `, true],
    ['a placeholder', 'TBD', false],
    ['punctuation only, long', '!!!!!!!!!!!!!!!!!!!!', false],
    ['a real reason', 'Nightly export of invoices to the finance warehouse', true],
    ['empty text', '', false],
  ])('%s → %s', (_name, text, expected) => {
    expect(isExplanation(text)).toBe(expected);
  });

  it.each([[undefined], [null], [123456789012345], [['a long enough list item']]])(
    '%j is not text, so not an explanation',
    (value) => {
      expect(isExplanation(value)).toBe(false);
    },
  );
});

describe('hasControl', () => {
  // Spec: "No field may hold control characters (line breaks are allowed in `purpose` and
  // `rationale` only)."
  it.each([
    ['NUL', '\u0000'],
    ['BEL', 'a\u0007b'],
    ['ESC (terminal escape)', 'red \u001b[31m'],
    ['backspace', 'a\bb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (CSI)', 'a\u009bb'],
    ['a tab', 'a\tb'],
  ])('%s is a control character in any field', (_name, text) => {
    expect(hasControl(text, false)).toBe(true);
    expect(hasControl(text, true)).toBe(true);
  });

  it.each([
    ['LF', 'first line\nsecond line'],
    ['CRLF', 'first line\r\nsecond line'],
  ])(
    'a line break (%s) is refused in a one-line field and allowed in a multi-line one',
    (_name, text) => {
      expect(hasControl(text, false)).toBe(true);
      expect(hasControl(text, true)).toBe(false);
    },
  );

  it.each(['plain text', 'ünïcödé ✓', 'OPS-1234 (see #42)', ''])(
    '%j holds no control character',
    (text) => {
      expect(hasControl(text, false)).toBe(false);
    },
  );
});

describe('isLogin', () => {
  // Spec: "Logins ... follow GitHub's rules: 1–39 letters, digits or single inner hyphens."
  it.each([
    'alice',
    'Alice',
    'a',
    '7',
    'a-b',
    'a-b-c',
    'a1-2b',
    '@alice',
    'a'.repeat(39),
    `a-${'b'.repeat(37)}`,
  ])('%j is a login', (text) => {
    expect(isLogin(text)).toBe(true);
  });

  it.each([
    '',
    '-alice',
    'alice-',
    'al--ice',
    'a_b',
    'a.b',
    'a b',
    'a'.repeat(40),
    '@',
    '@@alice',
    '@acme/team',
    'alice\n',
  ])('%j is not a login', (text) => {
    expect(isLogin(text)).toBe(false);
  });
});

describe('isTeam', () => {
  it.each(['@acme/payments', '@acme/prod-owners', '@Acme/Security-Leads'])(
    '%j is a team',
    (text) => {
      expect(isTeam(text)).toBe(true);
    },
  );

  it.each([
    'acme/payments',
    '@acme',
    '@acme/',
    '@/team',
    '@acme/team/sub',
    'dana',
    '@-acme/team',
    '@acme/te am',
  ])('%j is not a team', (text) => {
    expect(isTeam(text)).toBe(false);
  });
});

describe('normalizeLogin', () => {
  // Spec: "a leading `@` is allowed and ignored; compared case-insensitively".
  it.each([
    ['@Dana', 'dana'],
    ['DANA', 'dana'],
    ['dana', 'dana'],
  ])('%s compares as %s', (login, expected) => {
    expect(normalizeLogin(login)).toBe(expected);
  });
});
