// The thread panel beside the timeline (over it on a phone): the root, its replies ascending with the
// messages' own actions, the replies still being sent, and a composer that sends with threadRoot (its
// `@` autocomplete too), and Follow / Following. Replies arriving live come in through events.js; what is
// on screen is read.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../core/html.js';
import { me } from '../../core/session.js';
import { errorText, toast } from '../../core/ui.js';
import { newId, outboxItems, outboxVersion, queue } from '../composer/store.js';
import { attachAutocomplete } from '../../core/autocomplete.js';
import { emojiSuggestions } from '../emoji/Emoji.js';
import { mentionSuggestions, mentionsOf } from '../mentions/Mentions.js';
import { onEscape } from '../keyboard/keyboard.js';
import { rooms, roomTitle } from '../rooms/store.js';
import { Message, PendingMessage } from '../timeline/Timeline.js';
import { timelineVersion } from '../timeline/store.js';
import { repliesLabel, repliesOf } from './logic.js';
import { closeThread, markThreadRead, setFollowing, thread, threadVersion } from './store.js';

function ThreadComposer({ th, onFlush }) {
  const input = useRef(null);
  const box = useRef(null);
  useEffect(() => {
    input.current.focus();
    return attachAutocomplete(input.current, box.current, [mentionSuggestions, emojiSuggestions], () => th.roomId);
  }, [th]);
  const send = (ev) => {
    ev.preventDefault();
    const text = input.current.value.trim();
    if (!text) return;
    queue({ room: th.roomId, text, clientMsgId: newId(), ts: Date.now(), threadRoot: th.rootId, ...mentionsOf(text, th.roomId) });
    input.current.value = '';
    onFlush();
  };
  const onKeyDown = (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) send(ev);
    else if (ev.key === 'Escape') closeThread();
  };
  return html`<form class="composer thread-composer" aria-label="Reply in the thread" onSubmit=${send}>
    <textarea ref=${input} rows="1" aria-label="Reply" placeholder="Reply in the thread…" onKeyDown=${onKeyDown}></textarea>
    <div ref=${box} class="mention-box"></div>
    <button type="submit" class="primary">Reply</button>
  </form>`;
}

/**
 * Follow / Following: what the server answered (the thread page's `following`, then each change's 204).
 * Props, not the thread changed in place: the signals' integration skips a render whose props are the same.
 */
function FollowButton({ roomId, rootId, following }) {
  const [busy, setBusy] = useState(false);
  if (following === null) return null;
  const toggle = async () => {
    setBusy(true);
    try {
      await setFollowing(roomId, rootId, !following);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class="follow-thread" aria-pressed=${following ? 'true' : 'false'} disabled=${busy}
      title=${following ? 'You get this thread\'s replies in Threads; click to stop' : 'Get this thread\'s replies in Threads'}
      onClick=${toggle}>${following ? 'Following' : 'Follow'}</button>`;
}

export function ThreadPanel({ onFlush }) {
  threadVersion.value;
  timelineVersion.value; // an edit, a reaction or a name drawn again
  outboxVersion.value;
  const th = thread.value;
  const list = useRef(null);
  const shownRoot = useRef(null);
  // Esc closes the panel from anywhere on the page, not only from its reply box (mounted once, by app.js).
  useEffect(() => onEscape(() => {
    if (!thread.value) return false;
    closeThread();
    return true;
  }), []);
  // Kept at the bottom when it was there (and on opening), as the timeline is, unless a reply is to be
  // shown (a search result): then that one, once loaded; then what shows is read.
  const el = list.current;
  const atBottom = !el || el.scrollHeight - el.scrollTop - el.clientHeight < 40 || shownRoot.current !== th?.rootId;
  useLayoutEffect(() => {
    if (!th) return;
    if (th.focus && th.loaded) {
      const focused = list.current.querySelector(`li.msg[data-id="${CSS.escape(th.focus)}"]`);
      th.focus = null;
      if (focused) {
        focused.scrollIntoView({ block: 'center' });
        focused.classList.add('found');
        focused.focus();
      } else list.current.scrollTop = list.current.scrollHeight;
    } else if (atBottom && !th.focus) list.current.scrollTop = list.current.scrollHeight;
    shownRoot.current = th.rootId;
    markThreadRead();
  });
  if (!th || !me.value) return null;
  const room = rooms.get(th.roomId);
  const pending = outboxItems().filter((p) => p.threadRoot === th.rootId);
  const replies = repliesOf(th);
  return html`<div class="thread-head">
      <h2 id="thread-title">Thread</h2>
      <span class="sub">${room ? roomTitle(room) : ''}</span>
      <span class="spacer"></span>
      <${FollowButton} roomId=${th.roomId} rootId=${th.rootId} following=${th.loaded ? !!th.following : null} />
      <button type="button" class="icon" aria-label="Close the thread" onClick=${closeThread}>×</button>
    </div>
    <ol ref=${list} class="timeline thread-messages" aria-label="Thread messages" aria-live="polite">
      ${th.root ? html`<${Message} key="root" m=${th.root} grouped=${false} inThread=${true} />` : html`<li class="start">Loading…</li>`}
      ${th.root && html`<li key="count" class="day thread-count" role="separator">${repliesLabel({ thread: { replies: replies.length } }) || 'No replies yet'}</li>`}
      ${replies.map((m) => html`<${Message} key=${'m-' + m.seq} m=${m} grouped=${false} inThread=${true} />`)}
      ${pending.map((p) => html`<${PendingMessage} key=${'p-' + p.clientMsgId} p=${p} onFlush=${onFlush} />`)}
    </ol>
    <${ThreadComposer} key=${th.rootId} th=${th} onFlush=${onFlush} />`;
}
