import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RequestRefusedError } from '../domain/errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The 0-based offset of the first byte that is not UTF-8, for the error
 * message: the longest prefix that decodes as the start of UTF-8 text (a
 * character cut at the end is allowed in stream mode) ends just before it.
 */
function firstInvalidByte(bytes: Buffer): number {
  const startsValid = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (startsValid(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

const invalidUtf8 = (offset: number) =>
  new RequestRefusedError(
    400,
    'INVALID_UTF8',
    `the request body is not valid UTF-8 (byte ${offset + 1}); send JSON text in UTF-8`,
    `请求内容不是有效的 UTF-8 编码(第 ${offset + 1} 个字节);JSON 须使用 UTF-8 编码`,
  );

/**
 * JSON bodies are decoded strictly: a byte that is not UTF-8 is refused with a
 * 400, where Node's default decoding would replace it with U+FFFD and the
 * server would store text the client never sent. The parsing itself (and its
 * guard against prototype poisoning) is Fastify's own.
 */
export const jsonBodyPlugin = fp(
  async (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      let text: string;
      try {
        text = strictUtf8.decode(body as Buffer);
      } catch {
        done(invalidUtf8(firstInvalidByte(body as Buffer)), undefined);
        return;
      }
      parseJson(request, text, done);
    });
  },
  { name: 'json-body' },
);
