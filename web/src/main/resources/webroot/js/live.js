// The live event stream: EventSource opened with a single-use ticket, a visible "reconnecting"
// state, and our own reconnect (a new ticket plus the last event id) whenever a stream ends: a
// network error, an HTTP error, or the server's `expired` when the token behind the stream expires.
import { $ } from './dom.js';

export const EVENT_TYPES = ['message', 'message_edited', 'message_deleted', 'read', 'room',
  'member_joined', 'member_left', 'rejected', 'reset'];

/** A stream that stayed open this long resets the reconnect back-off. */
const STABLE_MS = 30000;

export class Live {
  /**
   * @param api the Api (for the stream URL)
   * @param handlers {type: fn(data)} plus resync() after a gap that the stream could not replay
   */
  constructor(api, handlers) {
    this.api = api;
    this.handlers = handlers;
    this.source = null;
    this.lastEventId = null;
    this.attempt = 0;
    this.timer = null;
    this.generation = 0;
    this.stopped = false;
    this.everOpened = false;
    this.onOnline = () => { if (!this.source || this.source.readyState === EventSource.CLOSED) this.reopen(0); };
    window.addEventListener('online', this.onOnline);
  }

  start() {
    this.open();
  }

  stop() {
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    this.source?.close();
    this.source = null;
    this.setStatus('hidden');
  }

  async open() {
    if (this.stopped) return;
    const generation = ++this.generation;
    if (!this.everOpened) this.setStatus('connecting');
    let url;
    try {
      url = await this.api.eventsUrl(this.lastEventId);
    } catch (e) {
      if (generation !== this.generation || e.kind === 'unauthorized') return;
      this.setStatus(this.everOpened ? 'reconnecting' : 'connecting');
      this.reopen(Math.max(this.backoff(), (e.retryAfterSeconds ?? 0) * 1000));
      return;
    }
    if (generation !== this.generation || this.stopped) return;
    const source = new EventSource(url);
    this.source = source;
    let openedAt = null;
    source.onopen = () => {
      // The back-off is reset only for a stream that lasted (below), not on every open: a server
      // that accepts a stream and ends it at once must not be reconnected to every second.
      openedAt = Date.now();
      this.setStatus('live');
      // Every reconnect resumes only if there is an id to resume from: without one nothing is
      // replayed, so reload what may have been missed.
      if (this.everOpened && this.lastEventId === null) this.handlers.resync?.();
      this.everOpened = true;
    };
    source.onerror = () => {
      if (this.source !== source) return;
      if (openedAt !== null && Date.now() - openedAt >= STABLE_MS) this.attempt = 0;
      // A ticket opens one stream only, so the browser's own retry (same URL) cannot succeed:
      // open a new stream with a new ticket after a back-off.
      this.setStatus('reconnecting');
      this.reopen(this.backoff());
    };
    // The token behind the stream expired: the server ends the stream; resume at once, quietly.
    source.addEventListener('expired', () => { if (this.source === source) this.reopen(0); });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => this.dispatch(type, event));
    }
  }

  dispatch(type, event) {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    let data = {};
    try {
      data = event.data ? JSON.parse(event.data) : {};
    } catch (e) {
      return;
    }
    try {
      this.handlers[type]?.(data);
    } catch (e) {
      console.error(`handling ${type} failed`, e);
    }
  }

  reopen(delayMs) {
    clearTimeout(this.timer);
    this.generation += 1;
    this.source?.close();
    this.source = null;
    this.timer = setTimeout(() => this.open(), delayMs);
  }

  backoff() {
    this.attempt += 1;
    const base = Math.min(30000, 1000 * 2 ** (this.attempt - 1));
    return base / 2 + Math.random() * (base / 2);
  }

  setStatus(state) {
    const node = $('connection');
    node.hidden = state === 'hidden';
    node.dataset.state = state;
    node.textContent = { live: 'Live', connecting: 'Connecting…',
      reconnecting: 'Connection lost — reconnecting…' }[state] ?? '';
    document.body.classList.toggle('is-reconnecting', state === 'reconnecting');
  }
}
