import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
Chart.defaults.color = '#4b5563';
Chart.defaults.maintainAspectRatio = false;
// Bars and lines that grow into place are motion: leave it out for people who ask for less.
if (typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) {
  Chart.defaults.animation = false;
}

/** A restrained palette shared by every chart. */
export const PALETTE = ['#2563eb', '#0d9488', '#d97706', '#7c3aed', '#db2777', '#65a30d', '#0891b2', '#dc2626', '#4b5563', '#9333ea'];
export const MUTED = '#e5e7eb';

/** Any chart.js configuration (dataset shapes differ per chart type). */
export type AnyChartConfig = ChartConfiguration<any, any, any>;

interface Props {
  config: AnyChartConfig;
  /** Accessible description of what the chart shows. */
  label: string;
  height?: number;
  testid?: string;
}

/**
 * chart.js on a <canvas>. The chart is created once and its data/options updated in place
 * when `config` changes (so sliders animate instead of flickering).
 */
export function ChartCanvas({ config, label, height = 240, testid }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const existing = chart.current;
    if (existing && (existing.config as { type?: string }).type === config.type) {
      existing.data = config.data;
      if (config.options) existing.options = config.options;
      existing.update();
      return;
    }
    existing?.destroy();
    chart.current = new Chart(el, config);
  }, [config]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <div class="chart" style={{ height: `${height}px` }} data-testid={testid}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
