// Shared lexical rules for logins, teams and free text, used by both schemas.

/** GitHub login: 1–39 letters or digits with single inner hyphens. */
export const LOGIN_RE = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
/** `@org/team`: an organisation login and a team slug. */
export const TEAM_RE = /^@([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})\/([A-Za-z0-9][A-Za-z0-9_.-]{0,99})$/;

const PLACEHOLDERS = new Set([
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
]);
const PUNCTUATION_ONLY = /^[\p{P}\p{S}\s]*$/u;
// C0 controls (tab included) and C1 controls and DEL; line breaks are checked separately because
// two fields allow them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\n\r]/;

/** Minimum length, after trimming, of a purpose or a rationale. */
export const MIN_EXPLANATION = 15;

/** True when the text is a placeholder such as `TBD` or punctuation only. */
export function isPlaceholder(text: string): boolean {
  const t = text.trim().toLowerCase();
  return PLACEHOLDERS.has(t) || PUNCTUATION_ONLY.test(t);
}

/** True when the text explains something: long enough and not a placeholder. */
export function isExplanation(text: unknown): text is string {
  return typeof text === 'string' && text.trim().length >= MIN_EXPLANATION && !isPlaceholder(text);
}

/** True when the text holds a control character (line breaks allowed only when `multiline`). */
export function hasControl(text: string, multiline: boolean): boolean {
  return CONTROL.test(text) || (!multiline && LINE_BREAK.test(text));
}

/** A login without its optional leading `@`, lower-cased for comparison. */
export function normalizeLogin(login: string): string {
  return (login.startsWith('@') ? login.slice(1) : login).toLowerCase();
}

/** True for a login (`dana`, `@dana`). */
export function isLogin(text: string): boolean {
  return LOGIN_RE.test(text.startsWith('@') ? text.slice(1) : text);
}

/** True for a team reference `@org/team`. */
export function isTeam(text: string): boolean {
  return TEAM_RE.test(text);
}

/** The `org/team` key of a team reference, lower-cased (GitHub slugs compare case-insensitively). */
export function teamKey(team: string): string {
  return team.slice(1).toLowerCase();
}
