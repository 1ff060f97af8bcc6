import { Type, type Static } from 'typebox';

/**
 * The lists a district keeps beside its ledgers (issue 25): 单位名录, 人员名单,
 * 小区名录. Each kind is one entry here: its fields, which are required, the
 * header words clerks write for each, and the words shown for each field. The
 * importer, the preview and the client read this one table.
 */
export const LIST_KINDS = ['units', 'staff', 'compounds'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** At most this many rows in a list: more is a ledger, or a mistake. */
export const MAX_LIST_ROWS = 5_000;

/** A list file's bytes: a 5,000-row list is well under 2 MB as XLSX or CSV. */
export const MAX_LIST_BYTES = 10 * 1024 * 1024;

export interface ListField {
  field: string;
  zh: string;
  en: string;
  required: boolean;
  /** Header texts that name this field, as normaliseHeader folds them. */
  headers: readonly string[];
}

const UNIT_FIELDS: readonly ListField[] = [
  { field: 'district', zh: '所属区县', en: 'District', required: true, headers: ['区县', '所属区县', '所在区县', '区县名称', '区县代码', '区划', '区划代码', '行政区划', 'district'] },
  { field: 'name', zh: '单位全称', en: 'Full name', required: true, headers: ['单位全称', '单位名称', '全称', '名称', '单位', '责任单位', 'name', 'fullname', 'unit'] },
  { field: 'short_names', zh: '简称', en: 'Short names', required: false, headers: ['简称', '单位简称', '别名', '常用简称', 'shortname', 'shortnames', 'abbreviation'] },
  { field: 'name_en', zh: '英文名称', en: 'English name', required: false, headers: ['英文名称', '英文名', '英文', 'englishname', 'nameen'] },
];

const STAFF_FIELDS: readonly ListField[] = [
  { field: 'display_name', zh: '姓名', en: 'Name', required: true, headers: ['姓名', '名字', '人员姓名', '显示名', 'name', 'displayname'] },
  { field: 'username', zh: '账号', en: 'Username', required: true, headers: ['账号', '帐号', '用户名', '登录名', '登录账号', 'username', 'account', 'login'] },
  { field: 'role', zh: '角色', en: 'Role', required: true, headers: ['角色', '用户角色', '权限', '身份', 'role'] },
  { field: 'unit', zh: '所属单位', en: 'Unit', required: false, headers: ['单位', '所属单位', '责任单位', '工作单位', '单位名称', 'unit'] },
  { field: 'area', zh: '区域', en: 'Area', required: false, headers: ['区域', '所属区域', '负责区域', '辖区', '街道', '所属街道', '街道乡镇', '乡镇街道', 'area'] },
];

const COMPOUND_FIELDS: readonly ListField[] = [
  { field: 'name', zh: '小区名称', en: 'Name', required: true, headers: ['小区名称', '小区', '名称', '小区名', '项目名称', 'name', 'compound'] },
  { field: 'address', zh: '地址', en: 'Address', required: false, headers: ['地址', '小区地址', '详细地址', '门牌', 'address'] },
  { field: 'households', zh: '户数', en: 'Households', required: true, headers: ['户数', '住户', '住户数', '总户数', '居民户数', 'households'] },
  { field: 'year_built', zh: '建成年份', en: 'Year built', required: false, headers: ['建成年份', '建成年代', '建成时间', '竣工年份', '建设年份', '年份', 'yearbuilt', 'year'] },
  { field: 'lon', zh: '经度', en: 'Longitude', required: true, headers: ['经度', 'lon', 'lng', 'longitude', 'x'] },
  { field: 'lat', zh: '纬度', en: 'Latitude', required: true, headers: ['纬度', 'lat', 'latitude', 'y'] },
  { field: 'district', zh: '区县', en: 'District', required: false, headers: ['区县', '所属区县', '区县代码', 'district'] },
  { field: 'street', zh: '街道', en: 'Street', required: false, headers: ['街道', '所属街道', '街道乡镇', '乡镇街道', '街道(乡镇)', 'street'] },
];

export const LIST_FIELDS: Record<ListKind, readonly ListField[]> = { units: UNIT_FIELDS, staff: STAFF_FIELDS, compounds: COMPOUND_FIELDS };

/** Every field any list has: the mapping's schema names them all, each kind accepts its own. */
export const ALL_LIST_FIELDS = [...new Set(Object.values(LIST_FIELDS).flatMap((fields) => fields.map((f) => f.field)))];

export const LIST_LABELS: Record<ListKind, { zh: string; en: string }> = {
  units: { zh: '单位名录', en: 'units list' },
  staff: { zh: '人员名单', en: 'staff list' },
  compounds: { zh: '小区名录', en: 'compounds list' },
};


/** The API of list imports: its bodies and answers, one definition each, shared with the client. */

/** As a ledger's (domain/ledgerImport.ts): wgs84, or gcj02 converted to WGS-84. */
export const ListCoordinateSystem = Type.Enum(['wgs84', 'gcj02'], { description: 'wgs84 (GPS), or gcj02 (Chinese web maps), converted to WGS-84' });
export const ListKindSchema = Type.Enum(LIST_KINDS, { description: 'units (单位名录), staff (人员名单) or compounds (小区名录)' });

export const ListUploadQuery = Type.Object(
  {
    kind: ListKindSchema,
    file_name: Type.String({ minLength: 1, maxLength: 255, description: 'the file’s name, as the admin chose it' }),
  },
  { additionalProperties: false },
);

const Bilingual = { en: Type.String(), zh: Type.String() };

export const ListFieldOutput = Type.Object({ field: Type.String(), ...Bilingual, required: Type.Boolean() });

export const ListColumn = Type.Object({
  index: Type.Integer({ description: '0-based column index' }),
  letter: Type.String({ description: 'Excel’s letter for the column' }),
  header: Type.String(),
  field: Type.Union([Type.String(), Type.Null()], { description: 'the field the column is guessed to hold' }),
  samples: Type.Array(Type.String(), { description: 'the first few values below the header' }),
});

export const ListUploadOutput = Type.Object({
  id: Type.Integer(),
  kind: ListKindSchema,
  file_name: Type.String(),
  sheet: Type.String({ description: 'the sheet read: the first with a header row' }),
  header_row: Type.Integer({ description: 'Excel’s row number of the header' }),
  data_rows: Type.Integer(),
  columns: Type.Array(ListColumn),
  fields: Type.Array(ListFieldOutput, { description: 'what a list of this kind holds, in order' }),
});
export type ListUpload = Static<typeof ListUploadOutput>;

export const ListMappingBody = Type.Object(
  {
    mapping: Type.Partial(
      Type.Object(Object.fromEntries(ALL_LIST_FIELDS.map((f) => [f, Type.Integer({ minimum: 0, maximum: 255 })]))),
      { additionalProperties: false, description: 'field → 0-based column index; the kind’s required fields must be given' },
    ),
    crs: Type.Optional(ListCoordinateSystem),
  },
  { additionalProperties: false },
);
export type ListMapping = Static<typeof ListMappingBody>;

export const LIST_OUTCOMES = ['create', 'update', 'unchanged', 'rejected'] as const;
export type ListOutcome = (typeof LIST_OUTCOMES)[number];

export const ListProblem = Type.Object({ field: Type.String({ description: 'the field, or "row"' }), ...Bilingual });
export type ListProblemOutput = Static<typeof ListProblem>;

export const ListRow = Type.Object({
  row_number: Type.Integer({ description: 'Excel’s row number' }),
  outcome: Type.Enum(LIST_OUTCOMES),
  label: Type.String({ description: 'the unit’s full name, the user’s name, the compound’s name' }),
  values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: 'each field as it will be stored, as text' }),
  problems: Type.Array(ListProblem, { description: 'why a row is rejected' }),
  notes: Type.Array(ListProblem, { description: 'what a row changes or what was assumed, for a row that is not rejected' }),
});
export type ListRowOutput = Static<typeof ListRow>;

export const ListCounts = Type.Object({ create: Type.Integer(), update: Type.Integer(), unchanged: Type.Integer(), rejected: Type.Integer() });
export type ListCountsOutput = Static<typeof ListCounts>;

export const ListPreviewOutput = Type.Object({ id: Type.Integer(), kind: ListKindSchema, counts: ListCounts, rows: Type.Array(ListRow) });
export type ListPreview = Static<typeof ListPreviewOutput>;

export const InitialPassword = Type.Object({ username: Type.String(), display_name: Type.String(), password: Type.String() });

export const ListCommitOutput = Type.Object({
  id: Type.Integer(),
  kind: ListKindSchema,
  counts: ListCounts,
  rows: Type.Array(ListRow),
  initial_passwords: Type.Array(InitialPassword, {
    description: 'staff lists: each new account’s generated password, shown this once; only its argon2 hash is stored',
  }),
});
export type ListCommit = Static<typeof ListCommitOutput>;
