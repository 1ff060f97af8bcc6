import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { lastFullWeek, parseIsoWeek, REPORT_FORMATS, WeeklyReportSchema, type WeekSpan } from '../domain/dashboard.js';
import type { FieldError } from '../domain/errors.js';
import { reportCsv } from '../reports/csv.js';
import { contentDisposition } from '../reports/table.js';
import { weeklyReportTables } from '../reports/weeklyReport.js';
import { reportXlsx } from '../reports/xlsx.js';
import { weeklyReportOf } from '../services/dashboard.js';
import { parseScope, ScopeQuery } from './dashboard.js';
import { errorResponses } from './errorResponses.js';

const WeeklyQuery = Type.Object(
  {
    week: Type.Optional(Type.String({ description: 'an ISO week, e.g. 2026-W47 (Monday to Sunday). Omitted: the last full week' })),
    ...ScopeQuery,
    format: Type.Optional(Type.Enum(REPORT_FORMATS, { default: 'json', description: 'json, or a download: csv (UTF-8 with BOM, for Excel) or xlsx' })),
  },
  { additionalProperties: false },
);

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The week asked for, or the errors saying why it cannot be reported. */
function weekOf(text: string | undefined, today: string): { week?: WeekSpan; error?: FieldError } {
  if (text === undefined) return { week: lastFullWeek(today) };
  const week = parseIsoWeek(text);
  if (!week) {
    return { error: { in: 'querystring', field: '/week', reason: 'must be an ISO week that exists, written like 2026-W47', reason_zh: '须为存在的 ISO 周,格式如 2026-W47' } };
  }
  if (week.start > today) {
    return { error: { in: 'querystring', field: '/week', reason: `${text} has not begun yet`, reason_zh: `${text} 尚未开始` } };
  }
  return { week };
}

/** The weekly summary (周通报): JSON for the page, CSV and XLSX to download. */
export function weeklyReportRoutes(timeZone: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    const mayRead = app.authorize('readDashboard');
    const mayExport = app.authorize('exportReports');

    app.get(
      '/api/reports/weekly',
      {
        schema: {
          summary: 'The weekly summary (周通报) of an area: new, assigned, completed and verified in the week, open and overdue at its end',
          description: 'format=json needs readDashboard; csv and xlsx (Chinese headers) need exportReports.',
          tags: ['dashboard'],
          querystring: WeeklyQuery,
          response: {
            200: {
              description: 'the summary, or the file to download (Content-Disposition names it in Chinese)',
              content: {
                'application/json': { schema: WeeklyReportSchema },
                'text/csv': { schema: Type.String() },
                [XLSX_TYPE]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
              },
            },
            ...errorResponses(401, 403),
          },
        },
        preHandler: async function (request, reply) {
          const format = request.query.format ?? 'json';
          await (format === 'json' ? mayRead : mayExport).call(this, request, reply);
        },
      },
      async (request, reply) => {
        const today = app.today();
        const { week, error } = weekOf(request.query.week, today);
        const scope = await parseScope(app.db.pool, request.query, error ? [error] : []);
        const report = await weeklyReportOf(app.db.pool, { ...scope, today, timeZone }, week!);
        const format = request.query.format ?? 'json';
        if (format === 'json') return report;

        const tables = weeklyReportTables(report);
        const ascii = `weekly-report-${report.week.week}.${format}`;
        reply.header('content-disposition', contentDisposition(ascii, `${tables.fileName}.${format}`));
        // A download is the same whoever asks again; but it holds staff figures, so never a shared cache.
        reply.header('cache-control', 'private, no-store');
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(reportCsv(tables));
        return reply.type(XLSX_TYPE).send(await reportXlsx(tables));
      },
    );
  };
}
