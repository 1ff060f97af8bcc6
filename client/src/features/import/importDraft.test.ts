import { describe, expect, it } from 'vitest';
import type { ImportState, LedgerSummary, SheetOutlineOutput } from '../../../../server/src/domain/ledgerImport.js';
import { applyRememberedMapping, initialDraft, withLedgerName, withSheet } from './importDraft.js';

const sheet = (name: string, headers: string[], header_row: number | null = 1): SheetOutlineOutput => ({
  name,
  header_row,
  data_rows: 3,
  columns: headers.map((header, index) => ({ index, letter: String.fromCharCode(65 + index), header, field: header === '项目名称' ? 'title' : null, samples: [] })),
});

const uploaded = (sheets: SheetOutlineOutput[]): ImportState => ({
  id: 7,
  file_name: '石鼓区路灯台账.xlsx',
  byte_size: 1000,
  state: 'uploaded',
  created_by: 'planner',
  created_at: '2026-05-01T08:00:00Z',
  progress: { done: 0, total: 0 },
  sheets,
  ledger: { name: '石鼓区路灯台账', known: false },
  crs: 'wgs84',
  options: null,
  counts: null,
  warned: null,
  error: null,
});

const ledger = (mapping: LedgerSummary['mapping'], crs: LedgerSummary['crs'] = 'gcj02'): LedgerSummary => ({
  id: 1,
  name: '路灯台账',
  crs,
  mapping,
  projects: 12,
  updated_at: '2026-04-01T00:00:00Z',
});

describe('the mapping step\'s first choices', () => {
  it('opens on the first sheet with a header, with the fields the server guessed', () => {
    const draft = initialDraft(uploaded([sheet('说明', ['备注'], null), sheet('台账', ['序号', '项目名称'])]));
    expect(draft).toEqual({ ledger_name: '石鼓区路灯台账', crs: 'wgs84', sheet: '台账', header_row: 1, mapping: [null, 'title'] });
  });

  it('reopens on what the planner last asked for', () => {
    const options = { ledger_name: '路灯台账', crs: 'gcj02' as const, sheet: '台账', header_row: 2, mapping: ['ledger_key' as const, 'title' as const] };
    expect(initialDraft({ ...uploaded([sheet('台账', ['序号', '项目名称'])]), state: 'previewed', options })).toEqual(options);
  });

  it('takes another sheet\'s header row and columns when the sheet changes', () => {
    const draft = initialDraft(uploaded([sheet('一', ['项目名称']), sheet('二', ['地址', '项目名称'], 3)]));
    expect(withSheet(draft, sheet('二', ['地址', '项目名称'], 3))).toMatchObject({ sheet: '二', header_row: 3, mapping: [null, 'title'] });
  });
});

describe('a known ledger\'s remembered mapping', () => {
  it('matches headers after normalising them, and keeps what it remembered as ignored', () => {
    const remembered = { 项目名称: 'title', 类别: 'kind', 备注: null } as const;
    expect(applyRememberedMapping(['项目 名称(必填)', '类别', '备注', '地址'], ['title', null, 'internal_note', 'address'], remembered)).toEqual([
      'title',
      'kind',
      null,
      'address',
    ]);
  });

  it('takes a field away from a guessed column when a remembered column has it', () => {
    expect(applyRememberedMapping(['位置', '详细地址'], ['address', null], { 详细地址: 'address' })).toEqual([null, 'address']);
  });

  it('is applied with its coordinate system when the planner names that ledger', () => {
    const draft = initialDraft(uploaded([sheet('台账', ['项目名称', '类别'])]));
    const named = withLedgerName(draft, '路灯台账', ['项目名称', '类别'], [ledger({ 类别: 'kind' })]);
    expect(named).toMatchObject({ ledger_name: '路灯台账', crs: 'gcj02', mapping: ['title', 'kind'] });
  });

  it('leaves the choices alone for a new ledger name', () => {
    const draft = initialDraft(uploaded([sheet('台账', ['项目名称', '类别'])]));
    expect(withLedgerName(draft, '新台账', ['项目名称', '类别'], [ledger({ 类别: 'kind' })])).toEqual({ ...draft, ledger_name: '新台账' });
  });
});
