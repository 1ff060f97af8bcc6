import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { connectDatabase } from '../../server/src/db/database.js';

/** A stand-in for the built client, so that the pages are served as in production and told apart. */
const INDEX_HTML = '<!doctype html><title>app</title><div id="root" data-page="app"></div>';
const EMBED_HTML = '<!doctype html><title>embed</title><div id="root" data-page="embed"></div>';

let app: FastifyInstance;
let clientDir: string;
let shigu: number;
let projectId: number;

beforeAll(async () => {
  clientDir = mkdtempSync(path.join(tmpdir(), 'minsheng-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(clientDir, 'embed.html'), EMBED_HTML);
  const db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 4);
  app = await buildApp({ db, timeZone: 'Asia/Shanghai', clientDir });
  app.addHook('onClose', async () => db.close());
  await app.ready();
  shigu = (await app.db.pool.query<{ id: number }>("SELECT id FROM areas WHERE code = '430407'")).rows[0]!.id;
  projectId = (await app.db.pool.query<{ id: number }>('SELECT id FROM projects ORDER BY id LIMIT 1')).rows[0]!.id;
});

afterAll(async () => {
  await app?.close();
  rmSync(clientDir, { recursive: true, force: true });
});

function directives(policy: string | string[] | number | undefined): Map<string, string> {
  return new Map(
    String(policy)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe('framing', () => {
  it.each(['/', '/some/app/route?kind=charging', '/api/projects', '/docs', '/docs/json', '/api/me', '/embed.html', '/api/no-such-route'])(
    '%s may be framed by this site only',
    async (url) => {
      const response = await app.inject(url);
      expect(directives(response.headers['content-security-policy']).get('frame-ancestors')).toBe("'self'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    },
  );

  it.each(['/embed', '/embed/', '/embed?area=1&kinds=streetlight&lang=en'])('%s is the embed page, and any site may frame it', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toBe(EMBED_HTML);
    expect(directives(response.headers['content-security-policy']).get('frame-ancestors')).toBe('*');
    expect(response.headers['x-frame-options']).toBeUndefined();
  });

  it('serves the app, not the embed, for the app\'s own routes', async () => {
    const response = await app.inject('/some/app/route');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX_HTML);
  });
});

describe('the other security headers', () => {
  it.each(['/', '/embed', '/api/projects', '/api/no-such-route'])('%s: no sniffing, origin-only referrers, scripts from this site only', async (url) => {
    const response = await app.inject(url);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    const policy = directives(response.headers['content-security-policy']);
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'self'");
    // The basemap is any style URL, with tiles on any host: images and connections stay open.
    expect(policy.has('default-src')).toBe(false);
    expect(policy.has('img-src')).toBe(false);
    expect(policy.has('connect-src')).toBe(false);
  });

  it('are on refusals too', async () => {
    const response = await app.inject('/api/projects?kind=rocket');
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('cross-origin reads of the public API', () => {
  const publicReads = () => [
    '/api/projects',
    `/api/projects?area=${shigu}&kind=streetlight,drainage`,
    `/api/projects/${projectId}`,
    '/api/areas?level=district',
    `/api/areas/${shigu}`,
    '/api/kinds',
    '/api/units',
    '/api/config',
    `/api/coverage?area=${shigu}&kind=charging`,
    `/api/coverage/children?area=${shigu}&kind=charging`,
    `/api/gaps?area=${shigu}&kind=charging`,
    `/api/gaps/grid?area=${shigu}&kind=charging`,
    '/api/health',
  ];

  it('are open to any site, for GET and HEAD, and never with credentials', async () => {
    for (const url of publicReads()) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await app.inject({
          method,
          url,
          headers: { origin: 'https://news.example.cn', cookie: 'minsheng_session=whatever' },
        });
        expect(response.statusCode, `${method} ${url}`).toBe(200);
        expect(response.headers['access-control-allow-origin'], `${method} ${url}`).toBe('*');
        expect(response.headers['access-control-allow-credentials'], `${method} ${url}`).toBeUndefined();
      }
    }
  });

  it('include the public API\'s refusals, so another site can read why', async () => {
    for (const url of ['/api/projects?kind=rocket', '/api/projects/999999999']) {
      const response = await app.inject({ url, headers: { origin: 'https://news.example.cn' } });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it.each([
    ['GET', '/api/me'],
    ['POST', '/api/auth/login'],
    ['GET', '/api/users'],
    ['GET', '/api/dashboard'],
    ['GET', '/api/reports/weekly'],
    ['GET', '/api/tasks'],
    ['GET', '/api/projects/1/photos'],
    ['GET', '/api/projects/1/history'],
    ['POST', '/api/projects'],
    ['PATCH', '/api/projects/1'],
    ['POST', '/api/layers/compounds'],
    ['GET', '/docs/json'],
    ['GET', '/'],
    ['GET', '/embed'],
  ] as const)('are not open on %s %s', async (method, url) => {
    const response = await app.inject({ method, url, headers: { origin: 'https://news.example.cn' }, ...(method === 'GET' ? {} : { payload: {} }) });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS preflight', () => {
  const preflight = (url: string, method: string, headers = 'if-none-match') =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://news.example.cn', 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it('lets a GET of the public API go ahead, with the headers it asked for', async () => {
    const response = await preflight('/api/projects?kind=charging', 'GET');
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toBe('GET, HEAD');
    expect(response.headers['access-control-allow-headers']).toBe('if-none-match');
    expect(Number(response.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.body).toBe('');
  });

  it('does not let a write go ahead, even on a public path', async () => {
    for (const method of ['POST', 'PATCH', 'DELETE']) {
      const response = await preflight(`/api/projects/${projectId}`, method, 'content-type');
      expect(response.statusCode).not.toBe(204);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('does not answer for paths outside the public API', async () => {
    for (const url of ['/api/me', '/api/auth/login', '/api/projects/1/history', '/api/users']) {
      const response = await preflight(url, 'GET');
      expect(response.statusCode).not.toBe(204);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});
