// The room list: newest activity first, unread badges, live reordering, infinite scroll (keyset).
import { el, $, shortTime, whenVisible } from './dom.js';

const PAGE = 20;
const byActivity = (a, b) =>
  (b.last_activity_at || '').localeCompare(a.last_activity_at || '') || a.chat_id.localeCompare(b.chat_id);

export class RoomList {
  constructor(api, me, onOpen) {
    this.api = api;
    this.me = me;
    this.onOpen = onOpen;
    this.rooms = new Map();
    this.nextCursor = null;
    this.loading = false;
    this.loadedAll = false;
    this.openChatId = null;
    this.unreadElsewhere = 0;
    this.peers = new Map();
    this.refreshTimer = null;
    whenVisible($('room-scroll'), $('rooms-status'), () => this.loadMore());
  }

  /** Reloads from the first page, forgetting what was loaded (after sign-in or a stream reset). */
  async reload(position) {
    this.rooms.clear();
    this.nextCursor = null;
    this.loadedAll = false;
    await this.fetchPage(null, position);
  }

  /** Re-reads the first page and merges it, keeping rooms already loaded further down. */
  refreshSoon(position) {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.fetchPage(null, position, { merge: true }), 250);
  }

  async loadMore() {
    if (this.loading || this.loadedAll || this.nextCursor === null) return;
    await this.fetchPage(this.nextCursor);
  }

  async fetchPage(cursor, position, { merge = false } = {}) {
    if (this.loading && !merge) return;
    this.loading = true;
    this.status(this.rooms.size ? 'Loading more chats…' : 'Loading chats…');
    try {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) params.set('cursor', cursor);
      const page = await this.api.query(`/v1/me/rooms?${params}`, { position });
      const rooms = page.rooms || [];
      for (const room of rooms) {
        // The open chat marks what it shows as read; the server may not have counted that yet.
        if (this.isViewing(room.chat_id)) room.unread_count = 0;
        this.rooms.set(room.chat_id, { ...this.rooms.get(room.chat_id), ...room });
      }
      if (!merge) {
        this.nextCursor = page.next_cursor ?? null;
        this.loadedAll = this.nextCursor === null;
      }
      const loadedUnread = rooms.reduce((sum, r) => sum + (r.unread_count || 0), 0);
      if (typeof page.total_unread === 'number' && (!cursor || merge)) {
        this.unreadElsewhere = Math.max(0, page.total_unread - loadedUnread);
      } else if (cursor) {
        this.unreadElsewhere = Math.max(0, this.unreadElsewhere - loadedUnread);
      }
      if (this.loadedAll) this.unreadElsewhere = 0;
      this.status(this.rooms.size === 0 ? 'No chats yet. Start one with “New chat”.' : '');
      this.render();
    } catch (e) {
      this.status(`Could not load chats: ${e.message}`);
    } finally {
      this.loading = false;
    }
    if (!merge && !this.loadedAll && this.sentinelVisible()) setTimeout(() => this.loadMore(), 0);
  }

  sentinelVisible() {
    const root = $('room-scroll').getBoundingClientRect();
    const sentinel = $('rooms-status').getBoundingClientRect();
    return root.height > 0 && sentinel.top < root.bottom + 200;
  }

  status(text) {
    $('rooms-status').textContent = text;
  }

  get(chatId) {
    return this.rooms.get(chatId);
  }

  titleOf(chatId) {
    const room = this.rooms.get(chatId);
    if (room?.title) return room.title;
    if (room && room.type !== 'direct') return 'Group chat';
    const peer = this.peers.get(chatId);
    if (peer) return peer;
    if (room) this.resolvePeer(chatId);
    return 'Direct chat';
  }

  /** Direct chats have no title: name them after the other member (read once, then cached). */
  async resolvePeer(chatId) {
    if (this.peers.has(chatId)) return;
    this.peers.set(chatId, null);
    try {
      const chat = await this.api.query(`/v1/chats/${encodeURIComponent(chatId)}`);
      this.notePeer(chat);
    } catch (e) {
      this.peers.delete(chatId);
    }
  }

  notePeer(chat) {
    if (chat?.type !== 'direct') return;
    const other = (chat.members || []).map((m) => m.user_id).find((id) => id !== this.me);
    if (other) {
      this.peers.set(chat.chat_id, other);
      this.render();
    }
  }

  setOpen(chatId) {
    this.openChatId = chatId;
    const room = this.rooms.get(chatId);
    if (room) room.unread_count = 0;
    this.render();
  }

  onMessage(m) {
    const room = this.rooms.get(m.chat_id);
    if (!room) {
      this.refreshSoon();
      return;
    }
    if (room.last_message && m.seq <= room.last_message.seq) return;
    room.last_message = { message_id: m.message_id, seq: m.seq, sender_id: m.sender_id, text: m.text, sent_at: m.sent_at };
    room.last_activity_at = m.sent_at || room.last_activity_at;
    if (this.isViewing(m.chat_id) || m.sender_id === this.me) room.unread_count = 0;
    else room.unread_count = typeof m.unread_count === 'number' ? m.unread_count : (room.unread_count || 0) + 1;
    this.render();
  }

  onChanged(m) {
    const room = this.rooms.get(m.chat_id);
    if (room?.last_message?.message_id !== m.message_id) return;
    room.last_message = { ...room.last_message, text: m.text, deleted: m.deleted === true };
    this.render();
  }

  onRead(r) {
    const room = this.rooms.get(r.chat_id);
    if (!room || r.user_id !== this.me) return;
    const lastSeq = room.last_message?.seq ?? r.seq;
    // Reads only move forward: a late event for an earlier read never brings a badge back.
    room.unread_count = Math.min(room.unread_count || 0, Math.max(0, lastSeq - r.seq));
    this.render();
  }

  onRoom(r) {
    if (r.removed) {
      this.rooms.delete(r.chat_id);
    } else {
      this.rooms.set(r.chat_id, { ...this.rooms.get(r.chat_id), ...r });
    }
    this.render();
  }

  onMember(m, joined) {
    if (m.user_id !== this.me) return;
    if (joined) this.refreshSoon();
    else this.onRoom({ chat_id: m.chat_id, removed: true });
  }

  isViewing(chatId) {
    return this.openChatId === chatId && document.visibilityState === 'visible';
  }

  totalUnread() {
    let sum = this.unreadElsewhere;
    for (const room of this.rooms.values()) sum += room.unread_count || 0;
    return sum;
  }

  preview(room) {
    const m = room.last_message;
    if (!m) return 'No messages yet';
    const who = m.sender_id === this.me ? 'You: ' : room.type === 'direct' ? '' : `${m.sender_id}: `;
    return who + (m.deleted || m.text === null ? 'Message deleted' : m.text);
  }

  render() {
    const list = $('room-list');
    const focusedId = document.activeElement?.closest?.('#room-list [data-chat-id]')?.dataset.chatId;
    const items = [...this.rooms.values()].sort(byActivity).map((room) => this.item(room));
    list.replaceChildren(...items);
    if (focusedId) list.querySelector(`[data-chat-id="${CSS.escape(focusedId)}"]`)?.focus({ preventScroll: true });
    const total = this.totalUnread();
    const badge = $('total-unread');
    badge.hidden = total === 0;
    badge.textContent = total > 0 ? String(total) : '';
    badge.setAttribute('aria-label', `${total} unread in all`);
    document.title = total > 0 ? `(${total}) Chat` : 'Chat';
  }

  item(room) {
    const unread = room.unread_count || 0;
    const title = this.titleOf(room.chat_id);
    const button = el('button', {
      type: 'button', class: 'room', 'data-chat-id': room.chat_id,
      'aria-current': room.chat_id === this.openChatId ? 'true' : null,
    },
    el('span', { class: 'room-title', text: title }),
    el('time', { class: 'room-time', datetime: room.last_activity_at, text: shortTime(room.last_activity_at) }),
    el('span', { class: 'room-preview', text: this.preview(room) }),
    unread > 0 ? el('span', { class: 'badge room-unread', 'aria-label': `${unread} unread`, text: String(unread) }) : null);
    button.addEventListener('click', () => this.onOpen(room.chat_id));
    return el('li', { class: unread > 0 ? 'unread' : null }, button);
  }
}
