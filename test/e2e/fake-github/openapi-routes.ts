import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One top-level property rule: the JSON types it may take and its allowed values. */
interface PropertyRule {
  types: string[] | undefined;
  nullable: boolean;
  enum: unknown[] | undefined;
}

/** A loose reading of one request-body schema: top-level type, required keys, property rules. */
interface ShapeRule {
  type: string | undefined;
  required: string[];
  properties: Map<string, PropertyRule>;
}

/** An operation of GitHub's REST description, compiled for matching and loose validation. */
export interface ApiRoute {
  /** `METHOD /template`, e.g. `GET /repos/{owner}/{repo}/pulls/{pull_number}`. */
  key: string;
  template: string;
  matcher: RegExp;
  paramNames: string[];
  /** Length of the template's literal text: when several templates match, the longest wins. */
  specificity: number;
  requiredQuery: string[];
  body: { required: boolean; alternatives: ShapeRule[] } | undefined;
}

/** A request matched to an operation, with decoded path parameters. */
export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

type Json = Record<string, unknown>;

// Parameters GitHub lets span several path segments (file paths, `heads/feature/x`, branch names).
const MULTI_SEGMENT = new Set(['path', 'ref', 'branch']);
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

let compiled: Map<string, ApiRoute[]> | undefined;

/** The compiled operations grouped by method, most specific template first; parsed once per process. */
function routesByMethod(): Map<string, ApiRoute[]> {
  if (compiled) return compiled;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const byMethod = new Map<string, ApiRoute[]>();
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    const { matcher, paramNames, specificity } = compileTemplate(template);
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const upper = method.toUpperCase();
      const route: ApiRoute = {
        key: `${upper} ${template}`,
        template,
        matcher,
        paramNames,
        specificity,
        requiredQuery: queryParameters(spec, item, op),
        body: bodyRule(spec, op),
      };
      const list = byMethod.get(upper) ?? [];
      list.push(route);
      byMethod.set(upper, list);
    }
  }
  for (const list of byMethod.values()) {
    // `/commits/{ref}/statuses` must be tried before the multi-segment `/commits/{ref}`.
    list.sort((a, b) => b.specificity - a.specificity);
  }
  compiled = byMethod;
  return byMethod;
}

function compileTemplate(template: string): {
  matcher: RegExp;
  paramNames: string[];
  specificity: number;
} {
  // Octokit drops an empty trailing `{path}` with its slash (`…/contents` for the root); GitHub serves it.
  const optionalPath = template.endsWith('/{path}');
  const paramNames: string[] = [];
  let specificity = 0;
  const source = (optionalPath ? template.slice(0, -'/{path}'.length) : template)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (param === undefined) {
        specificity += part.length;
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      }
      paramNames.push(param);
      return MULTI_SEGMENT.has(param) ? '(.+)' : '([^/]+)';
    })
    .join('');
  if (optionalPath) paramNames.push('path');
  const tail = optionalPath ? '(?:/(.*))?' : '';
  return { matcher: new RegExp(`^${source}${tail}$`), paramNames, specificity };
}

function deref(spec: Json, value: unknown): Json {
  let node = value as Json;
  while (typeof node.$ref === 'string') {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => at[key] as Json, spec);
  }
  return node;
}

function queryParameters(spec: Json, item: Json, op: Json): string[] {
  const all = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
  return all
    .map((p) => deref(spec, p))
    .filter((p) => p.in === 'query' && p.required === true)
    .map((p) => String(p.name));
}

function bodyRule(spec: Json, op: Json): ApiRoute['body'] {
  if (!op.requestBody) return undefined;
  const requestBody = deref(spec, op.requestBody);
  const media = (requestBody.content as Record<string, Json> | undefined)?.['application/json'];
  if (!media?.schema) return undefined;
  return { required: requestBody.required === true, alternatives: shapeRules(spec, media.schema) };
}

function shapeRules(spec: Json, raw: unknown): ShapeRule[] {
  const schema = deref(spec, raw);
  const choices = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (choices) return choices.flatMap((choice) => shapeRules(spec, choice));
  const parts = ((schema.allOf as unknown[] | undefined) ?? [schema]).map((s) => deref(spec, s));
  const properties = new Map<string, PropertyRule>();
  const required: string[] = [];
  for (const part of parts) {
    required.push(...((part.required as string[] | undefined) ?? []));
    for (const [name, prop] of Object.entries((part.properties as Json | undefined) ?? {})) {
      const p = deref(spec, prop);
      properties.set(name, {
        types: p.type === undefined ? undefined : [p.type].flat().map(String),
        nullable: p.nullable === true,
        enum: p.enum as unknown[] | undefined,
      });
    }
  }
  const type = parts.find((p) => typeof p.type === 'string')?.type as string | undefined;
  return [{ type, required, properties }];
}

/** Finds the operation of GitHub's description that serves `method path` (HEAD is served as GET). */
export function findRoute(method: string, path: string): RouteMatch | undefined {
  const routes = routesByMethod().get(method === 'HEAD' ? 'GET' : method) ?? [];
  for (const route of routes) {
    const m = route.matcher.exec(path);
    if (!m) continue;
    try {
      const params = Object.fromEntries(
        route.paramNames.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]),
      );
      return { route, params };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** True when GitHub's description has an operation with this key, e.g. `GET /repos/{owner}/{repo}`. */
export function hasOperation(key: string): boolean {
  const [method = '', template] = key.split(' ');
  return (routesByMethod().get(method) ?? []).some((r) => r.template === template);
}

/** Problems of a request against the operation's required query parameters and body schema. */
export function validateRequest(
  route: ApiRoute,
  query: Record<string, string>,
  body: unknown,
): string[] {
  const problems = route.requiredQuery
    .filter((name) => !(name in query))
    .map((name) => `missing required query parameter "${name}"`);
  const rule = route.body;
  if (!rule || rule.alternatives.length === 0) return problems;
  if (body === undefined) {
    if (rule.required) problems.push('missing required JSON body');
    return problems;
  }
  const perAlternative = rule.alternatives.map((shape) => shapeProblems(shape, body));
  const fitting = perAlternative.find((p) => p.length === 0);
  if (!fitting) problems.push(...(perAlternative[0] ?? []));
  return problems;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeAllowed(allowed: string[], actual: string): boolean {
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

function shapeProblems(shape: ShapeRule, body: unknown): string[] {
  const actual = jsonType(body);
  if (shape.type && !typeAllowed([shape.type], actual)) {
    return [`body must be ${shape.type}, got ${actual}`];
  }
  if (actual !== 'object') return [];
  const record = body as Record<string, unknown>;
  const problems = shape.required
    .filter((name) => record[name] === undefined)
    .map((name) => `missing required body field "${name}"`);
  for (const [name, value] of Object.entries(record)) {
    const rule = shape.properties.get(name);
    if (!rule || value === undefined) continue;
    const type = jsonType(value);
    if (type === 'null') {
      if (!rule.nullable && rule.types && !rule.types.includes('null')) {
        problems.push(`body field "${name}" must not be null`);
      }
      continue;
    }
    if (rule.types && !typeAllowed(rule.types, type)) {
      problems.push(`body field "${name}" must be ${rule.types.join('|')}, got ${type}`);
    } else if (rule.enum && !rule.enum.includes(value)) {
      problems.push(`body field "${name}" must be one of ${rule.enum.join(', ')}`);
    }
  }
  return problems;
}
