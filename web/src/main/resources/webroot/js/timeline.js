// Builds the list items of a chat's timeline: messages, messages still on their way, read markers.
// Items are cached by key and signature, so a re-render keeps unchanged nodes (and their focus).
import { el, shortTime, fullTime } from './dom.js';
import { describe } from './outbox.js';

export class Timeline {
  /** @param me the signed-in user; @param actions {edit(m), remove(m), retry(item), discard(item)} */
  constructor(me, actions) {
    this.me = me;
    this.actions = actions;
    this.cache = new Map();
    this.editor = null;
  }

  clear() {
    this.cache.clear();
    this.editor = null;
  }

  cached(key, sig, build) {
    const hit = this.cache.get(key);
    if (hit && hit.sig === sig) return hit.node;
    const node = build();
    this.cache.set(key, { sig, node });
    return node;
  }

  /** An inline editor for one of my messages; save(text) and cancel() are called back. */
  openEditor(m, save, cancel) {
    const input = el('input', { class: 'edit-input', 'aria-label': 'Edit message', maxlength: 4000 });
    input.value = m.text ?? '';
    const form = el('form', { class: 'edit-form' }, input,
      el('button', { type: 'submit', text: 'Save' }),
      el('button', { type: 'button', class: 'edit-cancel', text: 'Cancel' }));
    form.addEventListener('submit', (e) => { e.preventDefault(); save(input.value); });
    form.querySelector('.edit-cancel').addEventListener('click', cancel);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); cancel(); }
    });
    this.editor = { messageId: m.message_id, form, input };
    return input;
  }

  closeEditor() {
    this.editor = null;
  }

  message(m) {
    const editing = this.editor?.messageId === m.message_id;
    const sig = JSON.stringify([m.text, m.deleted, m.edited_at, editing, m.sent_at]);
    return this.cached(`m:${m.message_id}`, sig, () => {
      const mine = m.sender_id === this.me;
      const deleted = m.deleted === true;
      const li = el('li', {
        class: `msg ${mine ? 'mine' : 'theirs'}${deleted ? ' deleted' : ''}`,
        'data-seq': m.seq, 'data-message-id': m.message_id,
      });
      li.append(el('div', { class: 'msg-meta' },
        el('span', { class: 'msg-sender', text: mine ? 'You' : m.sender_id }), ' ',
        el('time', { datetime: m.sent_at, title: fullTime(m.sent_at), text: shortTime(m.sent_at) }),
        m.edited_at && !deleted ? el('span', { class: 'msg-edited', text: ' · edited' }) : null));
      if (editing) {
        li.append(this.editor.form);
      } else {
        li.append(el('p', { class: 'msg-text', text: deleted ? 'Message deleted' : m.text }));
      }
      if (mine && !deleted && !editing) {
        li.append(el('div', { class: 'msg-actions' },
          el('button', { type: 'button', class: 'msg-edit', onclick: () => this.actions.edit(m) }, 'Edit',
            el('span', { class: 'visually-hidden', text: ' this message' })),
          el('button', { type: 'button', class: 'msg-delete', onclick: () => this.actions.remove(m) }, 'Delete',
            el('span', { class: 'visually-hidden', text: ' this message' }))));
      }
      return li;
    });
  }

  pending(item) {
    const status = describe(item);
    const sig = JSON.stringify([item.state, status, item.text]);
    return this.cached(`p:${item.clientMsgId}`, sig, () => {
      const li = el('li', { class: `msg mine pending state-${item.state}`, 'data-client-msg-id': item.clientMsgId },
        el('div', { class: 'msg-meta' }, el('span', { class: 'msg-sender', text: 'You' })),
        el('p', { class: 'msg-text', text: item.text }),
        el('p', { class: 'msg-status', text: status }));
      if (item.state === 'failed' || item.state === 'rejected') {
        li.append(el('div', { class: 'msg-actions' },
          item.state === 'failed'
            ? el('button', { type: 'button', onclick: () => this.actions.retry(item), text: 'Try again' }) : null,
          el('button', { type: 'button', onclick: () => this.actions.discard(item), text: 'Discard' })));
      }
      return li;
    });
  }

  marker(seq, readers) {
    const text = `Seen by ${readers.join(', ')}`;
    return this.cached(`r:${seq}`, text, () => el('li', { class: 'read-marker', 'data-seq': seq, text }));
  }

  /** Drops cache entries not used by the last render, so the cache does not grow forever. */
  prune(usedNodes) {
    const used = new Set(usedNodes);
    for (const [key, entry] of this.cache) if (!used.has(entry.node)) this.cache.delete(key);
  }
}
