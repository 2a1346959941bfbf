import { connect } from './bus.js';

const label = { connecting: 'connecting…', open: 'connected', closed: 'offline' };
const status = document.getElementById('connection');

connect({
  onState(state) {
    status.dataset.state = state;
    status.textContent = label[state];
  },
});
