// The "New chat" dialog: a direct chat with one person, or a named group.
import { $ } from './dom.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Wires the dialog; onCreated(chatId, position) is called after the command-api accepted it. */
export function setUpNewChat(api, me, onCreated) {
  const dialog = $('new-chat-dialog');
  const form = $('new-chat-form');
  const error = $('new-chat-error');
  const type = () => form.elements.type.value;
  const syncType = () => { $('new-chat-title-row').hidden = type() !== 'group'; };
  form.addEventListener('change', syncType);
  $('new-chat').addEventListener('click', () => {
    form.reset();
    error.textContent = '';
    syncType();
    dialog.showModal();
    $('new-chat-members').focus();
  });
  $('new-chat-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const members = [...new Set($('new-chat-members').value.split(/[\s,]+/).filter(Boolean))].filter((m) => m !== me);
    const bad = members.find((m) => !ID.test(m));
    if (bad) { error.textContent = `"${bad}" is not a valid user id (1-64 letters, digits, _ or -).`; return; }
    if (members.length === 0) { error.textContent = 'Name at least one other person.'; return; }
    if (type() === 'direct' && members.length !== 1) {
      error.textContent = 'A direct chat is with exactly one other person. Choose "Group" for more.';
      return;
    }
    const body = { type: type(), members };
    const title = $('new-chat-title').value.trim();
    if (type() === 'group' && title) body.title = title;
    $('new-chat-create').disabled = true;
    try {
      const res = await api.command('POST', '/v1/chats', body);
      dialog.close();
      onCreated(res.chat_id, res.position);
    } catch (err) {
      error.textContent = `Could not create the chat: ${err.message}`;
    } finally {
      $('new-chat-create').disabled = false;
    }
  });
}
