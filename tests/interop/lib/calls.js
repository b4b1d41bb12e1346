'use strict';
// Promise wrappers around grpc-js calls, so that the tests read as what they check.
const grpc = require('@grpc/grpc-js');

const defaultDeadlineMs = 15_000;
const deadline = (ms = defaultDeadlineMs) => Date.now() + ms;

/** A unary call; resolves with { response, metadata } (metadata: the response headers). */
function unary(client, method, request, { metadata = new grpc.Metadata(), deadlineMs } = {}) {
  return new Promise((resolve, reject) => {
    let headers = null;
    const call = client[method](request, metadata, { deadline: deadline(deadlineMs) }, (error, response) => {
      if (error) reject(error); else resolve({ response, metadata: headers });
    });
    call.on('metadata', (m) => { headers = m; });
  });
}

/** Resolves with the gRPC error a call fails with; rejects when it succeeds. */
async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    if (typeof error.code !== 'number') throw error;
    return error;
  }
  throw new Error('the call succeeded, but it was expected to fail');
}

/** Writes one message of a client stream, waiting for the stream to drain when grpc-js asks to. */
function write(call, message) {
  return new Promise((resolve) => {
    if (call.write(message)) resolve(); else call.once('drain', resolve);
  });
}

// A document's number (số) must be unique per sender and day; every test send takes the next one.
let lastNumber = 7815;

/**
 * Exchange.Send: the header, then the main PDF in chunks of `chunkSize` bytes. Resolves with the
 * SendResponse.
 */
function send(client, { messageId, to, pdf, chunkSize = 16 * 1024, number = String(++lastNumber), from = undefined, metadata = new grpc.Metadata() }) {
  return new Promise((resolve, reject) => {
    const call = client.Send(metadata, { deadline: deadline() }, (error, response) => {
      if (error) reject(error); else resolve(response);
    });
    (async () => {
      await write(call, { header: sendHeader(messageId, to, pdf, number, from) });
      for (let offset = 0; offset < pdf.length; offset += chunkSize) {
        await write(call, { chunk: { partId: 'main', data: pdf.subarray(offset, offset + chunkSize) } });
      }
      call.end();
    })().catch(reject);
  });
}

function sendHeader(messageId, to, pdf, number, from = undefined) {
  return {
    messageId,
    document: {
      from: from ? { organId: from } : null,
      to: [{ organId: to }],
      code: { codeNumber: number, codeNotation: 'VPCP-TTĐT' },
      subject: 'Về việc triển khai trục liên thông văn bản',
      documentType: { type: 1, typeName: 'Công văn' },
    },
    parts: [{ partId: 'main', kind: 'PART_KIND_MAIN_DOCUMENT', fileName: 'congvan.pdf', contentType: 'application/pdf', size: String(pdf.length) }],
  };
}

/**
 * Collects what a server (or bidirectional) stream delivers, so that a test can wait for a given message
 * while the stream stays open, then cancel it.
 */
class StreamCollector {
  constructor(call) {
    this.call = call;
    this.messages = [];
    this.error = null;
    this.ended = false;
    this.cancelled = false;
    this.waiters = new Set();
    call.on('data', (message) => { this.messages.push(message); this.notify(); });
    call.on('error', (error) => { this.error = error; this.notify(); });
    call.on('end', () => { this.ended = true; this.notify(); });
  }

  /** Resolves with every message so far once one satisfies `predicate`; rejects when the stream ends first. */
  until(predicate, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve, reject };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`the awaited message did not come within ${timeoutMs} ms; received ${JSON.stringify(this.messages)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      this.notify();
    });
  }

  notify() {
    for (const waiter of this.waiters) {
      let settle = null;
      if (this.messages.some(waiter.predicate)) {
        settle = () => waiter.resolve(this.messages.slice());
      } else if (this.error || this.ended) {
        const why = this.error ? `failed with ${this.error.message}` : 'ended';
        settle = () => waiter.reject(new Error(`the stream ${why} before the awaited message; received ${JSON.stringify(this.messages)}`));
      }
      if (settle) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        settle();
      }
    }
  }

  /** Cancels the call (grpc-js then reports CANCELLED, which the collector keeps as its error). */
  cancel() {
    this.cancelled = true;
    this.call.cancel();
  }
}

/** Reads a server stream to its end; resolves with { messages, status }. */
function readAll(call) {
  return new Promise((resolve, reject) => {
    const messages = [];
    let status = null;
    call.on('data', (message) => messages.push(message));
    call.on('status', (s) => { status = s; });
    call.on('error', reject);
    call.on('end', () => setImmediate(() => resolve({ messages, status })));
  });
}

/** Exchange.Fetch of the whole document; resolves with { bytes, partEnds, header }. */
async function fetchDocument(client, documentId) {
  const { messages } = await readAll(client.Fetch({ documentId }, { deadline: deadline() }));
  const chunks = messages.filter((m) => m.response === 'chunk').map((m) => m.chunk.data);
  return {
    bytes: Buffer.concat(chunks),
    chunkCount: chunks.length,
    header: messages.find((m) => m.response === 'header')?.header,
    partEnds: messages.filter((m) => m.response === 'partEnd').map((m) => m.partEnd),
  };
}

/** Resolves with the error a stream fails with (it must fail, not end normally). */
function streamFailure(call) {
  return new Promise((resolve, reject) => {
    call.on('data', () => {});
    call.on('error', resolve);
    call.on('end', () => reject(new Error('the stream ended normally, but it was expected to fail')));
  });
}

module.exports = { unary, failure, send, sendHeader, StreamCollector, readAll, fetchDocument, streamFailure, write, deadline };
