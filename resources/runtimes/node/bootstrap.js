// SPDX-License-Identifier: MIT
//
// LambdaDesk runtime loop for Node.js functions.
//
// Speaks the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API, loads the handler named by
// $_HANDLER ("file.export", file relative to $LAMBDA_TASK_ROOT, possibly nested: "src/app.handler")
// and serves one invocation at a time. Async handlers, callback handlers (event, context, callback)
// and the legacy context.succeed/fail/done are supported. Built-in modules only.
'use strict';

const path = require('path');
const fs = require('fs');

// The bundled AWS SDK's helpers (sdk_support.js), loaded only when one is needed: an ES module handler, a
// missing package, a request to a real AWS host. Cold starts of other functions pay for none of it.
let sdkSupport = null;
const sdk = () => sdkSupport || (sdkSupport = require('./sdk_support'));

const API_PREFIX = '/2018-06-01';
const NEXT_PATH = `${API_PREFIX}/runtime/invocation/next`;
const INIT_ERROR_PATH = `${API_PREFIX}/runtime/init/error`;
const EXIT_ON_UNCAUGHT = 129;

const env = process.env;
const functionName = env.AWS_LAMBDA_FUNCTION_NAME || '';
const functionVersion = env.AWS_LAMBDA_FUNCTION_VERSION || '$LATEST';
const memorySize = env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE || '128';
const logGroupName = env.AWS_LAMBDA_LOG_GROUP_NAME || '';
const logStreamName = env.AWS_LAMBDA_LOG_STREAM_NAME || '';

/** An error the runtime reports with its own errorType (Runtime.*). */
class RuntimeError extends Error {
  constructor(errorType, message, header) {
    super(message);
    this.errorType = errorType;
    this.header = header || errorType;
  }

  get trace() {
    const frames = typeof this.stack === 'string' ? this.stack.split('\n').filter((line) => line.startsWith('    at ')) : [];
    return [`${this.errorType}: ${this.message}`, ...frames];
  }
}

// ---------------------------------------------------------------------------------------------
// Runtime API client: one keep-alive connection on a raw socket, retried once when the server dropped it.
//
// Not the http module: a warm invoke is two round trips on this connection (POST the answer, GET the next
// event), and http.request's agent, parser and stream machinery cost about 150 µs more per round trip than
// this client (measured in bench_warm; AWS's own Node runtime uses a native HTTP client for the same reason).
// The Runtime API's answers are small and framed by Content-Length; chunked and close-delimited bodies and
// 1xx interim answers are understood anyway.

const net = require('net');

function parseAddress(address) {
  const colon = address.lastIndexOf(':');
  let host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port)) {
    throw new Error(`AWS_LAMBDA_RUNTIME_API must be host:port, got '${address}'`);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}

const apiAddress = env.AWS_LAMBDA_RUNTIME_API ? parseAddress(env.AWS_LAMBDA_RUNTIME_API) : null;
const CRLF2 = Buffer.from('\r\n\r\n');

/** The engine went away (the environment is being torn down): leave quietly, never spin. */
function engineGone() {
  process.exit(0);
}

/** Parses one complete response at the start of `buffer`: {response, rest}, or null when more bytes are needed. */
function parseResponse(buffer, closed) {
  for (;;) {
    const end = buffer.indexOf(CRLF2);
    if (end < 0) return null;
    const lines = buffer.toString('latin1', 0, end).split('\r\n');
    const status = Number(lines[0].split(' ', 2)[1]);
    if (!(status >= 200)) {
      if (status >= 100) {
        buffer = buffer.subarray(end + 4); // 1xx interim answers carry no body; the real one follows
        continue;
      }
      throw Object.assign(new Error(`malformed status line '${lines[0]}'`), { code: 'EPROTO' });
    }
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const start = end + 4;
    const length = headers['content-length'];
    if (length !== undefined) {
      const size = Number(length);
      if (buffer.length < start + size) return null;
      return { response: { status, headers, body: buffer.subarray(start, start + size) }, rest: buffer.subarray(start + size) };
    }
    if ((headers['transfer-encoding'] || '').toLowerCase().includes('chunked')) return parseChunked(buffer, start, status, headers);
    if (status === 204 || status === 304) return { response: { status, headers, body: Buffer.alloc(0) }, rest: buffer.subarray(start) };
    // No framing: the body runs until the server closes the connection.
    if (!closed) return null;
    headers.connection = 'close';
    return { response: { status, headers, body: buffer.subarray(start) }, rest: Buffer.alloc(0) };
  }
}

function parseChunked(buffer, at, status, headers) {
  const parts = [];
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.toString('latin1', at, lineEnd).split(';', 1)[0].trim(), 16);
    if (Number.isNaN(size)) throw Object.assign(new Error('malformed chunk size'), { code: 'EPROTO' });
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, then the blank line that ends the message.
      for (;;) {
        const trailerEnd = buffer.indexOf('\r\n', at);
        if (trailerEnd < 0) return null;
        const empty = trailerEnd === at;
        at = trailerEnd + 2;
        if (empty) return { response: { status, headers, body: Buffer.concat(parts) }, rest: buffer.subarray(at) };
      }
    }
    if (buffer.length < at + size + 2) return null;
    parts.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
}

/**
 * The connection and the one exchange in flight on it. nextSent: a GET /next went out behind the last request
 * (HTTP pipelining), so its answer is next on the connection.
 */
const link = { socket: null, buffer: Buffer.alloc(0), waiting: null, nextSent: false };

function dropConnection(error) {
  const { socket, waiting } = link;
  link.socket = null;
  link.buffer = Buffer.alloc(0);
  link.waiting = null;
  link.nextSent = false;
  if (socket) socket.destroy();
  if (waiting) waiting.reject(error || Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }));
}

function onData(chunk, closed) {
  link.buffer = link.buffer.length ? Buffer.concat([link.buffer, chunk]) : chunk;
  if (!link.waiting) return;
  let parsed;
  try {
    parsed = parseResponse(link.buffer, closed);
  } catch (error) {
    dropConnection(error);
    return;
  }
  if (!parsed) {
    if (closed) dropConnection();
    return;
  }
  const { resolve } = link.waiting;
  link.waiting = null;
  link.buffer = parsed.rest;
  // The server answered and will not keep the connection (e.g. 413 before the whole body): start afresh.
  if ((parsed.response.headers.connection || '').toLowerCase() === 'close') dropConnection();
  resolve(parsed.response);
}

function connect() {
  const socket = net.connect({ host: apiAddress.host, port: apiAddress.port });
  socket.setNoDelay(true);
  socket.on('data', (chunk) => {
    if (link.socket === socket) onData(chunk, false);
  });
  // Write errors (EPIPE, ECONNRESET) can arrive after the answer was read; they end this connection only.
  socket.on('error', (error) => {
    if (link.socket === socket) dropConnection(error);
  });
  socket.on('end', () => {
    if (link.socket === socket) onData(Buffer.alloc(0), true);
  });
  socket.on('close', () => {
    if (link.socket === socket) dropConnection();
  });
  link.socket = socket;
  link.buffer = Buffer.alloc(0);
}

function encodeHead(method, urlPath, body, headers) {
  let head = `${method} ${urlPath} HTTP/1.1\r\nHost: ${env.AWS_LAMBDA_RUNTIME_API}\r\nContent-Length: ${body ? body.length : 0}\r\n`;
  if (headers) for (const name of Object.keys(headers)) head += `${name}: ${headers[name]}\r\n`;
  return Buffer.from(head + '\r\n', 'latin1');
}

const NEXT_REQUEST = encodeHead('GET', NEXT_PATH);

/** Waits for the next answer on the connection (some of it may be in the buffer already). */
function awaitAnswer(resolve, reject) {
  // Only an exchange in flight keeps the process alive: an idle connection must not, or a callback handler
  // waiting for the event loop to empty (callbackWaitsForEmptyEventLoop) would wait for ever.
  link.socket.ref();
  link.waiting = {
    resolve: (response) => {
      if (link.socket) link.socket.unref();
      resolve(response);
    },
    reject,
  };
}

/** One request; with thenNext a GET /next leaves in the same write and stays in flight (see nextInvocation). */
function sendOnce(method, urlPath, body, headers, thenNext) {
  return new Promise((resolve, reject) => {
    if (!link.socket) connect();
    awaitAnswer(resolve, reject);
    // Head and body (and the pipelined GET) leave in one write, so a small request is one segment.
    const parts = [encodeHead(method, urlPath, body, headers)];
    if (body && body.length) parts.push(body);
    if (thenNext) parts.push(NEXT_REQUEST);
    // Set before the write: an answer cannot arrive earlier, and a connection that closes after it clears it.
    link.nextSent = Boolean(thenNext);
    link.socket.write(parts.length === 1 ? parts[0] : Buffer.concat(parts));
  });
}

/** The answer to the GET /next already in flight: parsed from what arrived, or awaited. */
function readPipelined() {
  return new Promise((resolve, reject) => {
    link.nextSent = false;
    awaitAnswer(resolve, reject);
    onData(Buffer.alloc(0), false);
  });
}

// Exchanges run one at a time (the loop awaits each; this only guards the process-wide error hooks).
let exchanges = Promise.resolve();

async function sendWithRetry(method, urlPath, body, headers, thenNext) {
  try {
    return await sendOnce(method, urlPath, body, headers, thenNext);
  } catch (firstError) {
    if (firstError && firstError.code === 'ECONNREFUSED') engineGone();
    try {
      return await sendOnce(method, urlPath, body, headers, thenNext);
    } catch {
      engineGone();
    }
  }
  return undefined; // not reached
}

function serialise(work) {
  const exchange = exchanges.then(work);
  exchanges = exchange.catch(() => {});
  return exchange;
}

/**
 * Send a request; resolves to {status, headers, body}. Exits the process when the engine is gone. With thenNext a
 * GET /next goes out in the same write (HTTP pipelining: one segment and one wake-up of the engine instead of two
 * round trips); this request's own answer still comes back first, and nextInvocation() reads the GET's.
 */
function request(method, urlPath, body, headers, thenNext) {
  return serialise(() => sendWithRetry(method, urlPath, body, headers, thenNext));
}

/** GET /next: the answer to the one sent behind the last request, or a request of its own. */
function nextInvocation() {
  return serialise(async () => {
    if (link.socket && link.nextSent) {
      try {
        return await readPipelined();
      } catch (_) {
        // The connection went while we waited: ask again on a new one.
      }
    }
    return sendWithRetry('GET', NEXT_PATH);
  });
}

function warn(message) {
  process.stderr.write(`lambdadesk-runtime: ${message}\n`);
}

/** POSTs and checks the answer; with thenNext the next GET /next is already on its way (see request). */
async function post(urlPath, body, headers, thenNext) {
  const answer = await request('POST', urlPath, body, headers, thenNext);
  if (answer.status >= 400 && answer.status < 500) {
    warn(`POST ${urlPath} answered ${answer.status} ${answer.body.toString('utf8', 0, 200).replace(/\n/g, ' ')}`);
  } else if (answer.status >= 500) {
    warn(`POST ${urlPath} answered ${answer.status}; the Runtime API failed, exiting`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors in the shapes AWS's Node.js runtime uses.

function errorBody(error) {
  try {
    if (error instanceof RuntimeError) {
      return { errorType: error.errorType, errorMessage: error.message, trace: error.trace };
    }
    if (error instanceof Error) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        // Frames of this file say nothing about the function's code.
        trace: typeof error.stack === 'string' ? error.stack.split('\n').filter((line) => !line.includes(__filename)) : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return { errorType: 'handled', errorMessage: 'callback called with an error that cannot be described', trace: [] };
  }
}

function logError(requestId, label, body) {
  process.stdout.write(`${new Date().toISOString()}\t${requestId}\tERROR\t${label} \t${JSON.stringify(body)}\n`);
}

async function postInitError(error) {
  const body = errorBody(error);
  logError('undefined', 'Uncaught Exception', body);
  if (!apiAddress) return;
  const header = error instanceof RuntimeError ? error.header : 'Runtime.Unknown';
  await request('POST', INIT_ERROR_PATH, Buffer.from(JSON.stringify(body)), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': header,
  });
}

// ---------------------------------------------------------------------------------------------
// Handler loading.

function importEsm(file) {
  sdk().registerEsmFallback();
  const { pathToFileURL } = require('url');
  return import(pathToFileURL(file).href);
}

async function loadModule(base, displayName) {
  for (const extension of ['.js', '.cjs', '.mjs']) {
    const file = base + extension;
    if (!fs.existsSync(file)) continue;
    if (extension === '.mjs') return importEsm(file);
    try {
      return require(file);
    } catch (error) {
      // ERR_MODULE_NOT_FOUND: Node 20.19+ requires an ES module itself, and its imports never read NODE_PATH;
      // import() retries with the bundled SDK's resolve hook (nothing of the module ran: imports link first).
      if (error && ['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE', 'ERR_MODULE_NOT_FOUND'].includes(error.code)) {
        return importEsm(file);
      }
      throw error;
    }
  }
  // A folder with index.js / package.json "main", or a package on NODE_PATH.
  try {
    return require(base);
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(`'${base}'`)) {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${displayName}'`);
    }
    throw error;
  }
}

/** Resolve _HANDLER ("dir/file.export.path") to a function. Throws RuntimeError or the module's own error. */
async function loadHandler(spec) {
  const root = env.LAMBDA_TASK_ROOT || process.cwd();
  const slash = spec.lastIndexOf('/');
  const folder = slash >= 0 ? spec.slice(0, slash) : '';
  const match = /^([^.]+)\.(.+)$/.exec(spec.slice(slash + 1));
  if (!match || match[2].split('.').some((part) => part === '')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${spec}: expected 'file.export'`);
  }
  const moduleName = match[1];
  const displayName = folder ? `${folder}/${moduleName}` : moduleName;

  let loaded;
  try {
    loaded = await loadModule(path.resolve(root, folder, moduleName), displayName);
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    }
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
      throw new RuntimeError('Runtime.ImportModuleError', `${error.name}: ${error.message}${sdk().missingSdkHint(error)}`);
    }
    throw error;
  }

  let handler = loaded;
  for (const key of match[2].split('.')) {
    handler = handler == null ? undefined : handler[key];
  }
  if (handler === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is not a function`);
  }
  return handler;
}

// ---------------------------------------------------------------------------------------------
// Invocations.

function parseJsonHeader(value) {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch (_) {
    return undefined;
  }
}

function makeContext(requestId, headers, finish) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  const identity = parseJsonHeader(headers['lambda-runtime-cognito-identity']);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'] || '',
    memoryLimitInMB: memorySize,
    awsRequestId: requestId,
    logGroupName,
    logStreamName,
    identity: identity
      ? { cognitoIdentityId: identity.cognitoIdentityId, cognitoIdentityPoolId: identity.cognitoIdentityPoolId }
      : undefined,
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis() {
      return Math.max(deadline - Date.now(), 0);
    },
    // Legacy completion methods: they answer at once, without waiting for the event loop.
    succeed(result) {
      finish(null, result);
    },
    fail(error) {
      finish(error === undefined || error === null ? 'handled' : error);
    },
    done(error, result) {
      finish(error, result);
    },
  };
  return context;
}

// The invocation in flight, for the process-wide hooks (beforeExit, uncaught errors).
let current = null;

process.on('beforeExit', () => {
  // The event loop is empty: a callback handler's deferred answer, or null if nobody answered.
  if (current) current.settle(current.deferred ? current.deferred.error : null, current.deferred && current.deferred.result);
});

function runHandler(handler, event, requestId, headers) {
  return new Promise((resolve) => {
    const state = { requestId, deferred: null, done: false };
    state.settle = (error, result) => {
      if (state.done) return;
      state.done = true;
      resolve({ error, result });
    };
    current = state;
    const context = makeContext(requestId, headers, state.settle);
    const callback = (error, result) => {
      if (state.done || state.deferred) return;
      if (context.callbackWaitsForEmptyEventLoop) {
        state.deferred = { error: error === undefined ? null : error, result };
      } else {
        state.settle(error === undefined ? null : error, result);
      }
    };
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      state.settle(error);
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then(
        (result) => state.settle(null, result),
        (error) => state.settle(error === undefined || error === null ? new Error('Promise rejected without a reason') : error),
      );
    }
    // Otherwise wait for callback / succeed / fail / done, or for the event loop to empty.
  });
}

function errorPath(requestId) {
  return `${API_PREFIX}/runtime/invocation/${requestId}/error`;
}

async function postError(requestId, body, errorTypeHeader, thenNext) {
  logError(requestId, 'Invoke Error', body);
  await post(
    errorPath(requestId),
    Buffer.from(JSON.stringify(body)),
    {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Function-Error-Type': errorTypeHeader,
    },
    thenNext,
  );
}

async function invoke(handler, next) {
  const headers = next.headers;
  const requestId = headers['lambda-runtime-aws-request-id'];
  const traceId = headers['lambda-runtime-trace-id'];
  if (traceId) env._X_AMZN_TRACE_ID = traceId;
  else delete env._X_AMZN_TRACE_ID;

  let event;
  try {
    event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
  } catch (error) {
    const body = { errorType: 'Runtime.UnmarshalError', errorMessage: `Unable to parse event: ${error.message}`, trace: [] };
    await postError(requestId, body, 'Runtime.UnmarshalError', true);
    return;
  }

  const outcome = await runHandler(handler, event, requestId, headers);
  current = null;
  if (outcome.error !== null && outcome.error !== undefined) {
    await postError(requestId, errorBody(outcome.error), 'Unhandled', true);
    return;
  }
  let payload;
  try {
    payload = JSON.stringify(outcome.result === undefined ? null : outcome.result);
  } catch (error) {
    const body = { errorType: 'Runtime.MarshalError', errorMessage: `Unable to marshal response: ${error.message}`, trace: [] };
    await postError(requestId, body, 'Runtime.MarshalError', true);
    return;
  }
  await post(
    `${API_PREFIX}/runtime/invocation/${requestId}/response`,
    Buffer.from(payload),
    { 'Content-Type': 'application/json' },
    true,
  );
}

function onFatal(error, errorType) {
  const body = errorBody(error);
  if (errorType) body.errorType = errorType;
  const state = current;
  current = null;
  if (state && !state.done) {
    state.done = true;
    postError(state.requestId, body, 'Unhandled').finally(() => process.exit(EXIT_ON_UNCAUGHT));
  } else {
    logError(state ? state.requestId : 'undefined', 'Uncaught Exception', body);
    process.exit(EXIT_ON_UNCAUGHT);
  }
}

process.on('uncaughtException', (error) => onFatal(error));
process.on('unhandledRejection', (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  onFatal(error, 'Runtime.UnhandledPromiseRejection');
});

/** The host name of what http2.connect accepts: a URL string, a URL, or {hostname|host, port}. */
function hostOfAuthority(authority) {
  try {
    if (typeof authority === 'string') return new URL(authority).hostname;
    return String((authority && (authority.hostname || authority.host)) || '');
  } catch (_) {
    return '';
  }
}

async function main() {
  if (!apiAddress) {
    warn('AWS_LAMBDA_RUNTIME_API is not set');
    process.exit(1);
  }
  // A request that leaves for a real AWS host is reported in the function's log.
  const reportIfAws = (host) => {
    if (/\.(amazonaws\.com(\.cn)?|api\.aws)\.?$/i.test(host)) sdk().reportAwsRequest(host);
  };
  require('diagnostics_channel').subscribe('http.client.request.start', ({ request }) => {
    reportIfAws(String((request && request.host) || ''));
  });
  // HTTP/2 clients (the SDK's NodeHttp2Handler: Kinesis SubscribeToShard, event streams) open their session
  // with http2.connect, which has no diagnostics channel before Node 22: watch the call itself.
  const http2 = require('http2');
  const connect = http2.connect;
  http2.connect = function connectWatched(authority, ...rest) {
    reportIfAws(hostOfAuthority(authority));
    return connect.call(this, authority, ...rest);
  };
  let handler;
  try {
    handler = await loadHandler(env._HANDLER || '');
  } catch (error) {
    await postInitError(error);
    process.exit(1);
  }
  for (;;) {
    const next = await nextInvocation();
    if (next.status !== 200) {
      warn(`GET next answered ${next.status}, exiting`);
      process.exit(1);
    }
    if (!next.headers['lambda-runtime-aws-request-id']) {
      warn('GET next answered without Lambda-Runtime-Aws-Request-Id, exiting');
      process.exit(1);
    }
    await invoke(handler, next);
  }
}

main();
