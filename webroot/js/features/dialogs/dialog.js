// The one dialog (index.html's <dialog>): a title, a body (a Preact view, unmounted on close), an
// error line, and an OK action whose failure shows in words while the dialog stays open.
import { render } from 'preact';
import { $, errorText, show } from '../../core/ui.js';

export function openDialog({ title, body, ok = 'OK', onOk, cancel = 'Close' }) {
  const dialog = $('dialog');
  $('dialog-title').textContent = title;
  // A fresh body: nothing of the last dialog's (typed values, state) is reused.
  render(null, $('dialog-body'));
  render(body, $('dialog-body'));
  $('dialog-ok').textContent = ok;
  show($('dialog-ok'), !!onOk);
  $('dialog-cancel').textContent = cancel;
  setDialogError('');
  dialog.onsubmit = async (ev) => {
    ev.preventDefault();
    if (!onOk) return;
    $('dialog-ok').disabled = true;
    try {
      await onOk();
      dialog.close();
    } catch (e) {
      setDialogError(errorText(e));
    } finally {
      $('dialog-ok').disabled = false;
    }
  };
  dialog.showModal();
  dialog.querySelector('input, select, textarea, button')?.focus();
}

export function closeDialog() {
  $('dialog').close();
}

export function setDialogError(text) {
  $('dialog-error').textContent = text;
  show($('dialog-error'), !!text);
}

/** Runs fn; a failure shows in the dialog. */
export async function inDialog(fn) {
  try {
    await fn();
  } catch (e) {
    setDialogError(errorText(e));
  }
}

$('dialog-cancel').addEventListener('click', closeDialog);
$('dialog').addEventListener('close', () => render(null, $('dialog-body')));
