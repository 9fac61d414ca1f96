import { ApiError, api, setCsrf, type User } from '../api';
import { h, mount } from '../dom';
import { t } from '../i18n';

export function loginPage(root: HTMLElement, opts: { onLogin: (user: User) => void }): void {
  const name = h('input', { id: 'login-name', name: 'username', autocomplete: 'username', required: true, dir: 'auto' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'form-error', role: 'alert', id: 'login-error' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, t('login_submit'));
  const form = h('form', { class: 'login-form', id: 'login-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'login-name' }, t('login_name')), name),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login_password')), password),
    message, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    if (!name.value || !password.value) {
      message.textContent = t('login_failed');
      return;
    }
    submit.disabled = true;
    try {
      const answer = await api.login(name.value.trim(), password.value);
      setCsrf(answer.csrf_token);
      opts.onLogin(answer.user);
    } catch (err) {
      message.textContent = err instanceof ApiError && err.status === 429 ? t('login_throttled') : t('login_failed');
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  mount(root, h('div', { class: 'login-layout' },
    h('section', { class: 'card login-card', 'aria-labelledby': 'page-title' },
      h('h1', { id: 'page-title', tabindex: '-1' }, t('login_title')),
      h('p', { class: 'lead' }, t('login_intro')),
      form)));
  name.focus();
}
