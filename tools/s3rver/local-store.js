'use strict';
// Makes s3rver's filesystem store hold what it can and refuse the rest cleanly.
//
// s3rver keeps every key segment as a file or folder name: `a/b/c` is the file
// `<bucket>/a/b/c._S3rver_object` beside `c._S3rver_object.md5` and `c._S3rver_metadata.json`. A name
// is at most 255 bytes on Linux file systems, so the last segment has 255 - 22 = 233 bytes and every
// other segment 255. OSS itself limits only the whole key (1-1023 UTF-8 bytes, docs/facts.md §5). Left
// alone, s3rver 3.7.1 dies on a write it cannot make (its write stream has no error handler) or
// writes half an object and answers 500, leaving a file its listing then fails on.
//
// Here every key is checked before anything touches the disk. A key the store cannot hold is refused
// with a documented S3 error (400 KeyTooLongError, or 400 InvalidArgument for segments a file system
// resolves instead of storing: "." and ".." and empty folder names), and nothing is written; reads of
// such a key answer 404 (it cannot exist) and deletes succeed (nothing to delete). Error details carry
// no key: s3rver copies them into response headers, where non-Latin-1 characters are not allowed.
// Objects and parts are
// written to a temporary file first and renamed into place, and every stream error is handled, so a
// failed or aborted write leaves the previous object (or none), and no request can stop the server.
//
// Create-only writes (docs/facts.md §14): s3rver 3.7.1 ignores both `If-None-Match: *` (S3's
// conditional write) and `x-oss-forbid-overwrite: true` (OSS's own header), so they are emulated here.
// A PutObject carrying either is linked into place only if no object exists (link(2) fails with
// EEXIST atomically, so two racing writes never both win): else it is refused with 412
// PreconditionFailed (If-None-Match) or 409 FileAlreadyExists (x-oss-forbid-overwrite), as S3 and OSS
// answer, and the existing object is left untouched.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Transform } = require('stream');
const { pipeline } = require('stream/promises');
const S3Error = require('s3rver/lib/models/error');

const MAX_NAME_BYTES = 255;
// The longest name s3rver appends to a key's last segment: '._S3rver_metadata.json'.
const LONGEST_SUFFIX_BYTES = Buffer.byteLength('._S3rver_metadata.json');
const MAX_LAST_SEGMENT_BYTES = MAX_NAME_BYTES - LONGEST_SUFFIX_BYTES;
const MAX_FOLDER_SEGMENT_BYTES = MAX_NAME_BYTES;
const MAX_KEY_BYTES = 1023;

/** Why the store cannot hold `key`, as an S3 error, or null when it can. */
function refusalFor(key) {
  if (typeof key !== 'string') return null;
  const keyBytes = Buffer.byteLength(key, 'utf8');
  if (keyBytes > MAX_KEY_BYTES) {
    return new S3Error('KeyTooLongError', `Your key is too long: ${keyBytes} bytes, the limit is ${MAX_KEY_BYTES}.`);
  }
  if (key.includes('\0')) {
    return new S3Error('InvalidArgument', 'The local store cannot hold a key containing NUL.');
  }
  const segments = key.split('/');
  const last = segments.pop();
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      return new S3Error('InvalidArgument', `The local store cannot hold a key with a '${segment}' folder segment (its file system would resolve it).`);
    }
    const bytes = Buffer.byteLength(segment, 'utf8');
    if (bytes > MAX_FOLDER_SEGMENT_BYTES) {
      return new S3Error('KeyTooLongError', `Your key is too long for the local store: a folder segment of ${bytes} bytes, the local limit is ${MAX_FOLDER_SEGMENT_BYTES}.`);
    }
  }
  const lastBytes = Buffer.byteLength(last, 'utf8');
  if (lastBytes > MAX_LAST_SEGMENT_BYTES) {
    return new S3Error('KeyTooLongError', `Your key is too long for the local store: a last segment of ${lastBytes} bytes, the local limit is ${MAX_LAST_SEGMENT_BYTES}.`);
  }
  return null;
}

/** Reads and discards a request body we refuse, so the client sees the error rather than a reset. */
async function discard(content) {
  if (!content || Buffer.isBuffer(content) || typeof content.resume !== 'function') return;
  await new Promise(resolve => {
    content.on('end', resolve).on('error', resolve).on('close', resolve);
    content.resume();
  });
}

/**
 * Writes `content` (a Buffer or a readable stream) to a temporary file in the data directory's root
 * (never inside a bucket, where a listing would trip over it), then renames it to `finalPath`.
 * Returns the size and MD5; on any failure removes the temporary file and rethrows.
 */
async function writeAtomically(rootDirectory, finalPath, content, createOnly = false) {
  await fs.promises.mkdir(path.dirname(finalPath), { recursive: true });
  const temporary = path.join(rootDirectory, `.incoming-${crypto.randomUUID()}`);
  const md5 = crypto.createHash('md5');
  let size = 0;
  try {
    if (Buffer.isBuffer(content)) {
      md5.update(content);
      size = content.length;
      await fs.promises.writeFile(temporary, content);
    } else {
      const hashing = new Transform({
        transform(chunk, encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(content, hashing, fs.createWriteStream(temporary));
    }
    if (createOnly) {
      await fs.promises.link(temporary, finalPath);
      await fs.promises.rm(temporary, { force: true });
    } else {
      await fs.promises.rename(temporary, finalPath);
    }
  } catch (err) {
    await fs.promises.rm(temporary, { force: true });
    throw err;
  }
  return { size, md5: md5.digest('hex') };
}

/**
 * The create-only refusal a request's headers ask for, or null for a plain write. `headers` are the
 * request's (lower-cased, as Node gives them).
 */
function createOnlyRefusal(headers) {
  if (!headers) return null;
  if (headers['if-none-match'] !== undefined && headers['if-none-match'].trim() === '*') {
    return () => new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
  }
  if ((headers['x-oss-forbid-overwrite'] || '').toLowerCase() === 'true') {
    return () => Object.assign(new S3Error('FileAlreadyExists', 'The object you specified already exists and can not be overwritten.'), { status: 409, expose: true });
  }
  return null;
}

/**
 * Installs the checks and the atomic writes on an s3rver FilesystemStore instance. `requestHeaders`
 * returns the headers of the request being served (or undefined), for create-only writes.
 */
function guardStore(store, requestHeaders = () => undefined) {
  const refuse = key => {
    const refusal = refusalFor(key);
    if (refusal) throw refusal;
  };
  const original = {
    getObject: store.getObject.bind(store),
    existsObject: store.existsObject.bind(store),
    copyObject: store.copyObject.bind(store),
    deleteObject: store.deleteObject.bind(store),
    initiateUpload: store.initiateUpload.bind(store),
    getSubresource: store.getSubresource.bind(store),
    putSubresource: store.putSubresource.bind(store),
    deleteSubresource: store.deleteSubresource.bind(store),
  };

  store.putObject = async object => {
    const refusal = refusalFor(object.key);
    if (refusal) {
      await discard(object.content);
      throw refusal;
    }
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    const refusalIfExists = createOnlyRefusal(requestHeaders());
    let written;
    try {
      written = await writeAtomically(store.rootDirectory, objectPath, object.content, refusalIfExists !== null);
    } catch (err) {
      if (refusalIfExists !== null && err.code === 'EEXIST') throw refusalIfExists();
      throw err;
    }
    const { size, md5 } = written;
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size, md5 };
  };
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId, partNumber.toString());
    const { size, md5 } = await writeAtomically(store.rootDirectory, partPath, content);
    await fs.promises.writeFile(`${partPath}.md5`, md5);
    return { size, md5 };
  };
  store.getObject = async (bucket, key, options) => (refusalFor(key) ? null : original.getObject(bucket, key, options));
  store.existsObject = async (bucket, key) => (refusalFor(key) ? false : original.existsObject(bucket, key));
  store.deleteObject = async (bucket, key) => (refusalFor(key) ? undefined : original.deleteObject(bucket, key));
  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    refuse(destKey);
    return original.copyObject(srcBucket, srcKey, destBucket, destKey, replacementMetadata);
  };
  store.initiateUpload = async (bucket, key, uploadId, metadata) => {
    refuse(key);
    return original.initiateUpload(bucket, key, uploadId, metadata);
  };
  store.getSubresource = async (bucket, key, resourceType) => (refusalFor(key) ? null : original.getSubresource(bucket, key, resourceType));
  store.putSubresource = async (bucket, key, resource) => {
    refuse(key);
    return original.putSubresource(bucket, key, resource);
  };
  store.deleteSubresource = async (bucket, key, resourceType) => (refusalFor(key) ? undefined : original.deleteSubresource(bucket, key, resourceType));
  return store;
}

module.exports = { guardStore, refusalFor, createOnlyRefusal, MAX_KEY_BYTES, MAX_LAST_SEGMENT_BYTES, MAX_FOLDER_SEGMENT_BYTES };
