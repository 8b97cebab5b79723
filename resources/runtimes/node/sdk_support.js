// SPDX-License-Identifier: MIT
//
// The AWS SDK for JavaScript v3 beside LambdaDesk's Node.js runtime loop, as AWS's nodejs runtimes provide it
// (this file is loaded by bootstrap.js only when one of its helpers is needed). scripts/setup installs it into
// sdk/node_modules (npm ci, pinned by sdk/package-lock.json) and the engine puts that folder last on NODE_PATH,
// so CommonJS handlers find it and a copy in the function's own node_modules wins. This file adds what
// NODE_PATH cannot do:
// - ES module handlers: import never reads NODE_PATH, yet AWS's runtimes let an index.mjs import '@aws-sdk/…'.
//   A resolve hook (sdk_esm_hooks.mjs, registered only before an ES module handler is imported, as it costs a
//   loader thread) retries a bare specifier that resolved nowhere else from the bundled SDK's folder.
// - A request that leaves for a real AWS host (no AWS_ENDPOINT_URL, an endpoint passed by hand, or an SDK in
//   the function's node_modules that predates AWS_ENDPOINT_URL) is reported once per host in the function's
//   log, naming what to set. bootstrap.js watches the http client's diagnostics channel for such hosts, so
//   HTTP/2 clients (Kinesis's default handler) are not seen.
// - An import of '@aws-sdk/…' that fails while the bundled SDK is not installed says how to install it.
'use strict';

const path = require('path');
const fs = require('fs');

const SDK_ROOT = path.join(__dirname, 'sdk');
const SDK_MODULES = path.join(SDK_ROOT, 'node_modules');
const reported = new Set();

/** Says once per host that a request leaves for real AWS (bootstrap.js watches the http client for them). */
function reportAwsRequest(hostName) {
  const host = hostName.toLowerCase();
  if (reported.has(host)) return;
  reported.add(host);
  const configured = process.env.AWS_ENDPOINT_URL;
  const why = configured
    ? `AWS_ENDPOINT_URL is ${configured}, so the client was given this host by hand, or its SDK predates ` +
      'AWS_ENDPOINT_URL (a copy in the function\'s node_modules?)'
    : 'AWS_ENDPOINT_URL is not set';
  process.stderr.write(
    `lambdadesk-runtime: WARNING: a request to ${host} leaves for real AWS with LambdaDesk's dummy credentials ` +
      `(${why}); it will fail or hang until the timeout. Set AWS_ENDPOINT_URL (every service) or ` +
      'AWS_ENDPOINT_URL_<SERVICE> to LambdaDesk\'s endpoint, or pass it as the client\'s endpoint ' +
      '(lambdadesk-cli serve and the app set AWS_ENDPOINT_URL for their functions)\n',
  );
}

let esmFallback = false;

/** Lets ES module handlers import the bundled SDK; registered once, when there is a bundled SDK. */
function registerEsmFallback() {
  if (esmFallback) return;
  esmFallback = true;
  const { register } = require('module');
  if (typeof register !== 'function' || !fs.existsSync(SDK_MODULES)) return;
  const { pathToFileURL } = require('url');
  register(pathToFileURL(path.join(__dirname, 'sdk_esm_hooks.mjs')).href, {
    data: { parentURL: pathToFileURL(path.join(SDK_ROOT, 'package.json')).href },
  });
}

/** What to add to a "Cannot find module '@aws-sdk/…'" message when the bundled SDK is missing; else ''. */
function missingSdkHint(error) {
  const message = String((error && error.message) || '');
  if (!/['"]@aws-sdk\//.test(message) || fs.existsSync(SDK_MODULES)) return '';
  return ` (LambdaDesk's bundled AWS SDK for JavaScript v3 is not installed in ${SDK_MODULES}: run scripts/setup, ` +
    'or add the package to the function\'s own node_modules)';
}

module.exports = { reportAwsRequest, registerEsmFallback, missingSdkHint, SDK_MODULES };
