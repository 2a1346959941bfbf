// Signing in, up (with the emailed code), resetting a forgotten password and signing out: the forms
// of index.html's auth view. onSignedIn() enters the chat.
import { api, auth } from '../../core/api.js';
import { ignoreRequestFailure } from '../../core/failures.js';
import { $, errorText, show } from '../../core/ui.js';

const FORMS = ['signin', 'signup', 'verify', 'forgot', 'reset'];
let pendingEmail = '';
let signupPassword = '';

function showForm(name) {
  for (const f of FORMS) show($(f + '-form'), f === name);
  setAuthError('');
  $(name + '-form').querySelector('input:not([type=hidden])')?.focus();
}

function setAuthError(text) {
  $('auth-error').textContent = text;
  show($('auth-error'), !!text);
}

function setAuthMessage(text) {
  $('auth-message').textContent = text || '';
  show($('auth-message'), !!text);
}

/** The sign-in screen, with a message (why the person is here) if any. */
export function showAuth(message) {
  show($('chat-view'), false);
  show($('me'), false);
  show($('back'), false);
  show($('offline-banner'), false);
  show($('auth-view'), true);
  document.body.classList.remove('in-room');
  setAuthMessage(message);
  showForm('signin');
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

/** A form's submit: the button disabled meanwhile, a failure in words under the title. */
function onSubmit(name, fn) {
  $(name + '-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const submit = form.querySelector('[type=submit]');
    submit.disabled = true;
    try {
      await fn(form, formValues(form));
    } catch (e) {
      setAuthError(errorText(e));
    } finally {
      submit.disabled = false;
    }
  });
}

function askForCode(email) {
  pendingEmail = email;
  $('verify-email').textContent = pendingEmail;
  showForm('verify');
}

export function wireAccountForms(onSignedIn) {
  for (const button of document.querySelectorAll('[data-go]')) {
    button.addEventListener('click', () => { setAuthMessage(''); showForm(button.dataset.go); });
  }

  onSubmit('signin', async (form, v) => {
    const body = { email: v.email.trim(), password: v.password };
    if (v.totp) body.totp = v.totp.trim();
    try {
      const answer = await api('POST', '/auth/login', body);
      form.reset();
      show($('totp-field'), false);
      auth.start(answer);
      onSignedIn();
    } catch (e) {
      if (e.error === 'totp_required') {
        show($('totp-field'), true);
        form.elements.totp.focus();
      }
      if (e.error === 'email_not_verified') {
        await api('POST', '/auth/resend', { email: body.email }).catch(ignoreRequestFailure);
        askForCode(body.email);
        setAuthMessage('Verify your email address first: enter the code we sent you.');
        return;
      }
      throw e;
    }
  });

  onSubmit('signup', async (form, v) => {
    const language = (navigator.language || 'en').slice(0, 2).toLowerCase();
    const body = { email: v.email.trim(), password: v.password, displayName: v.displayName.trim() };
    if (/^[a-z]{2}$/.test(language)) body.language = language;
    await api('POST', '/auth/register', body);
    signupPassword = v.password;
    form.reset();
    askForCode(body.email);
  });

  onSubmit('verify', async (form, v) => {
    await api('POST', '/auth/verify', { email: pendingEmail, code: v.code.trim() });
    form.reset();
    if (signupPassword) {
      // Straight in after signing up: the password was just typed.
      const answer = await api('POST', '/auth/login', { email: pendingEmail, password: signupPassword });
      signupPassword = '';
      auth.start(answer);
      onSignedIn();
      return;
    }
    showForm('signin');
    $('signin-form').elements.email.value = pendingEmail;
    setAuthMessage('Your email address is verified. Sign in.');
  });

  $('resend').addEventListener('click', async () => {
    await api('POST', '/auth/resend', { email: pendingEmail }).catch(ignoreRequestFailure);
    setAuthMessage('If the address has an account waiting, a new code is on its way (at most one a minute).');
  });

  onSubmit('forgot', async (form, v) => {
    pendingEmail = v.email.trim();
    await api('POST', '/auth/password/forgot', { email: pendingEmail });
    $('reset-email').textContent = pendingEmail;
    showForm('reset');
  });

  onSubmit('reset', async (form, v) => {
    await api('POST', '/auth/password/reset', { email: pendingEmail, code: v.code.trim(), password: v.password });
    form.reset();
    showForm('signin');
    $('signin-form').elements.email.value = pendingEmail;
    setAuthMessage('Your password is changed. Sign in with it.');
  });

  $('signout').addEventListener('click', async () => {
    const refreshToken = auth.session?.refreshToken;
    await api('POST', '/auth/logout', { refreshToken }).catch(ignoreRequestFailure); // signed out here whatever the server says
    auth.end('You are signed out.');
  });
}
