'use strict';
// Starts the pinned s3rver on loopback for OssUnzip's tests and local stack.
// Protocol with the parent process (one line each, on stdout):
//   "listening <address> <port>"  once the server accepts connections
//   "event <json>"                 one per S3 event record (object created/removed)
//   "stats <json>"                 HTTP requests served so far, by method, in answer to a
//                                  "stats" line on stdin (the benchmark counts every client's requests)
// s3rver reports a completed multipart upload as "ObjectCreated:Post" with a plain-MD5 ETag, the
// same as a browser form POST; the record is renamed "ObjectCreated:CompleteMultipartUpload" (the
// name S3 itself uses) when the request that caused it carried an uploadId.
// The store refuses keys it cannot hold (400 KeyTooLongError / InvalidArgument, nothing written) and
// writes objects atomically, so no request can stop it or leave half an object: see local-store.js.
// PutObject honours `If-None-Match: *` and `x-oss-forbid-overwrite: true` (create-only writes, which
// s3rver itself ignores): see local-store.js and docs/facts.md §14.
// The server stops on SIGTERM/SIGINT, or when stdin closes (the parent went away),
// so a crashed test run never leaves an orphan listening.
const { AsyncLocalStorage } = require('async_hooks');
const S3rver = require('s3rver');
const { guardStore } = require('./local-store');

const currentRequest = new AsyncLocalStorage();

function parseArgs(argv) {
  const options = { port: 0, directory: null, buckets: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value for ${name}`);
    switch (name) {
      case '--port': options.port = Number.parseInt(value, 10); break;
      case '--directory': options.directory = value; break;
      case '--bucket': options.buckets.push(value); break;
      default: throw new Error(`unknown option ${name}`);
    }
  }
  if (!options.directory) throw new Error('--directory is required');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port must be 0..65535');
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map(name => ({ name })),
  });
  guardStore(server.store, () => currentRequest.getStore()?.headers);
  // Koa composes its middleware when it starts listening, so this runs first for every request.
  server.middleware.unshift((ctx, next) => currentRequest.run(ctx, next));
  server.on('event', event => {
    const ctx = currentRequest.getStore();
    const completesMultipart = ctx !== undefined && ctx.method === 'POST' && ctx.query.uploadId !== undefined;
    for (const record of event.Records) {
      if (completesMultipart && record.eventName === 'ObjectCreated:Post') {
        record.eventName = 'ObjectCreated:CompleteMultipartUpload';
      }
      process.stdout.write(`event ${JSON.stringify(record)}\n`);
    }
  });
  const address = await server.run();
  const requests = {};
  server.httpServer.on('request', req => {
    requests[req.method] = (requests[req.method] || 0) + 1;
  });
  process.stdout.write(`listening ${address.address} ${address.port}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let pending = '';
  process.stdin.on('data', chunk => {
    pending += chunk.toString('utf8');
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line === 'stats') process.stdout.write(`stats ${JSON.stringify(requests)}\n`);
    }
  });
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
}

main().catch(err => {
  process.stderr.write(`s3rver launcher failed: ${err.message}\n`);
  process.exit(1);
});
