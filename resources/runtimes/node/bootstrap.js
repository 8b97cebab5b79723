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

const { API_PREFIX, apiAddress, request, post, nextInvocation, warn } = require('./runtime_api_client');

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
    if (UNDER_DEBUGGER) {
      callForDebugger(handler, event, context, callback, state);
      return;
    }
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
        (error) => state.settle(rejectionError(error)),
      );
    }
    // Otherwise wait for callback / succeed / fail / done, or for the event loop to empty.
  });
}

function rejectionError(reason) {
  return reason === undefined || reason === null ? new Error('Promise rejected without a reason') : reason;
}

// Set by debug_entry.js when LambdaDesk debugs this process.
const UNDER_DEBUGGER = globalThis[Symbol.for('lambdadesk.debugging')] === true;

// Under a debugger the handler is called with nothing of the loop's on the stack to catch what it throws: V8 then
// predicts an error leaving the user's code as uncaught, and the "uncaught" exception filter stops there and not at
// errors the user's code catches itself (V8 counts a catch in ignore-listed code, such as this loop's, as a catch).
// A synchronous throw reaches 'uncaughtException' and a rejection 'unhandledRejection' (only a fulfilment handler is
// attached to a native promise); both settle the invocation there, as the try/catch and the rejection handler above
// do otherwise.
function callForDebugger(handler, event, context, callback, state) {
  state.inHandlerCall = true;
  setImmediate(() => {
    const returned = handler(event, context, callback);
    state.inHandlerCall = false;
    if (returned instanceof Promise) {
      state.watched = returned.then((result) => state.settle(null, result));
    } else if (returned && typeof returned.then === 'function') {
      returned.then((result) => state.settle(null, result), (error) => state.settle(rejectionError(error)));
    }
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

process.on('uncaughtException', (error) => {
  if (current && current.inHandlerCall) {
    current.inHandlerCall = false;
    current.settle(error);
    return;
  }
  onFatal(error);
});
process.on('unhandledRejection', (reason, promise) => {
  if (current && promise === current.watched) {
    current.settle(rejectionError(reason));
    return;
  }
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
