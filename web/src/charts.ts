// SVG bar charts drawn from counts, mirrored for right-to-left languages. No
// inline styles: geometry is in attributes, colours in styles.css.
import { h, svg } from './dom';
import { lang, num, t } from './i18n';

export interface Bar {
  label: string;
  value: number;
}

// Accepts {key: count}, [{key|value|name|label, count}] or [[key, count]].
export function toBars(counts: unknown): Bar[] {
  if (Array.isArray(counts)) {
    return counts.map((entry) => {
      if (Array.isArray(entry)) return { label: String(entry[0]), value: Number(entry[1]) };
      const e = entry as Record<string, unknown>;
      const label = e.key ?? e.value ?? e.name ?? e.label ?? e.year ?? '';
      return { label: String(label), value: Number(e.count ?? e.n ?? 0) };
    });
  }
  if (counts && typeof counts === 'object') {
    return Object.entries(counts as Record<string, unknown>).map(([label, value]) => ({ label, value: Number(value) }));
  }
  return [];
}

function accessibleTable(caption: string, bars: Bar[], display: (label: string) => string): HTMLElement {
  return h('table', { class: 'sr-only' }, h('caption', null, caption),
    h('tbody', null, bars.map((bar) => h('tr', null, h('th', { scope: 'row' }, display(bar.label)), h('td', null, num(bar.value))))));
}

// Draws horizontal bars, largest first, at most `limit` of them.
export function barChart(caption: string, bars: Bar[], display: (label: string) => string = (l) => l, limit = 12): HTMLElement {
  if (bars.length === 0) return h('p', { class: 'state state-empty' }, t('chart_empty'));
  const shown = [...bars].sort((a, b) => b.value - a.value).slice(0, limit);
  const rtl = lang() === 'ar';
  const width = 520, labelWidth = 150, valueWidth = 56, rowHeight = 30, barHeight = 18;
  const barSpace = width - labelWidth - valueWidth;
  const max = Math.max(...shown.map((b) => b.value), 1);
  const height = shown.length * rowHeight + 4;
  const x = (pos: number, w = 0) => (rtl ? width - pos - w : pos);
  const rows = shown.map((bar, i) => {
    const y = i * rowHeight + 4;
    const w = Math.max(2, (bar.value / max) * barSpace);
    const name = bar.label ? display(bar.label) : t('not_recorded');
    return svg('g', { class: 'bar-row' },
      svg('title', null, t('chart_label', { label: name, count: num(bar.value) })),
      svg('text', { x: x(labelWidth - 10), y: y + barHeight - 4, class: 'bar-label', 'text-anchor': rtl ? 'start' : 'end' },
        name.length > 20 ? name.slice(0, 19) + '…' : name),
      svg('rect', { x: x(labelWidth, w), y, width: w, height: barHeight, rx: 3, class: 'bar' }),
      svg('text', { x: x(labelWidth + w + 6), y: y + barHeight - 4, class: 'bar-value', 'text-anchor': rtl ? 'end' : 'start' },
        num(bar.value)));
  });
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': caption, class: 'chart-svg', preserveAspectRatio: 'xMidYMin meet' }, rows),
    accessibleTable(caption, shown, display));
}

// Draws vertical columns in label order (years), the time axis running in the
// reading direction.
export function columnChart(caption: string, bars: Bar[]): HTMLElement {
  if (bars.length === 0) return h('p', { class: 'state state-empty' }, t('chart_empty'));
  // Known labels in order, the unrecorded last (drawn as a dash; its tooltip says so).
  const ordered = [...bars].sort((a, b) => (!a.label !== !b.label ? (a.label ? -1 : 1) : a.label.localeCompare(b.label)));
  const rtl = lang() === 'ar';
  const width = 520, height = 220, axis = 24, top = 18;
  const slot = width / ordered.length;
  const barWidth = Math.max(4, Math.min(36, slot * 0.7));
  const max = Math.max(...ordered.map((b) => b.value), 1);
  const labelEvery = Math.ceil(ordered.length / 12);
  const cols = ordered.map((bar, i) => {
    const centre = rtl ? width - (i + 0.5) * slot : (i + 0.5) * slot;
    const h_ = Math.max(2, (bar.value / max) * (height - axis - top));
    const y = height - axis - h_;
    return svg('g', { class: 'bar-row' },
      svg('title', null, t('chart_label', { label: bar.label || t('not_recorded'), count: num(bar.value) })),
      svg('rect', { x: centre - barWidth / 2, y, width: barWidth, height: h_, rx: 2, class: 'bar' }),
      i % labelEvery === 0 ? svg('text', { x: centre, y: height - 6, class: 'bar-label', 'text-anchor': 'middle' }, bar.label || t('none')) : null,
      ordered.length <= 16 ? svg('text', { x: centre, y: y - 4, class: 'bar-value', 'text-anchor': 'middle' }, num(bar.value)) : null);
  });
  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': caption, class: 'chart-svg' },
      svg('line', { x1: 0, x2: width, y1: height - axis, y2: height - axis, class: 'axis' }), cols),
    accessibleTable(caption, ordered, (l) => l || t('not_recorded')));
}
