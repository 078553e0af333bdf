// One open chat: history (infinite scroll upwards), the composer, edit/delete, read markers.
import { $, sleep, whenVisible } from './dom.js';
import { ApiError } from './api.js';
import { Timeline } from './timeline.js';
import * as notices from './notices.js';

const PAGE = 50;
const enc = encodeURIComponent;

export class ChatView {
  constructor(api, me, rooms, outbox) {
    this.api = api;
    this.me = me;
    this.rooms = rooms;
    this.outbox = outbox;
    this.chatId = null;
    this.generation = 0;
    this.timeline = new Timeline(me, {
      edit: (m) => this.startEdit(m),
      remove: (m) => this.remove(m),
      retry: (item) => outbox.retry(item.clientMsgId),
      discard: (item) => outbox.discard(item.clientMsgId),
    });
    this.clearState();
    whenVisible($('message-scroll'), $('history-status'), () => this.loadOlder());
    $('composer-form').addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    $('composer').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.submit(); }
    });
    document.addEventListener('visibilitychange', () => this.markRead());
    setInterval(() => {
      if (this.chatId && outbox.pendingFor(this.chatId).some((i) => i.state === 'waiting')) this.render();
    }, 1000);
  }

  clearState() {
    this.messages = new Map();
    this.ids = new Map();
    this.members = new Map();
    this.chat = null;
    this.loaded = false;
    this.newest = 0;
    this.oldest = 0;
    this.hasOlder = false;
    this.loadingOlder = false;
    this.lastRead = 0;
    this.timeline.clear();
  }

  async open(chatId, { position } = {}) {
    const generation = ++this.generation;
    this.chatId = chatId;
    this.clearState();
    this.rooms.setOpen(chatId);
    $('chat-empty').hidden = true;
    $('chat-view').hidden = false;
    document.body.classList.add('chat-open');
    $('chat-title').textContent = this.rooms.titleOf(chatId);
    $('chat-members').textContent = '';
    this.status('Loading messages…');
    this.render();
    try {
      const [chat, page] = await Promise.all([
        this.patiently(() => this.api.query(`/v1/chats/${enc(chatId)}`, { position })),
        this.patiently(() => this.api.query(`/v1/chats/${enc(chatId)}/messages?limit=${PAGE}`, { position })),
      ]);
      if (generation !== this.generation) return;
      this.applyChat(chat);
      for (const m of page.messages || []) this.add(m);
      this.loaded = true;
      this.hasOlder = page.next_cursor != null && this.oldest > 1;
      this.status(this.hasOlder ? '' : this.messages.size ? 'This is the beginning of the chat.' : 'No messages yet. Say hello!');
      this.render({ toBottom: true });
      $('composer').focus({ preventScroll: true });
      this.markRead();
      if (this.hasOlder && this.sentinelVisible()) this.loadOlder();
    } catch (e) {
      if (generation !== this.generation) return;
      this.status(e.status === 404 ? 'This chat does not exist, or you are not a member.'
        : `Could not load this chat: ${e.message}`);
    }
  }

  close() {
    this.generation += 1;
    this.chatId = null;
    this.clearState();
    $('chat-view').hidden = true;
    $('chat-empty').hidden = false;
    document.body.classList.remove('chat-open');
    this.rooms.setOpen(null);
  }

  /** Right after a create or join the read model may lag: retry a 404 or an outage a few times. */
  async patiently(call) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        const lagging = e instanceof ApiError && (e.status === 404 || e.retryable) && e.kind !== 'rate_limited';
        if (!lagging || attempt >= 5) throw e;
        await sleep(200 * 2 ** attempt);
      }
    }
  }

  applyChat(chat) {
    this.chat = chat;
    this.members = new Map((chat.members || []).map((m) => [m.user_id, m.last_read_seq || 0]));
    this.lastRead = Math.max(this.lastRead, this.members.get(this.me) || 0);
    this.rooms.notePeer(chat);
    const others = [...this.members.keys()].filter((id) => id !== this.me);
    $('chat-title').textContent = chat.title || (chat.type === 'direct' ? (others[0] || 'Direct chat') : 'Group chat');
    $('chat-members').textContent = chat.type === 'direct'
      ? `Direct chat with ${others[0] || 'nobody yet'}`
      : `${this.members.size} members: ${['You', ...others].join(', ')}`;
  }

  add(m) {
    const known = this.messages.get(m.seq);
    this.messages.set(m.seq, known ? { ...known, ...m } : m);
    this.ids.set(m.message_id, m.seq);
    this.newest = Math.max(this.newest, m.seq);
    this.oldest = this.oldest ? Math.min(this.oldest, m.seq) : m.seq;
    this.outbox.confirm(m.message_id);
  }

  async loadOlder() {
    if (!this.chatId || !this.loaded || !this.hasOlder || this.loadingOlder) return;
    this.loadingOlder = true;
    const generation = this.generation;
    this.status('Loading older messages…');
    try {
      const page = await this.api.query(`/v1/chats/${enc(this.chatId)}/messages?before=${this.oldest}&limit=${PAGE}`);
      if (generation !== this.generation) return;
      const scroll = $('message-scroll');
      const fromBottom = scroll.scrollHeight - scroll.scrollTop;
      for (const m of page.messages || []) this.add(m);
      this.hasOlder = page.next_cursor != null && this.oldest > 1;
      this.status(this.hasOlder ? '' : 'This is the beginning of the chat.');
      this.render({ keepFromBottom: fromBottom });
    } catch (e) {
      this.status(`Could not load older messages: ${e.message}`);
    } finally {
      this.loadingOlder = false;
    }
    if (generation === this.generation && this.hasOlder && this.sentinelVisible()) setTimeout(() => this.loadOlder(), 0);
  }

  /** Fetches what came after the newest message we have (a gap in the live stream, a resync). */
  async fillGap() {
    if (!this.chatId || !this.loaded) return;
    if (this.filling) { this.fillAgain = true; return; }
    this.filling = true;
    const generation = this.generation;
    try {
      for (let pages = 0; pages < 20; pages++) {
        const page = await this.api.query(`/v1/chats/${enc(this.chatId)}/messages?after=${this.newest}&limit=100`);
        if (generation !== this.generation) return;
        const batch = page.messages || [];
        for (const m of batch) this.add(m);
        this.render();
        if (!page.next_cursor || batch.length === 0) break;
      }
      this.markRead();
    } catch (e) {
      // The next live event or reconnect tries again.
    } finally {
      this.filling = false;
    }
    if (this.fillAgain) { this.fillAgain = false; this.fillGap(); }
  }

  /** After the stream could not replay what we missed: read the chat and its new messages again. */
  async resync() {
    if (!this.chatId) return;
    const chatId = this.chatId;
    try {
      const chat = await this.api.query(`/v1/chats/${enc(chatId)}`);
      if (chatId === this.chatId) { this.applyChat(chat); this.render(); }
    } catch (e) {
      // Shown by the next attempt; the timeline stays as it is.
    }
    await this.fillGap();
  }

  onMessage(m) {
    if (m.chat_id !== this.chatId) return;
    const gap = this.loaded && m.seq > this.newest + 1;
    this.add(m);
    // Sending moves the sender's own read marker (contract); no `read` event says so.
    if (this.members.has(m.sender_id)) this.members.set(m.sender_id, Math.max(this.members.get(m.sender_id), m.seq));
    if (this.loaded && !this.hasOlder) this.status('This is the beginning of the chat.');
    this.render();
    if (gap) this.fillGap();
    this.markRead();
  }

  onChanged(m) {
    if (m.chat_id !== this.chatId || !this.messages.has(m.seq)) return;
    this.add(m);
    this.render();
  }

  onRead(r) {
    if (r.chat_id !== this.chatId) return;
    if (r.user_id === this.me) this.lastRead = Math.max(this.lastRead, r.seq);
    this.members.set(r.user_id, Math.max(this.members.get(r.user_id) || 0, r.seq));
    this.render();
  }

  onMember(m, joined) {
    if (m.chat_id !== this.chatId) return;
    if (!joined && m.user_id === this.me) {
      this.close();
      notices.show('left', 'You are no longer a member of that chat.', { kind: 'info', timeoutMs: 6000 });
      return;
    }
    if (joined) this.members.set(m.user_id, this.newest);
    else this.members.delete(m.user_id);
    if (this.chat) this.applyChat({ ...this.chat, members: [...this.members].map(([user_id, last_read_seq]) => ({ user_id, last_read_seq })) });
    this.render();
  }

  markRead() {
    if (!this.chatId || !this.loaded || document.visibilityState !== 'visible') return;
    const seq = this.newest;
    this.rooms.setOpen(this.chatId);
    if (seq <= this.lastRead) return;
    const previous = this.lastRead;
    this.lastRead = seq;
    this.api.command('POST', `/v1/chats/${enc(this.chatId)}/read`, { seq })
      .catch(() => { if (this.lastRead === seq) this.lastRead = previous; });
  }

  submit() {
    const input = $('composer');
    const text = input.value.trim();
    if (!text || !this.chatId) return;
    input.value = '';
    this.outbox.send(this.chatId, text);
    this.render({ toBottom: true });
  }

  startEdit(m) {
    const input = this.timeline.openEditor(m, (text) => this.saveEdit(m, text), () => this.endEdit(m));
    this.render();
    input.focus();
    input.select();
  }

  endEdit(m) {
    this.timeline.closeEditor();
    this.render();
    $('messages').querySelector(`[data-message-id="${CSS.escape(m.message_id)}"] .msg-edit`)?.focus();
  }

  async saveEdit(m, raw) {
    const text = raw.trim();
    const current = this.messages.get(m.seq);
    if (!text || !current || text === current.text) { this.endEdit(m); return; }
    const before = { ...current };
    this.messages.set(m.seq, { ...current, text, edited_at: new Date().toISOString() });
    this.endEdit(m);
    try {
      await this.api.command('PATCH', `/v1/chats/${enc(m.chat_id || this.chatId)}/messages/${enc(m.message_id)}`, { text });
    } catch (e) {
      this.revert(before, e.status === 409 ? 'That message was deleted, so it can no longer be edited.'
        : `Could not edit the message: ${e.message}`);
    }
  }

  async remove(m) {
    const current = this.messages.get(m.seq);
    if (!current) return;
    const before = { ...current };
    this.messages.set(m.seq, { ...current, deleted: true, text: null });
    this.render();
    $('composer').focus({ preventScroll: true });
    try {
      await this.api.command('DELETE', `/v1/chats/${enc(m.chat_id || this.chatId)}/messages/${enc(m.message_id)}`);
    } catch (e) {
      this.revert(before, `Could not delete the message: ${e.message}`);
    }
  }

  revert(before, text) {
    if (this.messages.has(before.seq)) this.messages.set(before.seq, before);
    this.render();
    notices.show('edit', text, { kind: 'error', timeoutMs: 8000 });
  }

  status(text) {
    $('history-status').textContent = text;
  }

  sentinelVisible() {
    const root = $('message-scroll').getBoundingClientRect();
    const sentinel = $('history-status').getBoundingClientRect();
    return root.height > 0 && sentinel.bottom > root.top - 200;
  }

  /** Read markers of the other members, each under the newest loaded message they have read. */
  markers() {
    const seqs = [...this.messages.keys()].sort((a, b) => a - b);
    const bySeq = new Map();
    for (const [user, read] of this.members) {
      if (user === this.me || read < 1) continue;
      let anchor = null;
      for (const seq of seqs) if (seq <= read) anchor = seq; else break;
      // Under a reader's own message the marker says nothing: they wrote it.
      if (anchor === null || this.messages.get(anchor).sender_id === user) continue;
      bySeq.set(anchor, [...(bySeq.get(anchor) || []), user]);
    }
    return { seqs, bySeq };
  }

  render({ toBottom = false, keepFromBottom = null } = {}) {
    if (!this.chatId) return;
    const scroll = $('message-scroll');
    const atBottom = scroll.scrollHeight - scroll.scrollTop - scroll.clientHeight < 48;
    const active = document.activeElement;
    const { seqs, bySeq } = this.markers();
    const nodes = [];
    for (const seq of seqs) {
      nodes.push(this.timeline.message(this.messages.get(seq)));
      if (bySeq.has(seq)) nodes.push(this.timeline.marker(seq, bySeq.get(seq).sort()));
    }
    for (const item of this.outbox.pendingFor(this.chatId)) {
      if (!(item.messageId && this.ids.has(item.messageId))) nodes.push(this.timeline.pending(item));
    }
    $('messages').replaceChildren(...nodes);
    this.timeline.prune(nodes);
    if (active && active.isConnected && document.activeElement !== active) active.focus({ preventScroll: true });
    if (keepFromBottom !== null) scroll.scrollTop = scroll.scrollHeight - keepFromBottom;
    else if (toBottom || atBottom) scroll.scrollTop = scroll.scrollHeight;
  }
}
