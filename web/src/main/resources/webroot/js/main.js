// Entry point: config, sign-in, then the room list, the open chat and the live stream wired together.
import { $ } from './dom.js';
import { Api } from './api.js';
import { Live } from './live.js';
import { RoomList } from './rooms.js';
import { ChatView } from './chat.js';
import { Outbox } from './outbox.js';
import { setUpNewChat } from './newchat.js';
import * as sessions from './session.js';
import * as notices from './notices.js';

const CHAT_HASH = /^#\/chats\/([A-Za-z0-9_-]{1,64})$/;

async function boot() {
  let config;
  try {
    const res = await fetch('config.json', { cache: 'no-store' });
    config = await res.json();
  } catch (e) {
    notices.show('boot', 'The page could not load its settings. Is the server running? Reload to try again.', { kind: 'error' });
    return;
  }
  const session = sessions.load() || await sessions.signIn(config);
  start(config, session);
}

function start(config, session) {
  const me = session.userId;
  const signOut = () => {
    sessions.clear();
    location.hash = '';
    location.reload();
  };
  // In local mode an expired demo token is simply renewed; otherwise it is back to sign-in.
  const api = new Api(config, session, signOut, config.local_mode ? () => sessions.renewLocal(session) : null);
  $('app').hidden = false;
  $('whoami').hidden = false;
  $('whoami').textContent = `Signed in as ${me}`;
  $('sign-out').hidden = false;
  $('sign-out').addEventListener('click', signOut);

  const openFromHash = () => {
    const match = CHAT_HASH.exec(location.hash);
    if (match && match[1] !== chat.chatId) chat.open(match[1]);
    else if (!match && chat.chatId) chat.close();
  };
  const rooms = new RoomList(api, me, (chatId) => {
    if (location.hash === `#/chats/${chatId}`) openFromHash();
    else location.hash = `#/chats/${chatId}`;
  });
  const outbox = new Outbox(api, me, () => chat?.render());
  const chat = new ChatView(api, me, rooms, outbox);
  $('back').addEventListener('click', () => { location.hash = ''; $('room-list').querySelector('button')?.focus(); });
  window.addEventListener('hashchange', openFromHash);

  setUpNewChat(api, me, (chatId, position) => {
    rooms.refreshSoon(position);
    location.hash = `#/chats/${chatId}`;
    chat.open(chatId, { position });
  });

  const resync = () => { rooms.reload(); chat.resync(); };
  const live = new Live(api, {
    message: (m) => { outbox.confirm(m.message_id); rooms.onMessage(m); chat.onMessage(m); },
    message_edited: (m) => { rooms.onChanged(m); chat.onChanged(m); },
    message_deleted: (m) => { rooms.onChanged({ ...m, deleted: true, text: null }); chat.onChanged({ ...m, deleted: true, text: null }); },
    read: (r) => { rooms.onRead(r); chat.onRead(r); },
    room: (r) => rooms.onRoom(r),
    member_joined: (m) => { rooms.onMember(m, true); chat.onMember(m, true); },
    member_left: (m) => { rooms.onMember(m, false); chat.onMember(m, false); },
    rejected: (r) => { outbox.reject(r); chat.render(); },
    reset: () => {
      notices.show('reset', 'You were away for a while, so the chat list was reloaded.', { kind: 'info', timeoutMs: 8000 });
      resync();
    },
    resync,
  });

  outbox.restore();
  rooms.reload().then(openFromHash);
  live.start();
}

boot();
