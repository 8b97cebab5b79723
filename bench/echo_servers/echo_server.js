// SPDX-License-Identifier: MIT
// bench_warm's baseline for Node.js: the smallest keep-alive HTTP/1.1 echo server on the http module.
// It answers each request with its body, prints "port N" once it listens on 127.0.0.1 (port 0: the kernel
// picks), and stops when stdin closes.
'use strict';

const http = require('http');

const server = http.createServer({ noDelay: true, keepAliveTimeout: 60000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
