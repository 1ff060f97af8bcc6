import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on the embedded database on port 3000 by default', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, demoData: 'auto', timeZone: 'Asia/Shanghai' });
  });

  it('reads the variables it knows', () => {
    expect(loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db/minsheng', DEMO_DATA: 'off' })).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u:p@db/minsheng',
      demoData: 'off',
    });
  });

  it('bounds the wait for a database connection: 200 requests, 10 s by default', () => {
    expect(loadConfig({}).databaseWaitBound).toEqual({ maxWaiting: 200, maxWaitMs: 10_000 });
    expect(loadConfig({ DATABASE_QUEUE_LIMIT: '0', DATABASE_QUEUE_TIMEOUT: '2.5' }).databaseWaitBound).toEqual({ maxWaiting: 0, maxWaitMs: 2_500 });
    expect(() => loadConfig({ DATABASE_QUEUE_TIMEOUT: '0' })).toThrow(/DATABASE_QUEUE_TIMEOUT="0"/);
    expect(() => loadConfig({ DATABASE_QUEUE_LIMIT: '-1' })).toThrow(/DATABASE_QUEUE_LIMIT="-1"/);
  });

  it('reads the basemap, and needs a key for Tianditu', () => {
    expect(loadConfig({ BASEMAP: 'osm' }).basemap).toEqual({ kind: 'osm' });
    expect(loadConfig({ BASEMAP: 'https://example.org/style.json' }).basemap).toEqual({ kind: 'style', url: 'https://example.org/style.json' });
    expect(loadConfig({ BASEMAP: 'tianditu', TIANDITU_KEY: 'abcdef0123456789' }).basemap).toEqual({ kind: 'tianditu', key: 'abcdef0123456789' });
    expect(() => loadConfig({ BASEMAP: 'tianditu' })).toThrow(/TIANDITU_KEY/);
    expect(() => loadConfig({ BASEMAP: 'google' })).toThrow(/BASEMAP="google"/);
  });

  it('stops with a message naming every bad variable', () => {
    expect(() => loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', APP_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', APP_TIMEZONE: 'Mars/Olympus' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/PORT="99999"/);
      expect(message).toMatch(/DATABASE_URL="mysql:\/\/x"/);
      expect(message).toMatch(/APP_TIMEZONE="Mars\/Olympus"/);
    }
  });
});
