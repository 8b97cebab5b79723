// SPDX-License-Identifier: MIT
//
// The Runtime API client of the Node.js loop (bootstrap.js): one keep-alive connection on a raw socket, retried
// once when the server dropped it.
//
// Not the http module: a warm invoke is two round trips on this connection (POST the answer, GET the next
// event), and http.request's agent, parser and stream machinery cost about 150 µs more per round trip than
// this client (measured in bench_warm; AWS's own Node runtime uses a native HTTP client for the same reason).
// The Runtime API's answers are small and framed by Content-Length; chunked and close-delimited bodies and
// 1xx interim answers are understood anyway.
'use strict';

const net = require('net');

const API_PREFIX = '/2018-06-01';
const NEXT_PATH = `${API_PREFIX}/runtime/invocation/next`;

const env = process.env;

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

/** A line on stderr from the runtime itself (the function's own output goes to stdout). */
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

module.exports = { API_PREFIX, apiAddress, request, post, nextInvocation, warn };
