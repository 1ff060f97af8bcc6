import { describe, expect, it } from 'vitest';
import { validatorCompiler, withNumberBounds } from './validation.js';

const compile = (schema: object, httpPart = 'querystring') =>
  validatorCompiler({ schema, httpPart, method: 'GET', url: '/' } as Parameters<typeof validatorCompiler>[0]) as ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] };

describe('numbers in a request', () => {
  it('get a bound where the schema gives none, and keep the ones it gives', () => {
    expect(withNumberBounds({ type: 'object', properties: { n: { type: 'integer', maximum: 10 }, m: { type: 'integer' }, f: { type: 'number', exclusiveMinimum: 0 } } })).toEqual({
      type: 'object',
      properties: {
        n: { type: 'integer', maximum: 10, minimum: -Number.MAX_SAFE_INTEGER },
        m: { type: 'integer', maximum: Number.MAX_SAFE_INTEGER, minimum: -Number.MAX_SAFE_INTEGER },
        f: { type: 'number', exclusiveMinimum: 0, maximum: Number.MAX_VALUE },
      },
    });
  });

  it('refuses Infinity and integers past exactness, from a query string', () => {
    const validate = compile({ type: 'object', properties: { after: { type: 'integer', minimum: 0 } } });
    for (const after of ['1e309', '99999999999999999999', '9007199254740992']) {
      expect(validate({ after }), after).toBe(false);
      expect(validate.errors![0]!.instancePath).toBe('/after');
    }
    expect(validate({ after: '9007199254740991' })).toBe(true);
  });

  it('refuses unsafe text before the schema is asked, naming the field', () => {
    const validate = compile({ type: 'object', properties: { title: { type: 'string' } } }, 'body');
    expect(validate({ title: 'a\u0000' })).toBe(false);
    expect(validate.errors).toMatchObject([{ keyword: 'text', instancePath: '/title' }]);
  });
});
