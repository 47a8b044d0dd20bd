import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesSample } from './ops-types';

interface Props {
  title: string;
  samples: SeriesSample[];
  field: 'queueLength' | 'admissionsPerS' | 'confirmedPerS';
  color: string;
  unit?: string;
}

const HEIGHT = 160;

function toData(samples: SeriesSample[], field: Props['field']): uPlot.AlignedData {
  return [samples.map((s) => s.t / 1000), samples.map((s) => s[field])];
}

/**
 * One uPlot line chart. The instance is created once and fed with setData on every push (cheap: no React
 * re-render of the canvas); a ResizeObserver keeps it as wide as its card. The numbers are also in the
 * figure's caption for screen readers.
 */
export function SeriesChart({ title, samples, field, color, unit = '' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot({
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [
        { stroke: '#5d6170', grid: { stroke: '#eeece7' }, ticks: { stroke: '#e2e0da' } },
        { stroke: '#5d6170', grid: { stroke: '#eeece7' }, ticks: { stroke: '#e2e0da' }, size: 48 },
      ],
      series: [{}, { label: title, stroke: color, width: 2, fill: `${color}22`, points: { show: false } }],
    }, toData([], field), el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [title, field, color]);

  useEffect(() => {
    plot.current?.setData(toData(samples, field));
  }, [samples, field]);

  const last = samples.at(-1)?.[field];
  return (
    <figure className="chart">
      <figcaption>
        <span>{title}</span>
        <strong>{last === undefined ? '—' : `${formatNumber(last)}${unit}`}</strong>
      </figcaption>
      <div ref={box} className="chart-canvas" role="img" aria-label={`${title}, last 15 minutes: ${samples.length} samples, now ${last ?? 'no data'}`} />
      {samples.length < 2 && <p className="muted small chart-empty">Collecting data: one point per second.</p>}
    </figure>
  );
}

export const formatNumber = (n: number) => (Number.isInteger(n) ? n.toLocaleString() : n.toFixed(1));
