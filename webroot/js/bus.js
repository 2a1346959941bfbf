// The one place the page talks to the event-bus bridge: connect, reconnect with backoff, report state.
const MAX_BACKOFF_MS = 30000;

export function connect({ onState }) {
  let attempt = 0;
  let bus;

  function open() {
    onState('connecting');
    bus = new EventBus(window.location.origin + '/eventbus');
    bus.onopen = () => { attempt = 0; onState('open'); };
    bus.onclose = () => {
      onState('closed');
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt++);
      setTimeout(open, delay);
    };
  }

  open();
  return { get bus() { return bus; } };
}
