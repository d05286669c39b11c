import { describe, expect, it } from 'vitest';
import { compileGlob, DEFAULT_GRANTS_GLOB } from '../../src/core/glob.js';

describe('compileGlob with the default grants glob', () => {
  // Spec: "Default glob `grants/**/*.yaml` (and `.yml`), relative to the repository root."
  const matches = compileGlob(DEFAULT_GRANTS_GLOB);

  it('is grants/**/*.yaml', () => {
    expect(DEFAULT_GRANTS_GLOB).toBe('grants/**/*.yaml');
  });

  it.each([
    'grants/a.yaml',
    'grants/a.yml',
    'grants/team/a.yaml',
    'grants/team/a.yml',
    'grants/a/b/c/d.yaml',
    'grants/.hidden.yaml',
  ])('matches %s', (path) => {
    expect(matches(path)).toBe(true);
  });

  it.each([
    'grants/a.json',
    'grants/a.yaml.bak',
    'grants/a.YAML',
    'grants.yaml',
    'grantsx/a.yaml',
    'other/grants/a.yaml',
    'policies/authority.yaml',
    'grants/',
    'grants/team/',
    'a.yaml',
  ])('does not match %s', (path) => {
    expect(matches(path)).toBe(false);
  });
});

describe('compileGlob with other globs', () => {
  it.each([
    ['access/*.yaml', 'access/a.yaml', true],
    ['access/*.yaml', 'access/a.yml', true],
    ['access/*.yaml', 'access/x/a.yaml', false], // `*` does not cross `/`
    ['access/?.yaml', 'access/a.yaml', true],
    ['access/?.yaml', 'access/ab.yaml', false],
    ['./grants/**/*.yaml', 'grants/x/a.yaml', true],
    ['grants/**/*.yaml', 'grants/a+b.yaml', true], // regex characters in paths are literal
    ['grants/a+b.yaml', 'grants/aab.yaml', false],
    ['grants/(x).yaml', 'grants/(x).yaml', true],
  ])('%s on %s is %s', (glob, path, expected) => {
    expect(compileGlob(glob)(path)).toBe(expected);
  });
});

describe('compileGlob with braces', () => {
  it.each([
    ['grants/{team-a,team-b}/*.yaml', 'grants/team-a/x.yaml', true],
    ['grants/{team-a,team-b}/*.yaml', 'grants/team-b/x.yml', true],
    ['grants/{team-a,team-b}/*.yaml', 'grants/team-c/x.yaml', false],
    ['grants/{a,b}/*.yaml,other/*.yaml', 'other/x.yaml', true],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(compileGlob(glob)(path)).toBe(expected);
  });
});
