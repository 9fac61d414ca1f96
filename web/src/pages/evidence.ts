import { api, listOf, type CustodyEntry, type VaultItem } from '../api';
import { card, emptyState, errorMessage, errorState, filePicker, link, loading, pageHeader, type Page } from '../app';
import { h, mount } from '../dom';
import { lang, num, t } from '../i18n';

function str(item: Record<string, unknown>, ...keys: string[]): string {
  for (const key of keys) {
    const v = item[key];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return '';
}

function size(bytes: number | undefined): string {
  if (typeof bytes !== 'number') return t('none');
  if (bytes < 1024) return `${num(bytes)} B`;
  if (bytes < 1024 * 1024) return `${num(bytes / 1024, 1)} KiB`;
  return `${num(bytes / 1024 / 1024, 1)} MiB`;
}

function itemName(item: VaultItem): string {
  return str(item, 'name', 'filename', 'original_name', 'description') || String(item.id);
}

function verifiedState(item: VaultItem): boolean | undefined {
  if (typeof item.verified === 'boolean') return item.verified;
  const v = item.verification;
  if (typeof v === 'string') return v === 'verified' || v === 'ok';
  if (v && typeof v === 'object') {
    const ok = (v as Record<string, unknown>).ok ?? (v as Record<string, unknown>).verified;
    if (typeof ok === 'boolean') return ok;
    const s = (v as Record<string, unknown>).status;
    if (typeof s === 'string') return s === 'verified' || s === 'ok';
  }
  return undefined;
}

function verificationBadge(item: VaultItem, short = false): HTMLElement {
  const state = verifiedState(item);
  if (state) return h('span', { class: 'badge badge-ok' }, '✓ ', t(short ? 'evidence_verified_short' : 'evidence_verified'));
  const status = (item.verification as { status?: string } | undefined)?.status;
  if (status === 'failed') return h('span', { class: 'badge badge-danger' }, '✗ ', t('evidence_failed'));
  if (status === 'no_checkpoint' || status === 'not_yet_checkpointed') return h('span', { class: 'badge badge-warn' }, t('evidence_pending'));
  return short ? h('span', { class: 'muted' }, t('none')) : h('span', { class: 'badge badge-quiet' }, t('evidence_unverified'));
}

function uploadForm(onDone: (item: VaultItem) => void): HTMLElement {
  const { element: picker, input: file } = filePicker('evidence-file');
  const description = h('input', { id: 'evidence-description', type: 'text', dir: 'auto', autocomplete: 'off' });
  const message = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button-primary', id: 'evidence-submit' }, t('evidence_submit'));
  return h('form', { class: 'form-grid', id: 'evidence-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    message.textContent = '';
    if (!file.files || file.files.length === 0) {
      message.textContent = t('import_choose_file');
      return;
    }
    const data = new FormData();
    data.append('file', file.files[0]);
    if (description.value.trim()) data.append('description', description.value.trim());
    submit.disabled = true;
    try {
      const answer = await api.vaultUpload(data);
      onDone(('item' in answer && answer.item ? answer.item : answer) as VaultItem);
    } catch (err) {
      message.textContent = errorMessage(err);
    } finally {
      submit.disabled = false;
    }
  } },
    h('div', { class: 'field' }, h('span', { class: 'field-label' }, t('evidence_file')), picker),
    h('div', { class: 'field' }, h('label', { for: 'evidence-description' }, t('evidence_description')), description),
    h('div', { class: 'field-wide' }, message, h('div', { class: 'button-row' }, submit)));
}

export const evidencePage: Page = async (root, ctx) => {
  const header = pageHeader(t('evidence_title'), t('evidence_intro'));
  const upload = card(t('evidence_upload'), uploadForm((item) => ctx.navigate(`/evidence/${encodeURIComponent(String(item.id))}`)));
  mount(root, header, upload, loading());
  try {
    const items = listOf<VaultItem>(await api.vaultList(), 'items', 'vault', 'evidence');
    const list = items.length === 0
      ? emptyState(t('evidence_empty'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'evidence-list' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('meta_name')), h('th', { scope: 'col' }, t('meta_type')),
            h('th', { scope: 'col', class: 'num' }, t('meta_size')), h('th', { scope: 'col' }, t('meta_added')),
            h('th', { scope: 'col' }, t('evidence_verification')))),
          h('tbody', null, items.map((item) => h('tr', null,
            h('td', null, link(`/evidence/${encodeURIComponent(String(item.id))}`, h('bdi', null, itemName(item)))),
            h('td', null, str(item, 'media_type', 'type') || t('none')),
            h('td', { class: 'num' }, h('bdi', { dir: 'ltr' }, size(item.size))),
            h('td', { class: 'nowrap' }, str(item, 'added_at', 'created_at', 'time') || t('none')),
            h('td', null, verificationBadge(item, true)))))));
    mount(root, header, upload, card(t('evidence_title'), list));
  } catch (err) {
    mount(root, header, upload, errorState(err));
  }
};

// The entry's own fields (hashes, case, item id: never names).
function entryFields(fields: unknown): HTMLElement | null {
  if (!fields || typeof fields !== 'object') return null;
  const pairs = Object.entries(fields as Record<string, unknown>).filter(([, v]) => v !== '' && v !== null);
  if (pairs.length === 0) return null;
  return h('dl', { class: 'entry-fields' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, h('bdi', null, String(v)))]));
}

function custodyTimeline(entries: CustodyEntry[]): HTMLElement {
  if (entries.length === 0) return emptyState(t('none'));
  return h('ol', { class: 'timeline', id: 'custody-timeline' }, entries.map((entry) => {
    const e = entry as Record<string, unknown>;
    const when = str(e, 'time', 'at', 'timestamp', 'recorded_at');
    const index = str(e, 'index', 'seq', 'leaf_index');
    return h('li', { class: 'timeline-event custody-entry' },
      h('span', { class: 'timeline-dot', 'aria-hidden': 'true' }),
      h('div', { class: 'timeline-body' },
        h('time', { class: 'timeline-date', datetime: when || null }, when || t('none')),
        h('p', { class: 'timeline-title' }, h('code', null, str(e, 'action', 'kind', 'event', 'type') || '?'),
          index ? h('span', { class: 'muted' }, ` #${index}`) : null),
        h('p', { class: 'timeline-detail' }, h('bdi', null, [str(e, 'actor', 'by', 'who'), str(e, 'note', 'why', 'reason')].filter(Boolean).join(' · '))),
        entryFields(e.fields)));
  }));
}

export const evidenceItemPage: Page = async (root, ctx) => {
  const title = t('evidence_item_title', { id: ctx.params.id });
  mount(root, pageHeader(title), loading());
  try {
    const answer = (await api.vaultItem(ctx.params.id)) as VaultItem & { item?: VaultItem };
    const item: VaultItem = { ...(answer.item ?? {}), ...answer };
    const custody = listOf<CustodyEntry>(answer, 'custody', 'custody_entries', 'entries');
    const meta: [string, string, string?][] = [
      [t('meta_name'), itemName(item)],
      [t('meta_type'), str(item, 'media_type', 'type') || t('none')],
      [t('meta_size'), size(item.size)],
      [t('meta_sha256'), str(item, 'sha256', 'hash') || t('none'), 'hash'],
      [t('meta_added'), str(item, 'added_at', 'created_at') || t('none')],
      [t('evidence_description'), str(item, 'description')],
      [t('meta_case'), str(item, 'case_name')],
      [t('meta_captured'), str(item, 'captured_at')],
      [t('meta_added_by'), str(item, 'added_by', 'actor')],
    ].filter(([, value]) => value !== '') as [string, string, string?][];
    mount(root,
      pageHeader(title, undefined, link('/evidence', `${lang() === 'ar' ? '→' : '←'} ${t('back')}`, { class: 'back-link' })),
      h('div', { class: 'person-layout' },
        card(t('evidence_metadata'),
          h('dl', { class: 'meta', id: 'evidence-meta' }, meta.map(([k, v, cls]) => [h('dt', null, k), h('dd', { class: cls ?? null }, h('bdi', null, v))])),
          h('h3', null, t('evidence_verification')), h('p', { id: 'evidence-verification' }, verificationBadge(item))),
        card(t('evidence_custody'), custodyTimeline(custody))));
  } catch (err) {
    mount(root, pageHeader(title), errorState(err));
  }
};
