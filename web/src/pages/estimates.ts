import { ApiError, api, listOf } from '../api';
import { card, emptyState, errorState, loading, pageHeader, type Page } from '../app';
import { barChart } from '../charts';
import { h, mount, svg } from '../dom';
import { lang, num, t } from '../i18n';

interface Estimate {
  stratum?: string;
  estimate: number;
  lower?: number;
  upper?: number;
  observed?: number;
  model?: string;
  // The log-linear estimate averaged over the models compared, whose
  // interval carries the uncertainty of the model choice.
  average?: { estimate: number; lower: number; upper: number; models: number };
}

function numberOf(e: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) if (typeof e[key] === 'number') return e[key] as number;
  return undefined;
}

// Reads one estimate, whatever names the API gives the interval bounds.
function toEstimate(raw: unknown): Estimate | null {
  if (!raw || typeof raw !== 'object') return null;
  const e = raw as Record<string, unknown>;
  const estimate = numberOf(e, 'estimate', 'total', 'n_hat', 'N');
  if (estimate === undefined) return null;
  const interval = (e.interval ?? e.ci) as Record<string, unknown> | number[] | undefined;
  const lower = numberOf(e, 'lower', 'low', 'ci_low') ?? (Array.isArray(interval) ? interval[0] : interval ? numberOf(interval, 'lower', 'low') : undefined);
  const upper = numberOf(e, 'upper', 'high', 'ci_high') ?? (Array.isArray(interval) ? interval[1] : interval ? numberOf(interval, 'upper', 'high') : undefined);
  return {
    stratum: typeof e.stratum === 'string' && e.stratum !== 'all' ? e.stratum : undefined,
    estimate, lower, upper,
    observed: numberOf(e, 'observed', 'documented', 'n_observed'),
    model: typeof e.model === 'string' ? e.model : undefined,
    average: toAverage(e.model_average),
  };
}

function toAverage(raw: unknown): Estimate['average'] {
  if (!raw || typeof raw !== 'object') return undefined;
  const a = raw as Record<string, unknown>;
  const [estimate, lower, upper, models] = ['estimate', 'lower', 'upper', 'models'].map((key) => numberOf(a, key));
  if (estimate === undefined || lower === undefined || upper === undefined || models === undefined) return undefined;
  return { estimate, lower, upper, models };
}

// One row per estimate: the documented count as a solid bar, the estimate as
// a marker, the interval as a whisker.
function intervalChart(estimates: Estimate[]): HTMLElement {
  const rtl = lang() === 'ar';
  const width = 560, labelWidth = 130, rowHeight = 44, pad = 16;
  const max = Math.max(...estimates.map((e) => Math.max(e.upper ?? 0, e.estimate, e.observed ?? 0)), 1) * 1.05;
  const span = width - labelWidth - pad;
  const x = (value: number) => {
    const pos = labelWidth + (value / max) * span;
    return rtl ? width - pos : pos;
  };
  const height = estimates.length * rowHeight + 8;
  const rows = estimates.map((e, i) => {
    const y = i * rowHeight + 8;
    const mid = y + 14;
    const label = e.stratum || t('estimate_value');
    const observed = e.observed ?? 0;
    return svg('g', { class: 'estimate-row' },
      svg('title', null, `${label}: ${num(e.estimate)}${e.lower !== undefined && e.upper !== undefined ? ` (${num(e.lower)} – ${num(e.upper)})` : ''}`),
      svg('text', { x: rtl ? width - labelWidth + 10 : labelWidth - 10, y: mid + 4, class: 'bar-label', 'text-anchor': rtl ? 'start' : 'end' }, label),
      e.observed !== undefined ? svg('rect', { x: Math.min(x(0), x(observed)), y: y + 6, width: Math.abs(x(observed) - x(0)), height: 16, rx: 2, class: 'bar bar-observed' }) : null,
      e.lower !== undefined && e.upper !== undefined ? [
        svg('line', { x1: x(e.lower), x2: x(e.upper), y1: mid, y2: mid, class: 'whisker' }),
        svg('line', { x1: x(e.lower), x2: x(e.lower), y1: mid - 8, y2: mid + 8, class: 'whisker' }),
        svg('line', { x1: x(e.upper), x2: x(e.upper), y1: mid - 8, y2: mid + 8, class: 'whisker' }),
      ] : null,
      svg('circle', { cx: x(e.estimate), cy: mid, r: 6, class: 'estimate-point' }),
      svg('text', { x: x(e.estimate), y: mid + 24, class: 'bar-value', 'text-anchor': 'middle' }, num(e.estimate)));
  });
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height + 10}`, role: 'img', 'aria-label': t('estimates_title'), class: 'chart-svg' }, rows));
}

function estimateCard(e: Estimate): HTMLElement {
  return h('div', { class: 'stat' },
    e.stratum ? h('p', { class: 'stat-label' }, t('estimate_stratum'), ': ', h('bdi', null, e.stratum)) : h('p', { class: 'stat-label' }, t('estimate_value')),
    h('p', { class: 'stat-value' }, num(e.estimate)),
    e.lower !== undefined && e.upper !== undefined ? h('p', { class: 'stat-detail' }, t('estimate_interval', { low: num(e.lower), high: num(e.upper) })) : null,
    e.observed !== undefined ? h('p', { class: 'stat-detail' }, t('estimate_observed', { count: num(e.observed) })) : null,
    e.model ? h('p', { class: 'stat-detail' }, t('estimate_model'), ': ', h('code', null, e.model)) : null,
    e.average ? h('p', { class: 'stat-detail estimate-average' }, t('estimate_average', {
      models: num(e.average.models), value: num(e.average.estimate), low: num(e.average.lower), high: num(e.average.upper),
    })) : null);
}

export const estimatesPage: Page = async (root) => {
  const header = pageHeader(t('estimates_title'), t('estimates_intro'));
  mount(root, header, loading());
  try {
    const answer = await api.estimates();
    const list = listOf<unknown>(answer, 'estimates', 'items', 'strata');
    const estimates = (list.length ? list : [answer]).map(toEstimate).filter((e): e is Estimate => e !== null);
    const lists = listOf<{ name?: string; persons?: number }>(answer, 'lists')
      .map((l) => ({ label: String(l.name ?? ''), value: Number(l.persons ?? 0) }));
    if (estimates.length === 0) {
      mount(root, header, card(null, emptyState(t('estimates_none'))));
      return;
    }
    mount(root, header,
      h('div', { class: 'stat-grid', id: 'estimates' }, estimates.slice(0, 4).map(estimateCard)),
      card(t('estimates_title'), intervalChart(estimates)),
      lists.length ? card(t('estimate_lists'), barChart(t('estimate_lists'), lists)) : null);
  } catch (err) {
    // 409: the store cannot be estimated yet (no persons linked across lists).
    if (err instanceof ApiError && [404, 409, 501].includes(err.status)) {
      mount(root, header, card(null, h('div', { id: 'estimates' }, emptyState(t('estimates_none')))));
    } else {
      mount(root, header, errorState(err));
    }
  }
};
