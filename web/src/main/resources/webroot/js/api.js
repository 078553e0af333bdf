// HTTP client for the two APIs: auth header, problem+json errors, 429 and stale answers made visible.
import * as notices from './notices.js';
import { seconds } from './dom.js';

/** A failed call. kind: 'network' | 'unavailable' | 'rate_limited' | 'unauthorized' | 'problem'. */
export class ApiError extends Error {
  constructor(kind, status, detail, retryAfterSeconds) {
    super(detail || `HTTP ${status}`);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whether the same request may simply be sent again later (it is idempotent on our side). */
  get retryable() {
    return this.kind === 'network' || this.kind === 'unavailable' || this.kind === 'rate_limited';
  }
}

function retryAfter(res) {
  const raw = res.headers.get('Retry-After') ?? res.headers.get('RateLimit-Reset');
  if (!raw) return null;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.max(0, n);
  const when = Date.parse(raw);
  return Number.isNaN(when) ? null : Math.max(0, (when - Date.now()) / 1000);
}

function describeLimit(what, res, wait) {
  const limit = res.headers.get('RateLimit-Limit');
  const allowance = limit ? ` (the limit is ${limit.split(/[;,]/)[0]} in a short burst)` : '';
  return what === 'message'
    ? `You are sending messages faster than the rate limit allows${allowance}. ` +
        `Waiting ${seconds(wait)}, then the rest will be sent.`
    : `Too many requests too quickly: the server's rate limit was reached${allowance}. ` +
        `Trying again in ${seconds(wait)}.`;
}

export class Api {
  /**
   * @param config the page config; @param session {token}; @param onUnauthorized called on 401
   * @param renew optional: gets a fresh token into the session (local mode), tried once on a 401
   */
  constructor(config, session, onUnauthorized, renew = null) {
    this.commandBase = config.command_api;
    this.queryBase = config.query_api;
    this.session = session;
    this.onUnauthorized = onUnauthorized;
    this.renew = renew;
    this.renewing = null;
  }

  command(method, path, body, { what = 'command' } = {}) {
    return this.request(this.commandBase, method, path, { body, what });
  }

  query(path, { position } = {}) {
    return this.request(this.queryBase, 'GET', path, { position, what: 'read' });
  }

  /**
   * The URL of a new live stream: asks the query-api for a single-use ticket (valid 30 s), so the
   * bearer token never appears in a URL. EventSource cannot send Last-Event-ID on a stream we open
   * ourselves, so the resume id travels as last_event_id, which the web proxy turns into the header.
   */
  async eventsUrl(lastEventId) {
    const { ticket } = await this.request(this.queryBase, 'POST', '/v1/me/events/tickets', { what: 'ticket' });
    const params = new URLSearchParams({ ticket });
    if (lastEventId) params.set('last_event_id', lastEventId);
    return `${this.queryBase}/v1/me/events?${params}`;
  }

  async request(base, method, path, { body, position, what, renewed = false }) {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${this.session.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (position) headers['X-Chat-Position'] = position;
    let res;
    try {
      res = await fetch(base + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError('network', 0, 'The server could not be reached.', null);
    }
    const text = await res.text().catch(() => '');
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (res.ok) {
      if (base === this.queryBase && method === 'GET') this.noteStaleness(res, json);
      if (what === 'message') notices.clear('rate-limit');
      return json ?? {};
    }
    const detail = json?.detail || json?.title || res.statusText;
    const wait = retryAfter(res);
    if (res.status === 429) {
      const waitSeconds = wait ?? 1;
      notices.show('rate-limit', describeLimit(what, res, waitSeconds), {
        kind: 'warn', timeoutMs: Math.max(4000, waitSeconds * 1000 + 1500),
      });
      throw new ApiError('rate_limited', 429, detail, waitSeconds);
    }
    if (res.status === 401) {
      if (this.renew && !renewed && await this.renewToken()) {
        return this.request(base, method, path, { body, position, what, renewed: true });
      }
      this.onUnauthorized?.();
      throw new ApiError('unauthorized', 401, 'Your sign-in has expired. Please sign in again.', null);
    }
    if (res.status === 502 || res.status === 503 || res.status === 504) {
      throw new ApiError('unavailable', res.status, detail || 'The server is temporarily unavailable.', wait);
    }
    throw new ApiError('problem', res.status, detail, null);
  }

  /** One renewal at a time, however many requests were refused together; true if it worked. */
  renewToken() {
    this.renewing ??= this.renew().then(() => true, () => false).finally(() => { this.renewing = null; });
    return this.renewing;
  }

  noteStaleness(res, json) {
    const header = (res.headers.get('X-Chat-Stale') || '').toLowerCase();
    const stale = json?.stale === true || header === 'true' || header === '1';
    if (stale) {
      notices.show('stale',
        'Showing saved data: the server is catching up, so what you see may be a little out of date. ' +
        'It will refresh by itself.', { kind: 'info', timeoutMs: 15000 });
    } else {
      notices.clear('stale');
    }
  }
}
