import { api, type SearchHit } from '../api';
import { emptyState, errorState, link, pageHeader, type Page } from '../app';
import { debounce, h, mount } from '../dom';
import { num, statusLabel, t } from '../i18n';

function hitRow(hit: SearchHit): HTMLElement {
  const href = hit.person_id
    ? `/persons/${encodeURIComponent(hit.person_id)}`
    : `/records/${encodeURIComponent(hit.source)}/${encodeURIComponent(hit.record_id)}`;
  return h('tr', null,
    h('td', null, link(href, h('bdi', null, hit.full_name || hit.record_id), { class: 'result-name' })),
    h('td', null, h('bdi', null, hit.governorate || t('none'))),
    h('td', { class: 'nowrap' }, hit.arrest_date || t('none')),
    h('td', null, hit.status ? h('span', { class: `badge status-${hit.status}` }, statusLabel(hit.status)) : t('none')),
    h('td', { class: 'nowrap' }, h('bdi', null, `${hit.source}:${hit.record_id}`)),
    h('td', { class: 'num' }, typeof hit.score === 'number' ? num(hit.score, 2) : t('none')));
}

export const searchPage: Page = (root, ctx) => {
  const initial = ctx.query.get('q') ?? '';
  const input = h('input', {
    id: 'search-input', type: 'search', name: 'q', value: initial, autocomplete: 'off', dir: 'auto',
    placeholder: t('search_placeholder'), 'aria-describedby': 'search-hint', spellcheck: 'false',
  });
  const results = h('div', { id: 'search-results', 'aria-live': 'polite' });
  let seq = 0;

  const run = async (q: string) => {
    const mine = ++seq;
    history.replaceState(null, '', q ? `/search?q=${encodeURIComponent(q)}` : '/search');
    if (q.trim().length < 2) {
      mount(results, emptyState(t('search_empty')));
      return;
    }
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await api.search(q.trim(), 25);
      if (mine !== seq) return;
      const hits = answer.results ?? [];
      if (hits.length === 0) {
        mount(results, emptyState(t('search_no_results', { q })));
      } else {
        mount(results,
          h('p', { class: 'result-count' }, t('search_results', { count: num(hits.length) })),
          h('div', { class: 'table-wrap' }, h('table', { class: 'data results' },
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, t('col_name')),
              h('th', { scope: 'col' }, t('col_governorate')),
              h('th', { scope: 'col' }, t('col_arrest_date')),
              h('th', { scope: 'col' }, t('col_status')),
              h('th', { scope: 'col' }, t('col_record')),
              h('th', { scope: 'col', class: 'num' }, t('col_score')))),
            h('tbody', null, hits.map(hitRow)))));
      }
    } catch (err) {
      if (mine === seq) mount(results, errorState(err));
    } finally {
      if (mine === seq) results.removeAttribute('aria-busy');
    }
  };
  const runSoon = debounce(run, 150);
  input.addEventListener('input', () => runSoon(input.value));
  const form = h('form', { class: 'search-form', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); void run(input.value); } },
    h('label', { for: 'search-input', class: 'field-label' }, t('search_label')),
    input,
    h('p', { id: 'search-hint', class: 'hint' }, t('search_hint')));

  mount(root, pageHeader(t('search_title')), h('section', { class: 'card' }, form), results);
  input.focus();
  void run(initial);
};
