// Shared page plumbing: the signed-in user, navigation, and the small widgets
// every page uses (headings, loading and error states, record tables).
import { ApiError, type ApiRecord, type User } from './api';
import { h, type Child } from './dom';
import { fieldLabel, sexLabel, statusLabel, t } from './i18n';

export interface PageContext {
  user: User;
  params: Record<string, string>;
  query: URLSearchParams;
  navigate: (path: string) => void;
}

// A page draws itself into `root`; it may return a cleanup for when it is left
// (listeners on document, timers).
export type Page = (root: HTMLElement, ctx: PageContext) => void | (() => void) | Promise<void | (() => void)>;

export function pageHeader(title: string, intro?: string, ...extra: Child[]): HTMLElement {
  return h('header', { class: 'page-header' }, h('h1', { id: 'page-title', tabindex: '-1' }, title),
    intro ? h('p', { class: 'lead' }, intro) : null, extra);
}

export function loading(): HTMLElement {
  return h('p', { class: 'state state-loading', role: 'status' }, t('loading'));
}

export function emptyState(message: string): HTMLElement {
  return h('p', { class: 'state state-empty' }, message);
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return t('error_forbidden');
    if (err.status === 404 && err.code !== 'not_found') return t('not_available');
    if (err.status === 404) return t('error_not_found');
    if (err.status === 501) return t('not_available');
    return t('error_generic', { message: err.message || err.code });
  }
  return t('error_generic', { message: err instanceof Error ? err.message : String(err) });
}

export function errorState(err: unknown): HTMLElement {
  return h('p', { class: 'state state-error', role: 'alert' }, errorMessage(err));
}

export function link(href: string, text: Child, attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h('a', { href, 'data-link': '', ...attrs }, text);
}

// A file input whose visible parts are translated (the browser's own button
// text follows the browser's language, not the page's). The input itself
// stays in the page, visually hidden but focusable.
export function filePicker(id: string, accept?: string): { element: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { id, type: 'file', accept: accept ?? null, class: 'sr-only' });
  const name = h('span', { class: 'file-name' }, t('file_none'));
  input.addEventListener('change', () => {
    name.textContent = input.files && input.files.length ? input.files[0].name : t('file_none');
  });
  const element = h('div', { class: 'file-picker' }, input,
    h('label', { for: id, class: 'button-quiet file-button' }, t('file_choose')), h('bdi', null, name));
  return { element, input };
}

export function card(title: string | null, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, children);
}

// Returns a value of a record field as people should read it.
export function displayValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('none');
  if (field === 'status') return statusLabel(String(value));
  if (field === 'sex') return sexLabel(String(value));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// The canonical fields, in the record model's order (src/core/record.h).
export const RECORD_FIELDS = [
  'full_name', 'given_name', 'father_name', 'grandfather_name', 'family_name', 'mother_name',
  'sex', 'birth_date', 'governorate', 'district', 'city', 'arrest_date', 'arrest_place',
  'arresting_party', 'facility', 'status', 'status_date', 'notes',
] as const;

// Returns the fields of a record, canonical and extra: some API answers nest
// them under "fields".
export function recordFields(record: ApiRecord): Record<string, unknown> {
  const nested = record['fields'];
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    return { ...record, ...(nested as Record<string, unknown>) };
  }
  return record;
}

export function recordName(record: ApiRecord): string {
  const f = recordFields(record);
  const full = f['full_name'];
  if (typeof full === 'string' && full) return full;
  return ['given_name', 'father_name', 'family_name'].map((k) => f[k]).filter(Boolean).join(' ') || record.record_id;
}

// A table with one row per field any record has and one column per record,
// so a reader compares them across. `extraColumn` adds a trailing cell per
// field (the review page's contributions).
export function sideBySide(
  records: ApiRecord[],
  headers: Child[],
  extraColumn?: { title: string; cell: (field: string) => Child },
): HTMLElement {
  const fields = RECORD_FIELDS.filter((field) => records.some((r) => {
    const v = recordFields(r)[field];
    return v !== undefined && v !== null && v !== '';
  }));
  const head = h('tr', null, h('th', { scope: 'col' }, t('field')),
    headers.map((header) => h('th', { scope: 'col' }, header)),
    extraColumn ? h('th', { scope: 'col' }, extraColumn.title) : null);
  const rows = fields.map((field) => {
    const values = records.map((r) => recordFields(r)[field]);
    // Rows where the records disagree; a value one record lacks is no disagreement.
    const differ = new Set(values.map((v) => String(v ?? '')).filter(Boolean)).size > 1;
    return h('tr', { class: differ ? 'differs' : null },
      h('th', { scope: 'row' }, fieldLabel(field)),
      values.map((v) => h('td', null, h('bdi', null, displayValue(field, v)))),
      extraColumn ? h('td', { class: 'num' }, extraColumn.cell(field)) : null);
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'compare' }, h('thead', null, head), h('tbody', null, rows)));
}
