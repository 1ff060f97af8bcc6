import { useTranslation } from 'react-i18next';
import { WEEKLY_MEASURES, type Dashboard, type WeeklyMeasure } from '../../../../server/src/domain/dashboard.js';
import { useBilingual } from '../../i18n/index.js';
import { useDashboardFormat } from './format.js';

type Week = Dashboard['trend'][number];

/** Bars for what happened in each week, a line for what was overdue at its end. */
const BARS: { measure: WeeklyMeasure; color: string }[] = [
  { measure: 'reported', color: '#1f4e79' },
  { measure: 'completed', color: '#2a9d8f' },
  { measure: 'verified', color: '#9cc5a1' },
];
const LINE = { measure: 'overdue_at_end' as const, color: '#b00020' };

const WIDTH = 640;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 8, bottom: 22, left: 30 };

/** Gridlines about four steps apart, each step a whole 1, 2 or 5 times a power of ten, up past the largest value. */
function scale(largest: number): number[] {
  const raw = Math.max(1, largest) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!);
  const steps = Math.max(1, Math.ceil(largest / step));
  return Array.from({ length: steps + 1 }, (_, i) => i * step);
}

/** The weekly trend as plain SVG: twelve weeks need no chart library. */
export function TrendChart({ weeks }: { weeks: Week[] }) {
  const { t } = useTranslation('dashboard');
  const label = useBilingual();
  const format = useDashboardFormat();
  const ticks = scale(Math.max(...weeks.flatMap((w) => [...BARS.map((b) => w[b.measure]), w[LINE.measure]])));
  const top = ticks[ticks.length - 1]!;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const groupW = plotW / weeks.length;
  const barW = (groupW * 0.72) / BARS.length;
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const groupX = (i: number) => MARGIN.left + i * groupW;
  const weekLabel = (w: Week) => t('trend.week', { week: Number(w.week.slice(6)) });
  const linePoints = weeks.map((w, i) => `${groupX(i) + groupW / 2},${y(w[LINE.measure])}`).join(' ');

  return (
    <figure className="dash-trend" data-testid="dash-trend">
      <figcaption>{t('trend.heading', { count: weeks.length })}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('trend.label', { count: weeks.length })}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} className="dash-grid" />
            <text x={MARGIN.left - 4} y={y(v) + 3} textAnchor="end" className="dash-axis">
              {format.whole(v)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => (
          <g key={w.week} data-week={w.week}>
            {BARS.map((b, j) => (
              <rect
                key={b.measure}
                x={groupX(i) + groupW * 0.14 + j * barW}
                y={y(w[b.measure])}
                width={barW - 1}
                height={Math.max(0, y(0) - y(w[b.measure]))}
                fill={b.color}
                data-measure={b.measure}
              >
                <title>{t('trend.bar', { week: weekLabel(w), measure: label(WEEKLY_MEASURES[b.measure].name), value: w[b.measure] })}</title>
              </rect>
            ))}
            <text x={groupX(i) + groupW / 2} y={HEIGHT - 6} textAnchor="middle" className="dash-axis">
              {`W${w.week.slice(6)}`}
            </text>
          </g>
        ))}
        <polyline points={linePoints} fill="none" stroke={LINE.color} strokeWidth={2} />
        {weeks.map((w, i) => (
          <circle key={w.week} cx={groupX(i) + groupW / 2} cy={y(w[LINE.measure])} r={3} fill={LINE.color} data-measure={LINE.measure}>
            <title>{t('trend.bar', { week: weekLabel(w), measure: label(WEEKLY_MEASURES[LINE.measure].name), value: w[LINE.measure] })}</title>
          </circle>
        ))}
      </svg>
      <ul className="dash-legend">
        {[...BARS, LINE].map((s) => (
          <li key={s.measure} title={label(WEEKLY_MEASURES[s.measure].definition)}>
            <span className={s === LINE ? 'dash-key dash-key-line' : 'dash-key'} style={{ background: s.color }} aria-hidden="true" />
            {label(WEEKLY_MEASURES[s.measure].name)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
