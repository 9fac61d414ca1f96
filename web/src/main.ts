// The single-page app: a shell (brand, navigation, language switch, account)
// around client-side routes the server answers with index.html.
import './styles.css';
import { api, setCsrf, setUnauthorizedHandler, type User } from './api';
import type { Page, PageContext } from './app';
import { h, mount } from './dom';
import { applyLang, lang, setLang, t, type StringKey } from './i18n';
import { dashboardPage } from './pages/dashboard';
import { estimatesPage } from './pages/estimates';
import { evidenceItemPage, evidencePage } from './pages/evidence';
import { importPage } from './pages/import';
import { loginPage } from './pages/login';
import { personPage, recordPage } from './pages/person';
import { reviewPage } from './pages/review';
import { searchPage } from './pages/search';

interface Route {
  pattern: RegExp;
  names: string[];
  page: Page;
  nav?: string;
}

function route(path: string, page: Page, nav?: string): Route {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' + path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    }) + '/?$',
  );
  return { pattern, names, page, nav };
}

const routes: Route[] = [
  route('/search', searchPage, '/search'),
  route('/persons/:id', personPage, '/search'),
  route('/records/:source/:id', recordPage, '/search'),
  route('/review', reviewPage, '/review'),
  route('/review/:id', reviewPage, '/review'),
  route('/dashboard', dashboardPage, '/dashboard'),
  route('/estimates', estimatesPage, '/estimates'),
  route('/import', importPage, '/import'),
  route('/evidence', evidencePage, '/evidence'),
  route('/evidence/:id', evidenceItemPage, '/evidence'),
];

const NAV: [string, StringKey][] = [
  ['/search', 'nav_search'],
  ['/review', 'nav_review'],
  ['/dashboard', 'nav_dashboard'],
  ['/estimates', 'nav_estimates'],
  ['/import', 'nav_import'],
  ['/evidence', 'nav_evidence'],
];

const appRoot = document.getElementById('app') as HTMLElement;
let user: User | null = null;
let cleanup: (() => void) | null = null;
let renderSeq = 0;

function navigate(path: string): void {
  if (path !== location.pathname + location.search) history.pushState(null, '', path);
  void render();
}

function languageButton(): HTMLElement {
  return h('button', {
    type: 'button',
    class: 'lang-switch',
    id: 'lang-switch',
    lang: lang() === 'ar' ? 'en' : 'ar',
    'aria-label': t('language_switch_label'),
    onclick: () => {
      setLang(lang() === 'ar' ? 'en' : 'ar');
      void render();
    },
  }, t('language_switch'));
}

function shell(active: string | undefined, main: HTMLElement): HTMLElement[] {
  const brand = h('a', { href: '/search', 'data-link': '', class: 'brand' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'س'),
    h('span', { class: 'brand-text' }, h('strong', null, t('app_name')), h('small', null, t('app_tagline'))));
  const nav = user
    ? h('nav', { class: 'main-nav', 'aria-label': t('nav_label') },
        h('ul', null, NAV.map(([href, key]) => h('li', null,
          h('a', { href, 'data-link': '', 'aria-current': href === active ? 'page' : null }, t(key))))))
    : null;
  const account = user
    ? h('div', { class: 'account' },
        h('span', { class: 'account-name', title: t('signed_in_as', { name: user.name, role: user.role }) },
          h('span', { class: 'sr-only' }, t('signed_in_as', { name: user.name, role: user.role })),
          h('bdi', { 'aria-hidden': 'true' }, t('account_label', { name: user.name, role: user.role }))),
        h('button', { type: 'button', class: 'button-quiet', id: 'logout', onclick: logout }, t('logout')))
    : null;
  return [
    h('a', { href: '#main', class: 'skip-link' }, t('skip_to_content')),
    h('header', { class: 'topbar' }, h('div', { class: 'topbar-inner' }, brand, nav,
      h('div', { class: 'topbar-end' }, account, languageButton()))),
    main,
  ];
}

async function logout(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // The session may already be gone; sign out locally either way.
  }
  user = null;
  setCsrf('');
  navigate('/login');
}

async function render(): Promise<void> {
  const seq = ++renderSeq;
  cleanup?.();
  cleanup = null;
  applyLang();
  const main = h('main', { id: 'main', class: 'content', tabindex: '-1' });
  const path = location.pathname;

  if (!user || path === '/login') {
    if (user && path === '/login') return navigate('/search');
    mount(appRoot, shell(undefined, main));
    loginPage(main, {
      onLogin: (u) => {
        user = u;
        const next = new URLSearchParams(location.search).get('next');
        navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/search');
      },
    });
    return;
  }

  let matched: { route: Route; params: Record<string, string> } | null = null;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) {
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      matched = { route: r, params };
      break;
    }
  }
  if (!matched) return navigate('/search');
  mount(appRoot, shell(matched.route.nav, main));
  const ctx: PageContext = { user, params: matched.params, query: new URLSearchParams(location.search), navigate };
  const result = await matched.route.page(main, ctx);
  if (seq !== renderSeq) {
    if (typeof result === 'function') result();
    return;
  }
  if (typeof result === 'function') cleanup = result;
  // Screen readers announce the new page: move focus to its heading unless
  // the page put it somewhere useful (the search box).
  if (!main.contains(document.activeElement)) (main.querySelector('#page-title') as HTMLElement | null)?.focus();
}

// Links marked data-link navigate without reloading.
document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.getAttribute('href') ?? '/');
});
window.addEventListener('popstate', () => void render());

setUnauthorizedHandler(() => {
  if (!user) return;
  user = null;
  const here = location.pathname + location.search;
  history.replaceState(null, '', '/login?next=' + encodeURIComponent(here));
  void render();
});

async function start(): Promise<void> {
  applyLang();
  try {
    const me = await api.me();
    const u = me.user ?? (me.name ? { name: me.name, role: me.role ?? '' } : null);
    user = u && u.name ? u : null;
    if (me.csrf_token) setCsrf(me.csrf_token);
  } catch {
    user = null;
  }
  if (!user && location.pathname !== '/login') {
    const here = location.pathname === '/' ? '' : '?next=' + encodeURIComponent(location.pathname + location.search);
    history.replaceState(null, '', '/login' + here);
  }
  if (user && (location.pathname === '/' || location.pathname === '/login')) history.replaceState(null, '', '/search');
  await render();
}

void start();
