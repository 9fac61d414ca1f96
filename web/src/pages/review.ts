import { api, listOf, type ApiRecord, type FieldContribution, type ReviewDetail, type ReviewItem } from '../api';
import { card, emptyState, errorMessage, errorState, loading, pageHeader, sideBySide, type Page } from '../app';
import { h, mount, svg } from '../dom';
import { num, t } from '../i18n';

type Ref = { source: string; record_id: string };

function isFullRecord(value: unknown): value is ApiRecord {
  return !!value && typeof value === 'object' && Object.keys(value).some((k) => k !== 'source' && k !== 'record_id');
}

// Returns both records of a pair, whichever way the API nests them; fetches
// them by reference when the answer only names them.
async function pairRecords(detail: ReviewDetail): Promise<[ApiRecord, ApiRecord]> {
  if (Array.isArray(detail.records) && detail.records.length === 2) return [detail.records[0], detail.records[1]];
  if (detail.record_a && detail.record_b) return [detail.record_a, detail.record_b];
  const load = (ref: Ref | ApiRecord): Promise<ApiRecord> =>
    isFullRecord(ref) ? Promise.resolve(ref) : api.record(ref.source, ref.record_id);
  return Promise.all([load(detail.a), load(detail.b)]);
}

// The server sends {available, fields: [{field, weight}]} (or a bare list).
function contributionList(raw: unknown): FieldContribution[] {
  if (Array.isArray(raw)) return raw as FieldContribution[];
  const fields = (raw as { fields?: unknown } | undefined)?.fields;
  return Array.isArray(fields) ? (fields as FieldContribution[]) : [];
}

function contributionCell(contributions: FieldContribution[]) {
  const byField = new Map(contributions.map((c) => [c.field, c]));
  return (field: string) => {
    const c = byField.get(field);
    if (!c || typeof c.weight !== 'number') return t('none');
    const w = c.weight;
    // A bar from the middle: agreement pushes towards the end, disagreement
    // towards the start (mirrored in Arabic by the CSS).
    const half = Math.min(50, Math.abs(w) * 5);
    return h('span', { class: 'contribution' },
      svg('svg', { class: 'contribution-bar', viewBox: '0 0 100 10', width: '100', height: '10', 'aria-hidden': 'true' },
        svg('rect', { x: '0', y: '4', width: '100', height: '2', class: 'track' }),
        svg('rect', { x: String(w >= 0 ? 50 : 50 - half), y: '0', width: String(Math.max(1, half)), height: '10',
          class: w >= 0 ? 'positive' : 'negative' })),
      h('bdi', { class: 'contribution-value', dir: 'ltr' }, (w >= 0 ? '+' : '') + num(w, 1)));
  };
}

function refText(ref: Ref | ApiRecord): string {
  return `${ref.source}:${ref.record_id}`;
}

export const reviewPage: Page = async (root, ctx) => {
  mount(root, pageHeader(t('review_title'), t('review_intro')), loading());
  let items: ReviewItem[];
  try {
    items = listOf<ReviewItem>(await api.reviewList(100), 'items', 'review', 'queue');
  } catch (err) {
    mount(root, pageHeader(t('review_title'), t('review_intro')), errorState(err));
    return;
  }
  let index = Math.max(0, items.findIndex((item) => String(item.id) === ctx.params.id));
  let busy = false;
  const status = h('p', { class: 'flash', role: 'status', id: 'review-status' });
  const panel = h('div', { id: 'review-panel' });
  const note = h('input', { id: 'review-note', type: 'text', dir: 'auto', autocomplete: 'off' });

  const show = async () => {
    if (items.length === 0) {
      mount(panel, emptyState(t('review_empty')));
      return;
    }
    index = Math.min(Math.max(index, 0), items.length - 1);
    const item = items[index];
    history.replaceState(null, '', `/review/${item.id}`);
    mount(panel, loading());
    try {
      const detail = await api.reviewItem(item.id);
      const [a, b] = await pairRecords(detail);
      const probability = detail.probability ?? item.probability;
      const weight = detail.weight ?? item.weight;
      const contributions = contributionList(detail.contributions);
      mount(panel,
        h('div', { class: 'review-bar' },
          h('p', { class: 'review-position' }, t('review_pair', { position: num(index + 1), total: num(items.length) })),
          typeof probability === 'number' ? h('span', { class: 'badge' }, t('review_probability', { p: `${num(probability * 100, 0)}%` })) : null,
          typeof weight === 'number' ? h('span', { class: 'badge badge-quiet' }, t('review_weight', { w: num(weight, 1) })) : null),
        card(null, sideBySide([a, b], [
          h('span', null, t('record_a'), ' ', h('bdi', { class: 'muted' }, refText(a))),
          h('span', null, t('record_b'), ' ', h('bdi', { class: 'muted' }, refText(b))),
        ], contributions.length ? { title: t('review_contribution'), cell: contributionCell(contributions) } : undefined),
        contributions.length ? null : h('p', { class: 'hint' }, t('review_no_contributions'))),
        h('div', { class: 'review-actions' },
          h('div', { class: 'field field-inline' }, h('label', { for: 'review-note' }, t('review_note')), note),
          h('div', { class: 'button-row' },
            h('button', { type: 'button', class: 'button-quiet', id: 'review-prev', onclick: () => move(-1), disabled: index === 0 },
              h('kbd', null, 'k'), ' ', t('review_previous')),
            h('button', { type: 'button', class: 'button-quiet', id: 'review-next', onclick: () => move(1), disabled: index >= items.length - 1 },
              h('kbd', null, 'j'), ' ', t('review_next')),
            h('button', { type: 'button', class: 'button-danger', id: 'review-reject', onclick: () => decide('reject') },
              h('kbd', null, 'r'), ' ', t('review_reject')),
            h('button', { type: 'button', class: 'button-primary', id: 'review-accept', onclick: () => decide('accept') },
              h('kbd', null, 'a'), ' ', t('review_accept')))),
        h('p', { class: 'hint shortcuts' }, t('review_shortcuts')));
    } catch (err) {
      mount(panel, errorState(err));
    }
  };

  const move = (step: number) => {
    if (busy || items.length === 0) return;
    const next = index + step;
    if (next < 0 || next >= items.length) return;
    index = next;
    status.textContent = '';
    void show();
  };

  const decide = async (decision: 'accept' | 'reject') => {
    if (busy || items.length === 0) return;
    busy = true;
    const item = items[index];
    try {
      await api.decide(item.id, decision, note.value.trim());
      items.splice(index, 1);
      note.value = '';
      status.textContent = decision === 'accept' ? t('review_decided_accept') : t('review_decided_reject');
      status.className = 'flash flash-ok';
      await show();
    } catch (err) {
      status.textContent = errorMessage(err);
      status.className = 'flash flash-error';
    } finally {
      busy = false;
    }
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const actions: Record<string, () => void> = {
      a: () => void decide('accept'), r: () => void decide('reject'), j: () => move(1), k: () => move(-1),
    };
    const action = actions[event.key.toLowerCase()];
    if (action) {
      event.preventDefault();
      action();
    }
  };
  document.addEventListener('keydown', onKey);
  mount(root, pageHeader(t('review_title'), t('review_intro')), status, panel);
  await show();
  return () => document.removeEventListener('keydown', onKey);
};
