/** Bars of messages per day (or month), drawn as SVG so no chart library is needed. */
import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import type { Buckets } from './day-buckets';

const WIDTH = 720;
const HEIGHT = 140;
const AXIS = 18;

export function PerDayChart({ data }: { data: Buckets }) {
  const t = useT();
  const locale = useLocale();
  const { buckets, unit } = data;
  if (buckets.length === 0) return null;

  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const slot = WIDTH / buckets.length;
  const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0;
  const plot = HEIGHT - AXIS;
  const labels = new Set([0, Math.floor((buckets.length - 1) / 2), buckets.length - 1]);
  const title = t(unit === 'day' ? 'import.perDay' : 'import.perMonth');

  return (
    <figure className="chart" data-testid="import-chart" data-unit={unit}>
      <figcaption className="chart-title">
        {title}
        <span className="muted chart-peak">
          {t('import.chartPeak', { count: formatCount(max, locale) })}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="chart-svg"
        role="img"
        aria-label={title}
        preserveAspectRatio="none"
      >
        <line x1={0} y1={plot} x2={WIDTH} y2={plot} className="chart-axis" />
        {buckets.map((bucket, index) => {
          const height = bucket.count === 0 ? 0 : Math.max(1, (bucket.count / max) * (plot - 4));
          return (
            <rect
              key={bucket.label}
              x={index * slot + gap / 2}
              y={plot - height}
              width={Math.max(0.5, slot - gap)}
              height={height}
              className="chart-bar"
            >
              <title>
                {t('import.chartLabel', {
                  period: bucket.label,
                  count: formatCount(bucket.count, locale),
                })}
              </title>
            </rect>
          );
        })}
      </svg>
      <div className="chart-labels" aria-hidden="true">
        {[...labels].map((index) => (
          <span key={index}>{buckets[index]?.label}</span>
        ))}
      </div>
    </figure>
  );
}
