// The live event stream: EventSource with its built-in resume (Last-Event-ID), a visible
// "reconnecting" state, and our own reconnect with back-off when the browser gives up.
import { $ } from './dom.js';

export const EVENT_TYPES = ['message', 'message_edited', 'message_deleted', 'read', 'room',
  'member_joined', 'member_left', 'rejected', 'reset'];

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
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    this.source?.close();
    this.source = null;
    this.setStatus('hidden');
  }

  open() {
    if (this.stopped) return;
    const source = new EventSource(this.api.eventsUrl(this.lastEventId));
    this.source = source;
    if (!this.everOpened) this.setStatus('connecting');
    source.onopen = () => {
      this.attempt = 0;
      this.setStatus('live');
      // Every (re)connect after the first, ours or the browser's own, resumes only if there is an id
      // to resume from: without one nothing is replayed, so reload what may have been missed.
      if (this.everOpened && this.lastEventId === null) this.handlers.resync?.();
      this.everOpened = true;
    };
    source.onerror = () => {
      if (this.source !== source) return;
      this.setStatus('reconnecting');
      // CONNECTING: the browser retries by itself and sends Last-Event-ID. CLOSED: it gave up
      // (an HTTP error such as 429 or 502), so we open a new stream after a back-off.
      if (source.readyState === EventSource.CLOSED) this.reopen(this.backoff());
    };
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
