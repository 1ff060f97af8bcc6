/**
 * The fields a project ledger (台账) row can fill, and the headers districts
 * use for them. A header is recognised after normalising it (full-width to
 * half-width, spaces, brackets and their contents such as units dropped,
 * case folded), so "项目名称 ", "项目 名称" and "项目名称(必填)" all match.
 */
export const LEDGER_FIELDS = [
  'ledger_key',
  'title',
  'kind',
  'status',
  'address',
  'lon',
  'lat',
  'district',
  'street',
  'community',
  'unit',
  'reported_on',
  'deadline',
  'completed_on',
  'verified_on',
  'households',
  'description',
  'reporter_name',
  'reporter_phone',
  'completion_note',
  'internal_note',
  'attributes',
  'geometry',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** What each field is called in the mapping step, Chinese first. */
export const LEDGER_FIELD_LABELS: Record<LedgerField, { zh: string; en: string }> = {
  ledger_key: { zh: '台账编号(序号)', en: 'Ledger key' },
  title: { zh: '项目名称', en: 'Title' },
  kind: { zh: '类型', en: 'Kind' },
  status: { zh: '状态', en: 'Status' },
  address: { zh: '地址', en: 'Address' },
  lon: { zh: '经度', en: 'Longitude' },
  lat: { zh: '纬度', en: 'Latitude' },
  district: { zh: '所属区县(仅参考)', en: 'District (for reference)' },
  street: { zh: '街道(仅参考)', en: 'Street (for reference)' },
  community: { zh: '社区(仅参考)', en: 'Community (for reference)' },
  unit: { zh: '责任单位', en: 'Responsible unit' },
  reported_on: { zh: '上报日期', en: 'Reported on' },
  deadline: { zh: '完成时限', en: 'Deadline' },
  completed_on: { zh: '完成日期', en: 'Completed on' },
  verified_on: { zh: '回访日期', en: 'Verified on' },
  households: { zh: '受益户数', en: 'Households' },
  description: { zh: '情况说明', en: 'Description' },
  reporter_name: { zh: '上报人(不公开)', en: 'Reporter (private)' },
  reporter_phone: { zh: '联系电话(不公开)', en: 'Phone (private)' },
  completion_note: { zh: '整改情况', en: 'Completion note' },
  internal_note: { zh: '内部备注(不公开)', en: 'Internal note (private)' },
  attributes: { zh: '项目属性(JSON)', en: 'Attributes (JSON)' },
  geometry: { zh: '几何(GeoJSON)', en: 'Geometry (GeoJSON)' },
};

const SYNONYMS: Record<LedgerField, readonly string[]> = {
  ledger_key: ['序号', '编号', '项目编号', '台账编号', 'id', 'no', 'number', 'ledgerkey'],
  title: ['项目名称', '名称', '事项', '事项名称', '标题', '问题', '项目', 'title', 'name', 'project'],
  kind: ['类型', '类别', '项目类型', '项目类别', '分类', 'kind', 'type', 'category'],
  status: ['状态', '进展', '进度', '办理状态', '整改状态', '完成情况', 'status', 'progress'],
  address: ['地址', '位置', '详细地址', '具体位置', '地点', 'address', 'location'],
  lon: ['经度', 'lon', 'lng', 'long', 'longitude', 'x'],
  lat: ['纬度', 'lat', 'latitude', 'y'],
  district: ['所属区县', '区县', '县区', '区', '县', 'district', 'county'],
  street: ['街道', '乡镇', '街道乡镇', '所属街道', 'street', 'town', 'township'],
  community: ['社区', '村', '社区村', '村社区', '所属社区', 'community', 'village'],
  unit: ['责任单位', '承办单位', '牵头单位', '办理单位', '责任部门', 'unit', 'responsibleunit', 'agency'],
  reported_on: ['上报日期', '上报时间', '发现日期', '登记日期', '受理日期', 'reportedon', 'reported', 'reportdate'],
  deadline: ['完成时限', '整改时限', '办结时限', '截止日期', '期限', 'deadline', 'duedate'],
  completed_on: ['完成日期', '完成时间', '办结日期', 'completedon', 'completed'],
  verified_on: ['回访日期', '销号日期', '验收日期', 'verifiedon', 'verified'],
  households: ['受益户数', '户数', '受益群众户数', 'households', 'householdsbenefited'],
  description: ['情况说明', '问题描述', '具体内容', '描述', '内容', 'description', 'details'],
  reporter_name: ['上报人', '反映人', '联系人', '报告人', 'reporter', 'reportername'],
  reporter_phone: ['联系电话', '电话', '手机', '联系方式', 'phone', 'telephone', 'reporterphone'],
  completion_note: ['整改情况', '整改措施', '办理结果', '处理结果', '完成情况说明', 'completionnote', 'result'],
  // A ledger's remarks are written by staff for staff: kept private.
  internal_note: ['内部备注', '备注', '备注说明', 'internalnote', 'note', 'notes', 'remarks', 'remark'],
  attributes: ['项目属性', 'attributes'],
  geometry: ['几何', '几何geojson', 'geometry', 'geojson', 'wkt'],
};

/** Full-width ASCII (ＡＢＣ１２３，) to half-width, and the ideographic space to a space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function normaliseHeader(header: string): string {
  return toHalfWidth(header)
    .toLowerCase()
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[\s_\-·.:：*]/g, '');
}

const BY_SYNONYM = new Map<string, LedgerField>(
  (Object.entries(SYNONYMS) as [LedgerField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [normaliseHeader(n), field] as const)),
);

/** The field a header names, or null when it names none of them. */
export function fieldOfHeader(header: string): LedgerField | null {
  const key = normaliseHeader(header);
  if (key === '') return null;
  // "几何(GeoJSON)" and "项目属性(JSON)" lose their brackets above; try the whole text too.
  return BY_SYNONYM.get(key) ?? BY_SYNONYM.get(toHalfWidth(header).toLowerCase().replace(/[\s()（）]/g, '')) ?? null;
}

/**
 * A first guess at what each column holds: each field goes to the first
 * column whose header names it; later columns naming a field already taken
 * are left unmapped for the user to decide.
 */
export function guessMapping(headers: readonly string[]): (LedgerField | null)[] {
  const taken = new Set<LedgerField>();
  return headers.map((h) => {
    const field = fieldOfHeader(h);
    if (field === null || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/**
 * Which row of the first rows is the header: the one naming the most fields
 * (ledgers often start with a merged title row and a blank one). Null when no
 * row names at least two fields, one of them the title.
 */
export function findHeaderRow(rows: readonly (readonly unknown[])[], lookAhead = 15): number | null {
  let best: { index: number; score: number } | null = null;
  rows.slice(0, lookAhead).forEach((row, index) => {
    const fields = row.map((cell) => (typeof cell === 'string' ? fieldOfHeader(cell) : null)).filter((f) => f !== null);
    const score = new Set(fields).size;
    if (fields.includes('title') && score >= 2 && (!best || score > best.score)) best = { index, score };
  });
  return best === null ? null : (best as { index: number }).index;
}
