import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DatabaseBusyError } from '../db/boundedPool.js';
import type { ErrorBody } from '../domain/errorBody.js';
import { InvalidInputError, NotFoundError, RequestRefusedError, VersionConflictError, type FieldError } from '../domain/errors.js';

/** The shape of every error response: one schema, declared on every route (see routes/errorResponses.ts). */
export type { ErrorBody };

type AjvError = NonNullable<FastifyError['validation']>[number];

const ZH_BY_KEYWORD: Record<string, (e: AjvError) => string> = {
  required: () => '必填',
  additionalProperties: () => '不接受未知字段',
  type: (e) => `类型应为 ${String(e.params.type)}`,
  enum: (e) => `须为以下之一:${(e.params.allowedValues as unknown[]).join('、')}`,
  format: () => '格式应为日期 YYYY-MM-DD(且须为真实日期)',
  minLength: () => '不能为空',
  maxLength: (e) => `不能超过 ${String(e.params.limit)} 个字符`,
  pattern: () => '格式不正确',
  minimum: (e) => `不能小于 ${String(e.params.limit)}`,
  maximum: (e) => `不能大于 ${String(e.params.limit)}`,
  const: (e) => `须为 ${JSON.stringify(e.params.allowedValue)}`,
  text: (e) => String(e.params.reason_zh),
};

function englishReason(e: AjvError): string {
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field, so it is not accepted';
    case 'enum':
      return `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'format':
      return e.params.format === 'date' ? 'must be a real date written YYYY-MM-DD' : `must be in ${String(e.params.format)} format`;
    case 'minLength':
      return 'must not be empty';
    case 'maximum':
      return `must not be greater than ${String(e.params.limit)}`;
    case 'minimum':
      return `must not be less than ${String(e.params.limit)}`;
    case 'pattern':
      return e.instancePath.endsWith('title') ? 'must not be blank' : `is not in the expected form (${String(e.params.pattern)})`;
    default:
      return e.message ?? 'is invalid';
  }
}

function fieldOf(e: AjvError): string {
  if (e.keyword === 'required') return `${e.instancePath}/${String(e.params.missingProperty)}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(e.params.additionalProperty)}`;
  return e.instancePath;
}

/**
 * Turns the schema validator's findings into one error per field, in words a
 * planner understands. A union (value or null) fails on every branch; the first
 * branch's reason is the useful one, so the rest are dropped.
 */
export function fieldErrorsFromValidation(errors: AjvError[], part: FieldError['in']): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const field = fieldOf(e);
    if (byField.has(field)) continue;
    byField.set(field, { in: part, field, reason: englishReason(e), reason_zh: (ZH_BY_KEYWORD[e.keyword] ?? (() => '取值无效'))(e) });
  }
  return [...byField.values()];
}

function send(reply: FastifyReply, body: ErrorBody): FastifyReply {
  return reply.code(body.statusCode).type('application/json; charset=utf-8').send(body);
}

function invalidInput(errors: FieldError[]): ErrorBody {
  return {
    statusCode: 400,
    error: 'Bad Request',
    code: 'INVALID_INPUT',
    message: errors.map((e) => `${e.in}${e.field}: ${e.reason}`).join('; '),
    errors,
  };
}

/** When a client refused for a busy database should try again. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 5;

/** Every database connection was busy for longer than the configured bound: the request did nothing. */
function databaseBusy(error: DatabaseBusyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.log.warn({ reason: error.reason, bound: error.bound }, `database busy: ${error.message}`);
  reply.header('retry-after', String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
  const zh = error.reason === 'queue-full' ? `已有 ${error.bound.maxWaiting} 个请求在排队等待数据库` : `等待数据库超过 ${error.bound.maxWaitMs / 1000} 秒`;
  return send(reply, {
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'DATABASE_BUSY',
    message: `the server is busy (${error.message}); nothing was changed: try again in ${DATABASE_BUSY_RETRY_AFTER_SECONDS} s`,
    message_zh: `服务器繁忙(${zh}),本次请求未作任何更改,请 ${DATABASE_BUSY_RETRY_AFTER_SECONDS} 秒后再试`,
  });
}

/** Plugins that build their own error objects (the rate limit) may carry a Chinese message too. */
function chineseMessageOf(error: unknown): { message_zh?: string } {
  const zh = (error as { message_zh?: unknown }).message_zh;
  return typeof zh === 'string' ? { message_zh: zh } : {};
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation) {
    const part = (error.validationContext ?? 'body') as FieldError['in'];
    return send(reply, invalidInput(fieldErrorsFromValidation(error.validation, part)));
  }
  if (error instanceof InvalidInputError) return send(reply, invalidInput(error.errors));
  if (error instanceof DatabaseBusyError) return databaseBusy(error, request, reply);
  if (error instanceof NotFoundError) {
    return send(reply, { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: error.message });
  }
  if (error instanceof VersionConflictError) {
    return send(reply, {
      statusCode: 409,
      error: 'Conflict',
      code: 'VERSION_CONFLICT',
      message: error.message,
      currentVersion: error.currentVersion,
    });
  }
  if (error instanceof RequestRefusedError) {
    if (error.retryAfter !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfter))));
    return send(reply, {
      ...error.details,
      statusCode: error.statusCode,
      error: STATUS_CODES[error.statusCode]!,
      code: error.code,
      message: error.message,
      message_zh: error.message_zh,
    });
  }
  // Fastify's own client errors (malformed JSON, body too large, wrong content
  // type) carry a status below 500 and a message with no internals.
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return send(reply, {
      statusCode: error.statusCode,
      error: STATUS_CODES[error.statusCode] ?? 'Bad Request',
      code: error.code ?? 'BAD_REQUEST',
      message: error.message,
      ...chineseMessageOf(error),
    });
  }
  // Anything else is our fault. The details (SQL included) go to the log only.
  request.log.error({ err: error }, 'unexpected error');
  return send(reply, {
    statusCode: 500,
    error: 'Internal Server Error',
    code: 'INTERNAL',
    message: `An unexpected error occurred. Quote request id ${request.id} when reporting it.`,
    requestId: request.id,
  });
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(handleError);
  },
  { name: 'errors' },
);
