// What a request's failure is, told apart from a fault in the page's own code: api() rejects with an
// ApiError (an HTTP error answer, or offline), bus.request() with a BusError (the bridge's failure, offline
// or a timeout). A place that ignores a failed request on purpose ignores only these; a TypeError in how
// an answer is handled is a bug, and stays visible. No DOM here.

export class ApiError extends Error {
  constructor(status, error, message) {
    super(message || error || 'Request failed (' + status + ')');
    this.status = status;
    this.error = error;
  }
}

/** The bridge's failure (failureCode, message: the reply's), or failureCode 0 "offline", 504 "timeout". */
export class BusError extends Error {
  constructor(failureCode, message) {
    super(message);
    this.failureCode = failureCode;
  }
}

/** A request that found no server: no network, or its answer broken off. */
export function offline() {
  return new ApiError(0, 'offline', 'No connection to the server. Check your network and try again.');
}

export function isRequestFailure(e) {
  return e instanceof ApiError || e instanceof BusError;
}

/**
 * For a call whose failure the page may ignore (`.catch(ignoreRequestFailure)`, or in a catch block): a
 * request's failure is ignored; anything else is reported as uncaught (the console and window's error
 * event, as bus.js reports a stream handler's throw), and the caller goes on as it would have.
 */
export function ignoreRequestFailure(e) {
  if (!isRequestFailure(e)) reportError(e);
}
