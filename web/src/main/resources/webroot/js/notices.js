// Plain-words banners under the top bar: one per topic (rate limit, stale data, errors ...).
import { el, $ } from './dom.js';

const timers = new Map();

/** Shows or replaces the banner for `key`; kind is 'info', 'warn' or 'error'. */
export function show(key, text, { kind = 'warn', timeoutMs = 0 } = {}) {
  const host = $('notices');
  let node = host.querySelector(`[data-key="${key}"]`);
  if (!node) {
    const close = el('button', { type: 'button', class: 'notice-close', 'aria-label': 'Dismiss' }, '×');
    node = el('div', { class: `notice notice-${kind}`, 'data-key': key }, el('span', { class: 'notice-text' }), close);
    close.addEventListener('click', () => clear(key));
    host.append(node);
  }
  node.className = `notice notice-${kind}`;
  node.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  node.querySelector('.notice-text').textContent = text;
  clearTimeout(timers.get(key));
  if (timeoutMs > 0) timers.set(key, setTimeout(() => clear(key), timeoutMs));
}

export function clear(key) {
  clearTimeout(timers.get(key));
  timers.delete(key);
  $('notices').querySelector(`[data-key="${key}"]`)?.remove();
}

export function clearAll() {
  for (const key of [...timers.keys()]) clear(key);
  $('notices').replaceChildren();
}
