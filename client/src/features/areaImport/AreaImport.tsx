import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../api/errorText.js';
import { ApiError } from '../../api/http.js';
import { useFormat } from '../../i18n/index.js';
import { previewRows, settled, startCommit, startPreview, uploadBoundaryFile, type AreaImport as Import, type AreaImportChoices, type AreaImportRow } from './api.js';
import { OUTCOME_COLOURS } from './previewLayers.js';
import { PreviewMap } from './PreviewMap.js';
import './areaImport.css';

type Layer = Import['layers'][number];
const LEVELS = ['district', 'street', 'community'] as const;

/** The coordinate systems districts' files come in, offered before "another code". */
const COMMON_CRS = ['EPSG:4490', 'EPSG:4326', 'EPSG:4545', 'EPSG:4546', 'EPSG:4547', 'EPSG:4548', 'EPSG:4549', 'EPSG:4526', 'EPSG:4527', 'gcj02'];
const CRS_LABELS: Record<string, string> = {
  'EPSG:4490': 'EPSG:4490 CGCS2000 经纬度',
  'EPSG:4326': 'EPSG:4326 WGS 84 经纬度',
  'EPSG:4545': 'EPSG:4545 CGCS2000 3° 高斯-克吕格 中央经线 108°E',
  'EPSG:4546': 'EPSG:4546 CGCS2000 3° 高斯-克吕格 中央经线 111°E',
  'EPSG:4547': 'EPSG:4547 CGCS2000 3° 高斯-克吕格 中央经线 114°E',
  'EPSG:4548': 'EPSG:4548 CGCS2000 3° 高斯-克吕格 中央经线 117°E',
  'EPSG:4549': 'EPSG:4549 CGCS2000 3° 高斯-克吕格 中央经线 120°E',
  'EPSG:4526': 'EPSG:4526 CGCS2000 3° 高斯-克吕格 38 带(带号)',
  'EPSG:4527': 'EPSG:4527 CGCS2000 3° 高斯-克吕格 39 带(带号)',
  gcj02: 'GCJ-02(高德、腾讯等网络地图)',
};

function initialChoices(layer: Layer): AreaImportChoices {
  return {
    layer: layer.name,
    level: layer.suggested.level ?? 'street',
    name_column: layer.suggested.name_column ?? layer.columns[0]?.name ?? '',
    code_column: layer.suggested.code_column,
    parent_column: layer.suggested.parent_column,
    name_en_column: null,
    crs: layer.crs ? null : 'EPSG:4547',
  };
}

/**
 * Boundaries from a district's own files, for administrators: upload, choose
 * the level, the columns and the coordinate system, look at the preview on a
 * map, write. The server does the reading and the checking (/api/area-imports).
 */
export function AreaImport() {
  const { t } = useTranslation('areaImport');
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [state, setState] = useState<Import>();
  const [choices, setChoices] = useState<AreaImportChoices>();
  const [rows, setRows] = useState<AreaImportRow[]>([]);
  const [busy, setBusy] = useState<'reading' | 'analysing' | 'committing'>();
  const [error, setError] = useState<unknown>();

  const run = async (step: 'reading' | 'analysing' | 'committing', work: () => Promise<void>) => {
    setBusy(step);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const upload = (file: File) =>
    run('reading', async () => {
      const uploaded = await uploadBoundaryFile(file);
      setState(uploaded);
      setChoices(initialChoices(uploaded.layers[0]!));
      setRows([]);
    });

  const preview = () =>
    run('analysing', async () => {
      const started = await startPreview(state!.id, choices!);
      setState(started);
      const done = await settled(started.id, setState);
      if (done.state === 'failed') throw new Error(errorOf(done, t));
      setRows((await previewRows(done.id)).rows);
    });

  const commit = () =>
    run('committing', async () => {
      const done = await settled((await startCommit(state!.id)).id, setState);
      if (done.state === 'failed') throw new Error(errorOf(done, t));
      // The map's areas and the area pickers read /api/areas.
      await queryClient.invalidateQueries({ queryKey: ['areas'] });
    });

  const restart = () => {
    setState(undefined);
    setChoices(undefined);
    setRows([]);
    setError(undefined);
  };

  return (
    <section className="area-import" data-testid="area-import">
      <p className="admin-hint">{t('intro')}</p>
      {state === undefined && <FileChooser busy={busy === 'reading'} onFile={upload} />}
      {state && choices && state.state !== 'committed' && (
        <Choices state={state} choices={choices} disabled={busy !== undefined} onChange={setChoices} onPreview={preview} onBack={restart} />
      )}
      {busy === 'analysing' && <p className="import-status">{t('analysing', state?.progress ?? { done: 0, total: 0 })}</p>}
      {error !== undefined && <FieldErrors error={error} text={errorText(error)} />}
      {state?.state === 'previewed' && rows.length > 0 && <Preview state={state} rows={rows} busy={busy === 'committing'} onCommit={commit} />}
      {state?.state === 'committed' && state.counts && (
        <div className="area-import-done" data-testid="area-import-done">
          <p>{t('done', state.counts)}</p>
          <button type="button" onClick={restart}>
            {t('another')}
          </button>
        </div>
      )}
    </section>
  );
}

const errorOf = (state: Import, t: (key: string) => string) => state.error?.message_zh ?? state.error?.message ?? t('preview');

function FileChooser({ busy, onFile }: { busy: boolean; onFile(file: File): void }) {
  const { t } = useTranslation('areaImport');
  const id = useId();
  return (
    <div className="area-import-choose">
      <label htmlFor={id} className="import-primary" data-disabled={busy}>
        {busy ? t('reading') : t('choose')}
      </label>
      <input
        id={id}
        type="file"
        className="import-file-input"
        accept=".zip,.geojson,.json,.kml,.kmz"
        disabled={busy}
        data-testid="area-import-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
    </div>
  );
}

function Choices(props: { state: Import; choices: AreaImportChoices; disabled: boolean; onChange(c: AreaImportChoices): void; onPreview(): void; onBack(): void }) {
  const { t } = useTranslation('areaImport');
  const { state, choices, onChange } = props;
  const layer = state.layers.find((l) => l.name === choices.layer) ?? state.layers[0]!;
  const set = (patch: Partial<AreaImportChoices>) => onChange({ ...choices, ...patch });
  const columnOptions = (empty: string | null) => (
    <>
      {empty !== null && <option value="">{empty}</option>}
      {layer.columns.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
          {c.samples.length > 0 ? ` — ${t('samples', { samples: c.samples.join('、') })}` : ''}
        </option>
      ))}
    </>
  );
  const crsKnown = choices.crs === null || choices.crs === undefined || COMMON_CRS.includes(choices.crs);
  return (
    <form
      className="area-import-choices"
      onSubmit={(event) => {
        event.preventDefault();
        props.onPreview();
      }}
      data-testid="area-import-choices"
    >
      <fieldset disabled={props.disabled}>
        {state.layers.length > 1 && (
          <label>
            {t('layer')}
            <select value={layer.name} onChange={(e) => onChange(initialChoices(state.layers.find((l) => l.name === e.target.value)!))}>
              {state.layers.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}({t('features', { count: l.feature_count })})
                </option>
              ))}
            </select>
          </label>
        )}
        <p className="admin-hint">
          {layer.name}:{t('features', { count: layer.feature_count })}
          {layer.encoding && ` · ${t('encoding', { encoding: layer.encoding.encoding === 'gb18030' ? 'GBK' : layer.encoding.encoding.toUpperCase(), source: t(`encodingSources.${layer.encoding.source}`) })}`}
        </p>
        <label>
          {t('level')}
          <select value={choices.level} onChange={(e) => set({ level: e.target.value as AreaImportChoices['level'] })} data-testid="area-import-level">
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`levels.${level}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('nameColumn')}
          <select value={choices.name_column} onChange={(e) => set({ name_column: e.target.value })}>
            {columnOptions(null)}
          </select>
        </label>
        <label>
          {t('codeColumn')}
          <select value={choices.code_column ?? ''} onChange={(e) => set({ code_column: e.target.value || null })}>
            {columnOptions(t('none'))}
          </select>
        </label>
        <label>
          {t('parentColumn')}
          <select value={choices.parent_column ?? ''} onChange={(e) => set({ parent_column: e.target.value || null })}>
            {columnOptions(t('byLocation'))}
          </select>
        </label>
        <label>
          {t('nameEnColumn')}
          <select value={choices.name_en_column ?? ''} onChange={(e) => set({ name_en_column: e.target.value || null })}>
            {columnOptions(t('none'))}
          </select>
        </label>
        <label>
          {t('crs')}
          <select
            value={crsKnown ? (choices.crs ?? '') : 'other'}
            onChange={(e) => set({ crs: e.target.value === '' ? null : e.target.value === 'other' ? 'EPSG:' : e.target.value })}
            data-testid="area-import-crs"
          >
            {layer.crs ? <option value="">{t(layer.crs.source === 'guessed' ? 'crsGuessed' : 'crsOwn', { label: layer.crs.label })}</option> : null}
            {COMMON_CRS.map((code) => (
              <option key={code} value={code}>
                {CRS_LABELS[code]}
              </option>
            ))}
            <option value="other">{t('crsOther')}</option>
          </select>
        </label>
        {!crsKnown && (
          <label>
            {t('crsCode')}
            <input value={choices.crs ?? ''} onChange={(e) => set({ crs: e.target.value })} placeholder="EPSG:4549" />
          </label>
        )}
        {layer.crs_problem && !layer.crs && <p className="import-note">{layer.crs_problem.message_zh}</p>}
      </fieldset>
      <div className="import-actions">
        <button type="button" onClick={props.onBack} disabled={props.disabled}>
          {t('back')}
        </button>
        <button type="submit" className="import-primary" disabled={props.disabled} data-testid="area-import-preview">
          {t('preview')}
        </button>
      </div>
    </form>
  );
}

function Preview({ state, rows, busy, onCommit }: { state: Import; rows: AreaImportRow[]; busy: boolean; onCommit(): void }) {
  const { t } = useTranslation('areaImport');
  const { i18n } = useTranslation();
  const format = useFormat();
  const [focused, setFocused] = useState<number>();
  const counts = state.counts!;
  const zh = i18n.language !== 'en';
  const toWrite = counts.create + counts.update;
  return (
    <div className="area-import-preview" data-testid="area-import-preview-result">
      <p className="import-status" data-testid="area-import-counts">
        {t('counts', counts)}
      </p>
      {state.gaps
        .filter((g) => g.pieces > 0)
        .map((g) => (
          <p key={g.parent_name} className="import-note">
            {t('gap', { parent: g.parent_name, area: format.number(Math.round(g.gap_m2)), share: `${(g.share * 100).toFixed(2)}%`, pieces: g.pieces })}
          </p>
        ))}
      <div className="area-import-legend">
        {(['create', 'update', 'rejected', 'gap'] as const).map((key) => (
          <span key={key}>
            <i style={{ background: OUTCOME_COLOURS[key] }} />
            {t(`legend.${key}`)}
          </span>
        ))}
      </div>
      <PreviewMap rows={rows} gaps={state.gaps} focused={focused} />
      <table className="area-import-table">
        <thead>
          <tr>
            {(['row', 'name', 'code', 'parent', 'area', 'outcome', 'notes'] as const).map((c) => (
              <th key={c}>{t(`columns.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row_number} data-outcome={row.outcome} onClick={() => setFocused(row.row_number)} aria-selected={focused === row.row_number}>
              <td>{row.row_number}</td>
              <td>{row.name}</td>
              <td>{row.code}</td>
              <td>{row.parent_name}</td>
              <td>{row.area_m2 === null ? '' : (row.area_m2 / 1e6).toFixed(2)}</td>
              <td>{t(`outcomes.${row.outcome}`)}</td>
              <td>
                <ul className="area-import-notes">
                  {row.problems.map((n, i) => (
                    <li key={`p${i}`} className="import-blocking">
                      {zh ? n.message_zh : n.message}
                    </li>
                  ))}
                  {row.warnings.map((n, i) => (
                    <li key={`w${i}`} className="import-warning">
                      {zh ? n.message_zh : n.message}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="import-actions">
        <button type="button" className="import-primary" disabled={busy || toWrite === 0} onClick={onCommit} data-testid="area-import-commit">
          {busy ? t('committing') : t('commit', { count: toWrite })}
        </button>
      </div>
    </div>
  );
}

/** A refusal naming fields (a column the layer lacks, a datum it will not guess) lists each; else the server's words. */
function FieldErrors({ error, text }: { error: unknown; text: string }) {
  const { i18n } = useTranslation();
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <div className="import-error" role="alert" data-testid="area-import-error">
      {fields.length === 0 ? <p>{text}</p> : fields.map((f) => <p key={f.field}>{i18n.language === 'en' ? f.reason : f.reason_zh}</p>)}
    </div>
  );
}
