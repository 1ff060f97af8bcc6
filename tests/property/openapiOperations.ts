import type { HostileValue } from './hostileValues.js';

/** The parts of an OpenAPI 3 document this test reads. */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  minimum?: number;
  minItems?: number;
  minLength?: number;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
}

/** One place a hostile value can go. */
export interface Target {
  label: string;
  accepts(value: HostileValue): boolean;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  /** Logging in or out with a session's cookie ends that session. */
  endsSession: boolean;
  targets(): Target[];
  request(target: Target | undefined, value: HostileValue, uploads: Buffer[]): { url: string; headers: Record<string, string>; payload?: string | Buffer };
}

/** Values for path parameters that are not the target: ones that name something in the demo data. */
const PATH_DEFAULTS: Record<string, string> = { collectionId: 'streetlight_projects', code: 'streetlight', z: '14', x: '13316', y: '6920', row: '2' };

/** A plausible value of a schema: required properties, first choices, smallest numbers. */
export function sampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return sampleOf(branches.find((b) => b.type !== 'null') ?? branches[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sampleOf(s, depth + 1)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items, depth + 1));
    case 'string':
      return schema.format === 'date' ? '2024-01-05' : schema.format === 'date-time' ? '2024-01-05T08:00:00Z' : 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** JSON pointers of the leaves (and of the objects, for keys) of a sample body; at most `limit` of each. */
function pointersOf(value: unknown, pointer = '', found: { leaves: string[]; objects: string[] } = { leaves: [], objects: [] }, limit = 16) {
  if (value !== null && typeof value === 'object') {
    if (!Array.isArray(value) && found.objects.length < limit) found.objects.push(pointer);
    for (const [key, child] of Object.entries(value)) pointersOf(child, `${pointer}/${key}`, found, limit);
  } else if (found.leaves.length < limit) {
    found.leaves.push(pointer);
  }
  return found;
}

const MARK = '\u0001HOSTILE\u0001';

/** The sample body as JSON text with the value at `pointer` (or a key added to the object there) written raw. */
function poisonedBody(sample: unknown, pointer: string, fragment: string, asKey: boolean): string {
  const copy = structuredClone(sample) as Record<string, unknown>;
  const parts = pointer.split('/').slice(1);
  if (asKey) {
    let node: unknown = copy;
    for (const p of parts) node = (node as Record<string, unknown>)[p];
    (node as Record<string, unknown>)[MARK] = 1;
    return JSON.stringify(copy).replace(JSON.stringify(MARK), fragment);
  }
  if (parts.length === 0) return fragment;
  let node: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  node[parts.at(-1)!] = MARK;
  return JSON.stringify(copy).replace(JSON.stringify(MARK), fragment);
}

const isJsonStringFragment = (v: HostileValue) => v.json?.startsWith('"') === true;
/** Uploads take bytes: a file, the workbook with a far cell, garbage, nothing. */
const UPLOAD_ROUTES: Record<string, string> = {
  '/api/imports': 'application/octet-stream',
  '/api/list-imports': 'application/octet-stream',
  '/api/projects/{id}/photos': 'image/jpeg',
};

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const parameters = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
      const jsonSchema = op.requestBody?.content['application/json']?.schema;
      const sample = jsonSchema ? sampleOf(jsonSchema) : undefined;
      const pointers = sample === undefined ? { leaves: [], objects: [] } : pointersOf(sample);
      const upload = method === 'post' ? UPLOAD_ROUTES[path] : undefined;

      const targets: Target[] = [
        ...parameters.map((p) => ({ label: `${p.in} ${p.name}`, accepts: (v: HostileValue) => v.url !== undefined })),
        ...pointers.leaves.map((pointer) => ({ label: `body ${pointer || '(whole)'}`, accepts: (v: HostileValue) => v.json !== undefined || (pointer === '' && v.bytes !== undefined) })),
        ...pointers.objects.map((pointer) => ({ label: `key in body ${pointer || '/'}`, accepts: isJsonStringFragment })),
        ...(jsonSchema ? [{ label: 'body (whole)', accepts: (v: HostileValue) => v.json !== undefined || v.bytes !== undefined }] : []),
        ...(upload ? [{ label: 'uploaded file', accepts: () => true }] : []),
      ];
      // An operation with nothing to poison is still asked, once per value, as it is.
      if (targets.length === 0) targets.push({ label: 'as it is', accepts: (v) => v === undefined || v.url !== undefined });

      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        endsSession: path === '/api/auth/login' || path === '/api/auth/logout',
        targets: () => targets,
        request(target, value, uploads): ReturnType<Operation['request']> {
          let url = path;
          for (const p of parameters.filter((q) => q.in === 'path')) {
            const poisoned = target?.label === `path ${p.name}`;
            url = url.replace(`{${p.name}}`, poisoned ? value.url! : (PATH_DEFAULTS[p.name] ?? '1'));
          }
          const query: string[] = [];
          for (const p of parameters.filter((q) => q.in === 'query')) {
            if (target?.label === `query ${p.name}`) {
              query.push(`${encodeURIComponent(p.name)}=${value.url}`);
              if (value.repeated) query.push(`${encodeURIComponent(p.name)}=${value.url}`);
            } else if (p.required) {
              query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(String(sampleOf(p.schema)))}`);
            }
          }
          if (query.length > 0) url += `?${query.join('&')}`;

          if (target?.label === 'uploaded file') {
            const files = [...uploads, Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x00]), Buffer.alloc(0), Buffer.concat([Buffer.from('项目名称,类型\n'), Buffer.from([0xff, 0x00, 0xfe])])];
            const file = files[Math.abs(hash(value.label)) % files.length]!;
            return { url, headers: { 'content-type': upload! }, payload: file };
          }
          if (!jsonSchema) return { url, headers: {} };
          const headers = { 'content-type': 'application/json' };
          if (target?.label.startsWith('body ') || target?.label === 'body (whole)') {
            if (value.bytes) return { url, headers, payload: value.bytes };
            const pointer = target.label === 'body (whole)' ? '' : target.label.slice('body '.length).replace('(whole)', '');
            return { url, headers, payload: poisonedBody(sample, pointer, value.json!, false) };
          }
          if (target?.label.startsWith('key in body ')) {
            const pointer = target.label.slice('key in body '.length).replace(/^\/$/, '');
            return { url, headers, payload: poisonedBody(sample, pointer, value.json!, true) };
          }
          return { url, headers, payload: JSON.stringify(sample) };
        },
      });
    }
  }
  return operations;
}

function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
