import { api, type ApiRecord } from '../api';
import { card, emptyState, errorState, loading, pageHeader, recordFields, recordName, sideBySide, type Page } from '../app';
import { h, mount } from '../dom';
import { num, statusLabel, t } from '../i18n';

interface TimelineEvent {
  date: string;  // ISO 8601, possibly partial ("2013", "2013-05"); "" when unknown
  kind: 'arrest' | 'facility' | 'status';
  title: string;
  detail: string;
  source: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

// Returns what the records say happened, oldest first; undated events last.
// Several sources reporting the same event stay separate entries, each
// naming its source, so disagreements show.
function timeline(records: ApiRecord[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const record of records) {
    const f = recordFields(record);
    const source = record.source;
    const arrestDate = text(f['arrest_date']);
    if (arrestDate || f['arrest_place'] || f['arresting_party']) {
      events.push({ date: arrestDate, kind: 'arrest', title: t('event_arrest'),
        detail: [text(f['arrest_place']), text(f['arresting_party'])].filter(Boolean).join(' · '), source });
    }
    if (f['facility']) {
      events.push({ date: arrestDate, kind: 'facility', title: t('event_facility', { facility: text(f['facility']) }),
        detail: '', source });
    }
    const status = text(f['status']);
    if (status && status !== 'unknown') {
      events.push({ date: text(f['status_date']), kind: 'status', title: t('event_status', { status: statusLabel(status) }),
        detail: '', source });
    }
  }
  const order = { arrest: 0, facility: 1, status: 2 };
  return events.sort((x, y) => {
    if (!x.date !== !y.date) return x.date ? -1 : 1;
    return x.date.localeCompare(y.date) || order[x.kind] - order[y.kind];
  });
}

function timelineView(records: ApiRecord[]): HTMLElement {
  const events = timeline(records);
  if (events.length === 0) return emptyState(t('person_no_timeline'));
  return h('ol', { class: 'timeline', id: 'person-timeline' }, events.map((event) =>
    h('li', { class: `timeline-event event-${event.kind}` },
      h('span', { class: 'timeline-dot', 'aria-hidden': 'true' }),
      h('div', { class: 'timeline-body' },
        h('time', { class: 'timeline-date', datetime: event.date || null }, event.date || t('none')),
        h('p', { class: 'timeline-title' }, h('bdi', null, event.title)),
        event.detail ? h('p', { class: 'timeline-detail' }, h('bdi', null, event.detail)) : null,
        h('p', { class: 'timeline-source' }, t('event_reported_by', { source: event.source }))))));
}

function recordHeader(record: ApiRecord): HTMLElement {
  return h('span', { class: 'record-head' },
    h('span', { class: 'source-tag' }, h('bdi', null, record.source)),
    h('span', { class: 'record-id' }, h('bdi', null, record.record_id)));
}

function personView(title: string, records: ApiRecord[]): HTMLElement[] {
  const sources = [...new Set(records.map((r) => r.source))];
  const names = [...new Set(records.map(recordName))];
  return [
    pageHeader(title, undefined,
      h('p', { class: 'person-names' }, names.map((n) => h('bdi', { class: 'person-name' }, n))),
      h('p', { class: 'meta-line' }, t('person_sources'), ': ',
        sources.map((s) => h('span', { class: 'source-tag' }, h('bdi', null, s))))),
    h('div', { class: 'person-layout' },
      card(t('person_records', { count: num(records.length) }), sideBySide(records, records.map(recordHeader))),
      card(t('person_timeline'), timelineView(records))),
  ];
}

export const personPage: Page = async (root, ctx) => {
  mount(root, loading());
  try {
    const person = await api.person(ctx.params.id);
    mount(root, ...personView(t('person_title', { id: person.person_id }), person.records ?? []));
  } catch (err) {
    mount(root, pageHeader(t('person_title', { id: ctx.params.id })), errorState(err));
  }
};

export const recordPage: Page = async (root, ctx) => {
  const title = t('record_title', { source: ctx.params.source, id: ctx.params.id });
  mount(root, loading());
  try {
    const record = await api.record(ctx.params.source, ctx.params.id);
    const personId = typeof record['person_id'] === 'string' ? record['person_id'] : '';
    if (personId) {
      // A linked record is shown as its person, with the other records.
      const url = `/persons/${encodeURIComponent(personId)}`;
      history.replaceState(null, '', url);
      ctx.navigate(url);
      return;
    }
    mount(root, ...personView(title, [record]));
  } catch (err) {
    mount(root, pageHeader(title), errorState(err));
  }
};
