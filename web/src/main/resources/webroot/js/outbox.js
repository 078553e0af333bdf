// Messages on their way out. Each gets a client_msg_id once; every retry (network failure, 5xx,
// 429, even a page reload) sends the same id, so the server can never show it twice.
import { randomId, sleep } from './dom.js';
import { ApiError } from './api.js';

const STORAGE_KEY = 'chat.outbox';
const MAX_BACKOFF_MS = 30000;

export class Outbox {
  constructor(api, me, onChange) {
    this.api = api;
    this.me = me;
    this.onChange = onChange;
    this.items = [];
    this.running = new Set();
    this.wakeUp = null;
    window.addEventListener('online', () => this.wakeUp?.());
  }

  /** Resumes what a previous page load of this tab left unsent. */
  restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || '[]');
      this.items = saved.filter((i) => i.owner === this.me && i.state !== 'sent')
        .map((i) => (['sending', 'retrying', 'waiting'].includes(i.state) ? { ...i, state: 'queued' } : i));
    } catch (e) {
      this.items = [];
    }
    for (const chatId of new Set(this.items.map((i) => i.chatId))) this.pump(chatId);
  }

  send(chatId, text) {
    const item = { clientMsgId: randomId(), chatId, text, owner: this.me, state: 'queued', detail: null,
      messageId: null, attempts: 0, retryAt: null, createdAt: new Date().toISOString() };
    this.items.push(item);
    this.changed();
    this.pump(chatId);
    return item;
  }

  /** Sends a failed item again, with its original client_msg_id. */
  retry(clientMsgId) {
    const item = this.items.find((i) => i.clientMsgId === clientMsgId);
    if (!item || item.state !== 'failed') return;
    item.state = 'queued';
    item.detail = null;
    this.changed();
    this.pump(item.chatId);
  }

  discard(clientMsgId) {
    this.items = this.items.filter((i) => i.clientMsgId !== clientMsgId);
    this.changed();
  }

  pendingFor(chatId) {
    return this.items.filter((i) => i.chatId === chatId);
  }

  /** The message reached the timeline (live event or history): it is no longer ours to show. */
  confirm(messageId) {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.messageId !== messageId);
    if (this.items.length !== before) this.changed();
  }

  /** The per-chat stage refused the message after it was accepted (a `rejected` event). */
  reject({ client_msg_id: clientMsgId, message_id: messageId, reason }) {
    const item = this.items.find((i) => i.clientMsgId === clientMsgId || (messageId && i.messageId === messageId));
    if (!item) return;
    item.state = 'rejected';
    item.detail = reason || 'rejected by the server';
    this.changed();
  }

  async pump(chatId) {
    if (this.running.has(chatId)) return;
    this.running.add(chatId);
    try {
      for (;;) {
        const next = this.items.find((i) => i.chatId === chatId && i.state === 'queued');
        if (!next) break;
        await this.deliver(next);
      }
    } finally {
      this.running.delete(chatId);
    }
  }

  async deliver(item) {
    for (;;) {
      item.state = 'sending';
      this.changed();
      try {
        const res = await this.api.command('POST', `/v1/chats/${encodeURIComponent(item.chatId)}/messages`,
          { client_msg_id: item.clientMsgId, text: item.text }, { what: 'message' });
        item.messageId = res.message_id ?? null;
        item.state = 'sent';
        item.detail = null;
        this.changed();
        return;
      } catch (e) {
        if (!(e instanceof ApiError) || !e.retryable) {
          item.state = 'failed';
          item.detail = e.message;
          this.changed();
          return;
        }
        item.attempts += 1;
        const waitMs = e.retryAfterSeconds != null
          ? Math.max(250, e.retryAfterSeconds * 1000)
          : Math.min(MAX_BACKOFF_MS, 500 * 2 ** item.attempts);
        item.state = e.kind === 'rate_limited' ? 'waiting' : 'retrying';
        item.detail = e.kind === 'rate_limited' ? 'rate limit reached' : e.message;
        item.retryAt = Date.now() + waitMs;
        this.changed();
        await Promise.race([sleep(waitMs), new Promise((resolve) => { this.wakeUp = resolve; })]);
      }
    }
  }

  changed() {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.items.filter((i) => i.state !== 'sent')));
    } catch (e) {
      // Storage full or disabled: the outbox still works for this page load.
    }
    this.onChange?.();
  }
}

/** Plain words for an item's state, as shown under the message. */
export function describe(item) {
  switch (item.state) {
    case 'queued': return 'Waiting to send…';
    case 'sending': return 'Sending…';
    case 'sent': return 'Sent';
    case 'retrying': return `Not sent yet (${item.detail}). Retrying automatically…`;
    case 'waiting': {
      const s = Math.max(1, Math.ceil(((item.retryAt || Date.now()) - Date.now()) / 1000));
      return `Held back by the rate limit: sending in about ${s} s.`;
    }
    case 'rejected': return `Not delivered: ${item.detail}.`;
    default: return `Not sent: ${item.detail}`;
  }
}
