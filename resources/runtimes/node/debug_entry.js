// SPDX-License-Identifier: MIT
// Starts the bundled runtime loop (bootstrap.js, the first argument) with the inspector for a LambdaDesk
// debug session. The inspector listens on a loopback port the kernel picks; its WebSocket URL is reported to
// LambdaDesk over the channel named by LAMBDADESK_DEBUG_REPORT (host:port). The loop starts only when
// LambdaDesk, connected and with its breakpoints set, calls the starter below through Runtime.evaluate, so
// breakpoints in module-level (INIT) code stop too. (inspector.waitForDebugger() would race: a
// Runtime.runIfWaitingForDebugger that arrives before the wait begins is dropped, and the wait never ends.)
'use strict';
const inspector = require('node:inspector');
const net = require('node:net');
const path = require('node:path');

const starter = Symbol.for('lambdadesk.startRuntimeLoop');
const keepAlive = setInterval(() => {}, 1 << 30);
globalThis[starter] = () => {
  delete globalThis[starter];
  clearInterval(keepAlive);
  process.argv.splice(1, 1);
  // bootstrap.js calls the handler so that V8 can tell errors that leave it (see callForDebugger there).
  globalThis[Symbol.for('lambdadesk.debugging')] = true;
  // Outside the evaluate call, so the loop's frames and INIT's do not sit on top of LambdaDesk's expression.
  setImmediate(() => require(path.resolve(process.argv[1])));
  return true;
};

const [host, port] = process.env.LAMBDADESK_DEBUG_REPORT.split(':');
// Never 0.0.0.0: whoever reaches the inspector's port can run code in the function.
inspector.open(0, '127.0.0.1', false);
const channel = net.connect({ host, port: Number(port) }, () => channel.end(`url ${inspector.url()}\n`));
channel.on('error', (error) => {
  process.stderr.write(`lambdadesk-runtime: cannot report the inspector's address: ${error.message}\n`);
  process.exit(1);
});
