// Small DOM helpers. Every piece of user text goes through textContent, never innerHTML.

/** Creates an element: el('li', {class: 'x', 'data-id': 1}, child, 'text'). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "09:30" for today, "Nov 25" for older days. */
export function shortTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const today = new Date();
  return date.toDateString() === today.toDateString() ? timeFormat.format(date) : dayFormat.format(date);
}

export function fullTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : fullFormat.format(date);
}

/** A random id for client_msg_id: works outside secure contexts too (crypto.randomUUID does not). */
export function randomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls fn when the sentinel scrolls into view inside root; returns the observer. */
export function whenVisible(root, sentinel, fn) {
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) fn();
  }, { root, rootMargin: '200px 0px' });
  observer.observe(sentinel);
  return observer;
}

/** "3 seconds", "1 second". */
export function seconds(n) {
  const s = Math.max(1, Math.ceil(n));
  return `${s} second${s === 1 ? '' : 's'}`;
}
