import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/http.js';
import { errorInBothLanguages } from './bothLanguages.js';

describe('an import error in both languages', () => {
  it('takes the server\'s Chinese and English words from a refusal', () => {
    const refusal = new ApiError(400, { code: 'NO_HEADER', message: 'No header row was found', message_zh: '找不到表头行' });
    expect(errorInBothLanguages(refusal)).toEqual({ zh: '找不到表头行', en: 'No header row was found' });
  });

  it('says a 400 by the reasons of its fields, which carry the Chinese', () => {
    const refusal = new ApiError(400, {
      code: 'INVALID_INPUT',
      message: 'body/lon: outside China',
      errors: [{ in: 'body', field: '/lon', reason: 'the point is outside China', reason_zh: '该点不在中国境内' }],
    });
    expect(errorInBothLanguages(refusal)).toEqual({ zh: '该点不在中国境内', en: 'the point is outside China' });
  });

  it('takes them from a failed import\'s state too', () => {
    expect(errorInBothLanguages({ code: 'FAILED', message: 'The file changed', message_zh: '文件已变化' })).toEqual({ zh: '文件已变化', en: 'The file changed' });
  });

  it('says the one message there is twice when there is no Chinese, such as a lost connection', () => {
    expect(errorInBothLanguages(new TypeError('Failed to fetch'))).toEqual({ zh: 'Failed to fetch', en: 'Failed to fetch' });
    expect(errorInBothLanguages(new ApiError(502, {}))).toEqual({ zh: 'HTTP 502', en: 'HTTP 502' });
  });
});
