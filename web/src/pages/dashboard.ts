import { api, type Stats } from '../api';
import { card, errorState, loading, pageHeader, type Page } from '../app';
import { barChart, columnChart, toBars } from '../charts';
import { h, mount } from '../dom';
import { lang, num, sexLabel, statusLabel, t } from '../i18n';

function counts(stats: Stats, ...keys: string[]): unknown {
  for (const key of keys) if (stats[key] !== undefined) return stats[key];
  return undefined;
}

// Governorates come under the gazetteer's (English) key with their Arabic
// name beside it; values it does not know are shown as written.
function placeName(stats: Stats): (label: string) => string {
  const arabic = new Map<string, string>();
  const list = stats.governorate;
  if (Array.isArray(list)) {
    for (const entry of list as Record<string, unknown>[]) {
      if (typeof entry.value === 'string' && typeof entry.value_ar === 'string') arabic.set(entry.value, entry.value_ar);
    }
  }
  return (label) => (lang() === 'ar' ? arabic.get(label) ?? label : label);
}

export const dashboardPage: Page = async (root) => {
  mount(root, pageHeader(t('dashboard_title')), loading());
  try {
    const stats = await api.stats();
    const total = [stats.records, stats.total].find((n): n is number => typeof n === 'number');
    mount(root,
      pageHeader(t('dashboard_title'), total !== undefined ? t('dashboard_total', { count: num(total) }) : undefined),
      h('div', { class: 'dashboard-grid', id: 'dashboard' },
        card(t('by_governorate'), barChart(t('by_governorate'), toBars(counts(stats, 'by_governorate', 'governorate')), placeName(stats))),
        card(t('by_year'), columnChart(t('by_year'), toBars(counts(stats, 'by_arrest_year', 'by_year', 'arrest_year')))),
        card(t('by_facility'), barChart(t('by_facility'), toBars(counts(stats, 'by_facility', 'facility')))),
        card(t('by_status'), barChart(t('by_status'), toBars(counts(stats, 'by_status', 'status')), statusLabel)),
        card(t('by_sex'), barChart(t('by_sex'), toBars(counts(stats, 'by_sex', 'sex')), sexLabel))));
  } catch (err) {
    mount(root, pageHeader(t('dashboard_title')), errorState(err));
  }
};
