/*
 * ERPEX privacy banner: progressive enhancement of the form BannerRenderer writes. Without this script, plain forms
 * and links do everything; with it, a choice is saved without a reload and "Cookie settings" reopens the banner as a
 * dialog. ES2017, no dependencies, CSP-safe (no eval, no inline style: the hidden attribute, classes and the CSSOM).
 * Only the three submit buttons decide: never scrolling, waiting or closing.
 */
(function () {
  'use strict';
  const root = document.querySelector('[data-privacy-root]');
  if (!root || !window.fetch || !window.URLSearchParams) return; // the plain form keeps working

  const attr = (el, name) => el.getAttribute(name);
  const status = root.querySelector('[data-privacy-status]');
  let banner = root.querySelector('[data-privacy-banner]');
  let settings = root.querySelector('[data-privacy-settings]');
  let granted = new Set((attr(root, 'data-privacy-granted') || '').split(' ').filter(Boolean));
  let decided = attr(root, 'data-privacy-decided') === 'true';
  let lastClicked = null;
  let busy = false;

  const part = (action) => banner.querySelector('[data-privacy-action="' + action + '"]');
  const panel = () => banner.querySelector('[data-privacy-panel]');

  // A link becomes a button with the same id, classes and hooks; its address stays for the fallback.
  function toButton(link) {
    const button = document.createElement('button');
    button.type = 'button';
    Array.from(link.attributes).forEach((a) => button.setAttribute(a.name === 'href' ? 'data-privacy-href' : a.name,
      a.value));
    button.textContent = link.textContent;
    link.parentNode.replaceChild(button, link);
    return button;
  }

  function setPanel(open) {
    panel().hidden = !open;
    const customize = part('customize');
    if (customize) customize.setAttribute('aria-expanded', String(open));
  }

  function syncSwitches() {
    banner.querySelectorAll('input[data-privacy-switch]:not([disabled])').forEach((input) => {
      input.checked = granted.has(attr(input, 'data-privacy-switch'));
    });
  }

  // Lets the browser scroll the focused element above the fixed banner instead of under it.
  function pad() {
    const shown = banner && !banner.hidden && !root.classList.contains('erpex-privacy--page');
    document.documentElement.style.scrollPaddingBottom = shown ? banner.offsetHeight + 'px' : '';
  }

  function enhance(section) {
    const form = section.querySelector('[data-privacy-form]');
    // event.submitter is missing before Safari 15.4; Enter and Space on a button click it too.
    form.addEventListener('click', (event) => {
      lastClicked = event.target.closest('button[type="submit"]') || lastClicked;
    });
    form.addEventListener('submit', (event) => submit(event, form));
    const link = section.querySelector('a[data-privacy-action="customize"]');
    if (link) {
      const customize = toButton(link);
      customize.setAttribute('aria-expanded', 'false');
      customize.setAttribute('aria-controls', 'erpex-privacy-panel');
      customize.addEventListener('click', () => setPanel(panel().hidden));
    }
    section.querySelector('[data-privacy-action="close"]').addEventListener('click', close);
    section.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && decided && attr(section, 'role') === 'dialog') {
        event.preventDefault();
        close();
      }
    });
  }

  async function submit(event, form) {
    const submitter = event.submitter || lastClicked;
    const action = submitter && submitter.name === 'action' ? submitter.value : '';
    if (!action) return; // not one of our buttons: the browser posts the form as it is
    event.preventDefault();
    if (busy) return;
    busy = true;
    const body = new URLSearchParams();
    new FormData(form).forEach((value, name) => body.append(name, value));
    body.set('action', action);
    try {
      // attr(), not form.action: the buttons named "action" shadow that property.
      const response = await fetch(attr(form, 'action'), {
        method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' }
      });
      if (!response.ok || !/json/.test(response.headers.get('Content-Type'))) throw new Error(response.status);
      apply(await response.json());
    } catch (error) {
      // Post the plain form instead; the server answers with a redirect back to this page.
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'action';
      input.value = action;
      form.appendChild(input);
      HTMLFormElement.prototype.submit.call(form);
    } finally {
      busy = false;
    }
  }

  function apply(state) {
    const before = granted;
    const c = state.categories || {};
    granted = new Set(Object.keys(c).filter((name) => c[name] === true));
    decided = state.decided !== false;
    root.setAttribute('data-privacy-granted', Array.from(granted).join(' '));
    root.setAttribute('data-privacy-decided', String(decided));
    syncSwitches();
    document.dispatchEvent(new CustomEvent('privacy:consent', { detail: state }));
    if (typeof window.gtag === 'function') {
      // Google Consent Mode v2. Advertising follows a site's own "marketing" category, denied when there is none.
      const to = (on) => (on === true ? 'granted' : 'denied');
      window.gtag('consent', 'update', {
        analytics_storage: to(c.analytics),
        ad_storage: to(c.marketing),
        ad_user_data: to(c.marketing),
        ad_personalization: to(c.marketing),
        functionality_storage: to(c.preferences),
        personalization_storage: to(c.preferences),
        security_storage: 'granted'
      });
    }
    // Why reload: the server renders a category's scripts (reCAPTCHA, analytics) only while it is granted, under a
    // CSP that allows their hosts only then; a page that would load them marks a placeholder
    // data-privacy-category="<name>" either way. Only a new response brings both the script and the CSP that lets
    // it run: injected from here it would be blocked, and loosening the CSP from script would defeat it. So reload
    // when a newly granted category has a placeholder here, and otherwise let the visitor keep their place.
    const marked = Array.from(document.querySelectorAll('[data-privacy-category]'),
      (el) => attr(el, 'data-privacy-category'));
    if (marked.some((name) => granted.has(name) && !before.has(name))) {
      window.location.reload();
      return;
    }
    settings.hidden = false;
    close();
    // A live region announces a change made after it is in the page, hence the pause.
    status.textContent = '';
    setTimeout(() => { status.textContent = attr(status, 'data-privacy-saved'); }, 100);
  }

  function close() {
    banner.hidden = true;
    banner.removeAttribute('role');
    banner.removeAttribute('aria-modal');
    banner.classList.remove('erpex-privacy__banner--dialog');
    part('close').hidden = true;
    pad();
    settings.focus();
  }

  // After a decision the page has no banner: the settings page has it, panel open.
  async function load(url) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) throw new Error(response.status);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const section = document.importNode(page.querySelector('[data-privacy-banner]'), true);
    section.hidden = true;
    root.insertBefore(section, settings.parentNode);
    enhance(section);
    return section;
  }

  // A non-modal dialog: the visitor asked for it, so focus goes to its heading, and Tab still reaches the page.
  async function open() {
    try {
      banner = banner || await load(attr(settings, 'data-privacy-href'));
    } catch (error) {
      window.location.assign(attr(settings, 'data-privacy-href'));
      return;
    }
    status.textContent = '';
    syncSwitches();
    setPanel(true);
    banner.setAttribute('role', 'dialog');
    banner.setAttribute('aria-modal', 'false');
    banner.classList.add('erpex-privacy__banner--dialog');
    part('close').hidden = !decided;
    banner.hidden = false;
    pad();
    banner.querySelector('[data-privacy-title]').focus();
  }

  if (settings) {
    settings = toButton(settings);
    settings.setAttribute('aria-haspopup', 'dialog');
    settings.addEventListener('click', open);
  }
  if (banner) enhance(banner);
  pad();
  window.addEventListener('resize', pad);
}());
