import { describe, expect, it } from 'vitest';
import { parseQueryString, UNDECODABLE_KEYS } from './querystring.js';

describe('the query string', () => {
  it('reads as Fastify reads it: escapes decoded, + a space, a repeated key a list', () => {
    const parsed = parseQueryString('q=%E8%B7%AF%E7%81%AF+12&kind=a&kind=b&empty=&flag');
    expect({ ...parsed }).toEqual({ q: '路灯 12', kind: ['a', 'b'], empty: '', flag: '' });
    expect(parsed[UNDECODABLE_KEYS]).toBeUndefined();
  });

  it('remembers the keys whose value does not decode to UTF-8, instead of passing the raw escapes on', () => {
    const parsed = parseQueryString('q=%FF&area=1&title=%ED%A0%80');
    expect(parsed[UNDECODABLE_KEYS]).toEqual(['q', 'title']);
    expect(Object.keys(parsed)).toEqual(['q', 'area', 'title']);
  });
});
