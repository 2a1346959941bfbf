// Messages typed but not yet confirmed by the server, kept in localStorage (a reload keeps them).
// Each carries the clientMsgId it is sent with, so sending it again can never make a second message.
export class Outbox {
  constructor(userId) {
    this.key = 'confab.outbox.' + userId;
    this.list = [];
    try {
      this.list = JSON.parse(localStorage.getItem(this.key)) || [];
    } catch (e) {
      this.list = [];
    }
    // Another tab of the same person may have sent some of them meanwhile.
    window.addEventListener('storage', (ev) => {
      if (ev.key === this.key) {
        try { this.list = JSON.parse(ev.newValue) || []; } catch (e) { /* keep ours */ }
      }
    });
  }

  items() {
    return this.list;
  }

  save() {
    if (this.list.length) localStorage.setItem(this.key, JSON.stringify(this.list));
    else localStorage.removeItem(this.key);
  }

  add(item) {
    this.list.push({ ...item, status: 'pending' });
    this.save();
  }

  /** The server has the message: drop it from the outbox. */
  confirm(clientMsgId) {
    const before = this.list.length;
    this.list = this.list.filter((p) => p.clientMsgId !== clientMsgId);
    if (this.list.length !== before) this.save();
  }

  fail(clientMsgId, error) {
    const item = this.list.find((p) => p.clientMsgId === clientMsgId);
    if (item) {
      item.status = 'failed';
      item.error = error;
      this.save();
    }
  }

  retry(clientMsgId) {
    const item = this.list.find((p) => p.clientMsgId === clientMsgId);
    if (item) {
      item.status = 'pending';
      delete item.error;
      this.save();
    }
  }
}
