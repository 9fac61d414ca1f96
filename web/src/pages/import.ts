import { api, listOf } from '../api';
import { card, emptyState, errorMessage, filePicker, pageHeader, type Page } from '../app';
import { h, mount } from '../dom';
import { fieldLabel, num, t, type StringKey } from '../i18n';

interface ImportError {
  line?: number;
  field?: string;
  column?: string;
  message?: string;
}

interface Preview {
  mapping: { column: string; field: string }[];
  targets: string[];
  rows: { line?: number; cells: string[] }[];
  errors: ImportError[];
}

// Reads "file:LINE: column 'X': value 'V': expected ..." as the import
// pipeline words its errors; anything else is shown whole.
function toError(raw: unknown): ImportError {
  if (raw && typeof raw === 'object') return raw as ImportError;
  const text = String(raw);
  const m = /^.*?:(\d+): (?:column '([^']*)': )?(.*)$/s.exec(text);
  return m ? { line: Number(m[1]), column: m[2], message: m[3] } : { message: text };
}

// Reads the server's answer: {preview: {columns: [{header, maps_to}],
// targets: [...], rows: [{line, cells}]}, errors: [...], inserted, ...}.
function toPreview(answer: unknown): Preview {
  const a = (answer ?? {}) as Record<string, unknown>;
  const preview = (a.preview ?? {}) as Record<string, unknown>;
  const mapping = listOf<Record<string, unknown>>(preview, 'columns').map((c) => ({
    column: String(c.header ?? c.column ?? ''), field: String(c.maps_to ?? c.field ?? ''),
  }));
  const rows = listOf<Record<string, unknown>>(preview, 'rows').map((r) => ({
    line: typeof r.line === 'number' ? r.line : undefined,
    cells: Array.isArray(r.cells) ? r.cells.map(String) : [],
  }));
  const targets = listOf<unknown>(preview, 'targets').map(String);
  return { mapping, targets, rows, errors: listOf<unknown>(a, 'errors').map(toError) };
}

function steps(active: number): HTMLElement {
  const keys: StringKey[] = ['import_step_upload', 'import_step_preview', 'import_step_done'];
  return h('ol', { class: 'steps' }, keys.map((key, i) =>
    h('li', { class: i === active ? 'step active' : i < active ? 'step done' : 'step', 'aria-current': i === active ? 'step' : null }, t(key))));
}

function errorTable(errors: ImportError[]): HTMLElement {
  if (errors.length === 0) return h('p', { class: 'state state-ok', id: 'import-errors' }, t('import_no_errors'));
  return h('div', { class: 'table-wrap', id: 'import-errors' }, h('table', { class: 'data' },
    h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, t('import_line')), h('th', { scope: 'col' }, t('field')), h('th', { scope: 'col' }, t('import_message')))),
    h('tbody', null, errors.map((e) => h('tr', null,
      h('td', { class: 'num' }, e.line !== undefined ? num(e.line) : t('none')),
      h('td', null, e.field ? fieldLabel(e.field) : e.column ? h('bdi', null, e.column) : t('none')),
      h('td', null, h('bdi', null, e.message ?? '')))))));
}

export const importPage: Page = (root, ctx) => {
  const { element: picker, input: file } = filePicker('import-file', '.csv,.xlsx,.json,text/csv,application/json');
  const source = h('input', { id: 'import-source', type: 'text', autocomplete: 'off', dir: 'auto', pattern: '[A-Za-z0-9_.\\-]+' });
  const option = (value: string, text: string) => h('option', { value }, text);
  const format = h('select', { id: 'import-format' }, option('', t('import_auto')), option('csv', 'CSV'), option('xlsx', 'XLSX'), option('json', 'JSON'));
  const encoding = h('select', { id: 'import-encoding' }, option('', t('import_auto')), option('utf-8', 'UTF-8'), option('windows-1256', 'Windows-1256'));
  const message = h('p', { class: 'form-error', role: 'alert' });
  const stepper = h('div', { class: 'stepper' });
  const stage = h('div', { id: 'import-stage' });
  // The user's column choices (header -> field), sent with every preview and
  // the import; null until a column is changed. A new file starts afresh.
  let choices: Record<string, string> | null = null;
  file.addEventListener('change', () => { choices = null; });

  const form = (): FormData => {
    const data = new FormData();
    data.append('file', file.files![0]);
    data.append('source', source.value.trim());
    if (format.value) data.append('format', format.value);
    if (encoding.value) data.append('encoding', encoding.value);
    if (choices) data.append('mapping', JSON.stringify(choices));
    return data;
  };

  const valid = (): boolean => {
    message.textContent = '';
    if (!file.files || file.files.length === 0) message.textContent = t('import_choose_file');
    else if (!source.value.trim()) message.textContent = t('import_source_required');
    return !message.textContent;
  };

  // A column's field as a choice among the server's targets; changing it
  // previews again with every column's current choice.
  const mappingSelect = (preview: Preview, index: number): HTMLElement => {
    const { column, field } = preview.mapping[index];
    const select = h('select', { id: `import-map-${index}`, 'aria-label': column, 'data-column': column },
      preview.targets.map((target) => {
        const option = h('option', { value: target }, target === 'extra' ? t('import_unmapped') : fieldLabel(target));
        option.selected = target === field;
        return option;
      }));
    select.addEventListener('change', () => {
      choices = Object.fromEntries(preview.mapping.map((c) => [c.column, c.field]));
      choices[column] = select.value;
      void preview_();
    });
    return select;
  };

  const showPreview = (preview: Preview) => {
    const mappingRows = preview.mapping.map(({ column, field }, index) => h('tr', { class: field && field !== 'extra' ? null : 'unmapped' },
      h('th', { scope: 'row' }, h('bdi', null, column)),
      h('td', null, preview.targets.length ? mappingSelect(preview, index)
        : field && field !== 'extra' ? fieldLabel(field) : t('import_unmapped'))));
    mount(stepper, steps(1));
    mount(stage,
      h('div', { class: 'import-grid' },
        card(t('import_mapping'), preview.mapping.length
          ? h('div', { class: 'table-wrap' }, h('table', { class: 'data mapping', id: 'import-mapping' },
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('import_column')), h('th', { scope: 'col' }, t('import_maps_to')))),
              h('tbody', null, mappingRows)))
          : emptyState(t('none'))),
        card(t('import_errors', { count: num(preview.errors.length) }), errorTable(preview.errors))),
      card(t('import_rows'), preview.rows.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'data preview', id: 'import-preview' },
            h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, t('import_line')),
              preview.mapping.map((c) => h('th', { scope: 'col' }, h('bdi', null, c.column))))),
            h('tbody', null, preview.rows.map((row) => h('tr', null,
              h('td', { class: 'num' }, row.line !== undefined ? num(row.line) : ''),
              row.cells.map((cell) => h('td', null, h('bdi', null, cell))))))))
        : emptyState(t('none'))),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'button-quiet', onclick: () => void preview_() }, t('import_preview')),
        h('button', { type: 'button', class: 'button-primary', id: 'import-commit', onclick: () => void commit() }, t('import_commit'))));
  };

  const preview_ = async () => {
    if (!valid()) return;
    try {
      showPreview(toPreview(await api.importFile(form(), true)));
    } catch (err) {
      message.textContent = errorMessage(err);
    }
  };

  const commit = async () => {
    if (!valid()) return;
    try {
      const answer = (await api.importFile(form(), false)) as Record<string, unknown>;
      const n = (key: string) => num(typeof answer[key] === 'number' ? (answer[key] as number) : 0);
      mount(stepper, steps(2));
      mount(stage, card(t('import_step_done'),
        h('p', { class: 'state state-ok', id: 'import-done' }, t('import_summary', {
          added: n('inserted'), changed: n('updated'), unchanged: n('unchanged'), rejected: n('rejected') })),
        answer.outcome === 'already_imported' ? h('p', { class: 'hint' }, t('import_already')) : null,
        errorTable(listOf<unknown>(answer, 'errors').map(toError)),
        h('button', { type: 'button', class: 'button-quiet', onclick: () => importPage(root, ctx) }, t('import_again'))));
    } catch (err) {
      message.textContent = errorMessage(err);
    }
  };

  const upload = h('form', { class: 'form-grid', id: 'import-form', onsubmit: (e: Event) => { e.preventDefault(); void preview_(); } },
    h('div', { class: 'field field-wide' }, h('span', { class: 'field-label' }, t('import_file')), picker),
    h('div', { class: 'field' }, h('label', { for: 'import-source' }, t('import_source')), source),
    h('div', { class: 'field' }, h('label', { for: 'import-format' }, t('import_format')), format),
    h('div', { class: 'field' }, h('label', { for: 'import-encoding' }, t('import_encoding')), encoding),
    h('div', { class: 'field-wide' }, message, h('div', { class: 'button-row' },
      h('button', { type: 'submit', class: 'button-primary', id: 'import-preview-button' }, t('import_preview')))));

  mount(stepper, steps(0));
  mount(root, pageHeader(t('import_title')), stepper, card(null, upload), stage);
};
