'use strict';
// Interop: an independent gRPC implementation (@grpc/grpc-js) calls the real DocExchange server, over
// mutual TLS and over the development h2c port, through every kind of RPC, with deadlines,
// cancellation, metadata, error statuses, messages over the size limit and gzip compression.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http2 = require('node:http2');
const grpc = require('@grpc/grpc-js');
const { DocExchangeProcess } = require('./lib/server');
const { Callers, G22, H41, transports } = require('./lib/callers');
const { unary, failure, send, sendHeader, StreamCollector, fetchDocument, streamFailure, write } = require('./lib/calls');
const { createPdf, sha256 } = require('./lib/pdf');
const { startByteCountingProxy } = require('./lib/proxy');

const Status = grpc.status;
const MiB = 1024 * 1024;
const server = new DocExchangeProcess();
const callers = new Callers(server);
const messageId = (label) => `${label}-${crypto.randomUUID()}`;
const subscribeInbox = (client, request = {}, metadata = new grpc.Metadata()) => new StreamCollector(client.SubscribeInbox(request, metadata));
const correlated = (correlationId) => {
  const metadata = new grpc.Metadata();
  metadata.set('x-correlation-id', correlationId);
  return metadata;
};
const isCaughtUp = (event) => event.event === 'caughtUp';

before(async () => {
  await server.start();
  const registry = callers.client('Registry', 'mtls', 'operator');
  await unary(registry, 'RegisterAgency', { code: G22, name: 'Văn phòng Chính phủ' });
  await unary(registry, 'RegisterAgency', { code: H41, name: 'UBND tỉnh Nghệ An' });
});

after(async () => {
  callers.closeAll();
  await server.stop();
});

for (const transport of transports) {
  describe(`unary calls over ${transport}`, () => {
    it('Health/Check answers SERVING for the whole server and for docexchange.v1.Exchange', async () => {
      const health = callers.client('Health', transport, null);
      assert.equal((await unary(health, 'Check', { service: '' })).response.status, 'SERVING');
      assert.equal((await unary(health, 'Check', { service: 'docexchange.v1.Exchange' })).response.status, 'SERVING');
    });

    it('an operator registers an agency and GetAgency returns its Vietnamese name and contact intact', async () => {
      const code = transport === 'mtls' ? '000.00.18.H41' : '000.00.19.H41';
      const contact = {
        organId: code,
        organName: 'Sở Thông tin và Truyền thông tỉnh Nghệ An',
        organAdd: 'Số 16 đường Trường Thi, thành phố Vinh, tỉnh Nghệ An',
        email: 'stttt@nghean.gov.vn',
        telephone: '0238 3598 555',
      };
      const registry = callers.client('Registry', transport, 'operator');
      const registered = (await unary(registry, 'RegisterAgency', { code, name: contact.organName, contact })).response;
      assert.equal(registered.code, code);
      assert.equal(registered.parentCode, H41);

      const agency = (await unary(callers.client('Registry', transport, `agency:${G22}`), 'GetAgency', { code })).response;
      assert.equal(agency.name, 'Sở Thông tin và Truyền thông tỉnh Nghệ An');
      assert.equal(agency.contact.organName, contact.organName);
      assert.equal(agency.contact.organAdd, contact.organAdd);
      assert.equal(agency.contact.telephone, contact.telephone);
      assert.equal(agency.active, true);
    });

    it('Health/Watch (server streaming) pushes SERVING for docexchange.v1.Exchange', async () => {
      const watch = new StreamCollector(callers.client('Health', transport, null).Watch({ service: 'docexchange.v1.Exchange' }));
      try {
        const [first] = await watch.until(() => true);
        assert.equal(first.status, 'SERVING');
      } finally {
        watch.cancel();
      }
    });

    it('fifty concurrent GetAgency calls multiplexed on one channel all answer', async () => {
      const registry = callers.client('Registry', transport, 'auditor');
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => unary(registry, 'GetAgency', { code: i % 2 ? G22 : H41 })));
      assert.deepEqual(answers.map((a) => a.response.code), Array.from({ length: 50 }, (_, i) => (i % 2 ? G22 : H41)));
    });

    it('GetAgency returns the sample agencies with their Vietnamese names', async () => {
      const registry = callers.client('Registry', transport, 'auditor');
      assert.equal((await unary(registry, 'GetAgency', { code: G22 })).response.name, 'Văn phòng Chính phủ');
      assert.equal((await unary(registry, 'GetAgency', { code: H41 })).response.name, 'UBND tỉnh Nghệ An');
    });

    it('a malformed agency code gets INVALID_ARGUMENT whose details give the expected form', async () => {
      const registry = callers.client('Registry', transport, 'operator');
      const error = await failure(unary(registry, 'RegisterAgency', { code: '000.00.1.G12', name: 'Sai mã' }));
      assert.equal(error.code, Status.INVALID_ARGUMENT);
      assert.match(error.details, /000\.00\.1\.G12/);
      assert.match(error.details, /DDD\.CC\.BB\.Xnn/);
    });
  });

  describe(`document exchange over ${transport}`, () => {
    it('client streaming: Send of a header and PDF chunks answers a document id and the SHA-256 of the bytes', async () => {
      const pdf = createPdf('Cong van so 7816/VPCP-TTDT', 40 * 1024);
      const sent = await send(callers.exchange(transport, G22), { messageId: messageId('send'), to: H41, pdf, chunkSize: 8 * 1024 });
      assert.match(sent.documentId, /^000\.00\.00\.G22,\d{4}\/\d{2}\/\d{2},\d+\/VPCP-TTĐT$/);
      assert.deepEqual(sent.recipients, [H41]);
      assert.equal(sent.parts.length, 1);
      assert.equal(sent.parts[0].kind, 'PART_KIND_MAIN_DOCUMENT');
      assert.equal(sent.parts[0].size, String(pdf.length));
      assert.deepEqual(sent.parts[0].sha256, sha256(pdf));
      assert.equal(sent.duplicate, false);
    });

    it('server streaming: SubscribeInbox pushes caught_up, then a new delivery live; Fetch streams the same bytes and the part_end SHA-256', async () => {
      const recipient = callers.exchange(transport, H41);
      const inbox = subscribeInbox(recipient);
      try {
        await inbox.until(isCaughtUp);
        const pdf = createPdf('Giay moi hop', 200 * 1024);
        const sent = await send(callers.exchange(transport, G22), { messageId: messageId('inbox'), to: H41, pdf });

        const events = await inbox.until((e) => e.delivery?.documentId === sent.documentId);
        const delivery = events.at(-1).delivery;
        assert.equal(delivery.kind, 'DELIVERY_KIND_DOCUMENT');
        assert.equal(delivery.pending, true);
        assert.equal(delivery.header.from.organId, G22);
        assert.equal(delivery.header.subject, 'Về việc triển khai trục liên thông văn bản');
        assert.ok(BigInt(events.at(-1).cursor) > 0n);

        const fetched = await fetchDocument(recipient, sent.documentId);
        assert.ok(fetched.chunkCount > 1, 'a 200 KiB document comes back in several chunks');
        assert.deepEqual(fetched.bytes, pdf);
        assert.equal(fetched.partEnds.length, 1);
        assert.equal(fetched.partEnds[0].partId, 'main');
        assert.deepEqual(fetched.partEnds[0].sha256, sha256(pdf));
      } finally {
        inbox.cancel();
      }
    });

    it('PostStatus 01 then 03 by the recipient reach the sender through WatchStatuses, in order', async () => {
      const sender = callers.exchange(transport, G22);
      const recipient = callers.exchange(transport, H41);
      const pdf = createPdf('Bao cao');
      const sent = await send(sender, { messageId: messageId('status'), to: H41, pdf });
      const watch = new StreamCollector(sender.WatchStatuses({}));
      try {
        await watch.until(isCaughtUp);
        await unary(recipient, 'PostStatus', { documentId: sent.documentId, statusCode: 'PROCESSING_STATUS_CODE_ARRIVED' });
        await unary(recipient, 'PostStatus', { documentId: sent.documentId, statusCode: 'PROCESSING_STATUS_CODE_ACCEPTED', description: 'Đã vào sổ' });

        const events = await watch.until((e) => e.status?.documentId === sent.documentId && e.status.statusCode === 'PROCESSING_STATUS_CODE_ACCEPTED');
        const statuses = events.filter((e) => e.status?.documentId === sent.documentId).map((e) => e.status);
        assert.deepEqual(statuses.map((s) => s.statusCode), ['PROCESSING_STATUS_CODE_ARRIVED', 'PROCESSING_STATUS_CODE_ACCEPTED']);
        assert.ok(statuses.every((s) => s.from.organId === H41));
        assert.equal(statuses[1].description, 'Đã vào sổ');
        assert.ok(BigInt(statuses[0].sequence) < BigInt(statuses[1].sequence));
      } finally {
        watch.cancel();
      }
    });

    it('compression: a gzip channel sends documents compressed on the wire and fetches them back intact', async () => {
      const proxy = await startByteCountingProxy(transport === 'mtls' ? server.tlsPort : server.plaintextPort);
      try {
        const sender = callers.exchange(transport, G22, { 'grpc.default_compression_algorithm': 2 }, proxy.port);
        // Repetitive content, so that gzip shrinks it a hundredfold. Two sends: after the first response
        // grpc-js keeps compressing only if the server's grpc-accept-encoding lists gzip.
        for (const text of ['Nen du lieu lan mot ', 'Nen du lieu lan hai ']) {
          const pdf = createPdf(text.repeat(20_000));
          proxy.reset();
          const sent = await send(sender, { messageId: messageId('gzip'), to: H41, pdf, chunkSize: 64 * 1024 });
          assert.deepEqual(sent.parts[0].sha256, sha256(pdf));
          assert.ok(proxy.counts.up < pdf.length / 10, `sent ${proxy.counts.up} bytes on the wire for a ${pdf.length}-byte document`);

          const fetched = await fetchDocument(callers.exchange(transport, H41, { 'grpc.default_compression_algorithm': 2 }), sent.documentId);
          assert.ok(fetched.bytes.equals(pdf), 'the fetched bytes equal the sent bytes');
        }
      } finally {
        await proxy.close();
      }
    });

    it('the byte count of an uncompressed send through the same relay exceeds the document (control for the gzip test)', async () => {
      const proxy = await startByteCountingProxy(transport === 'mtls' ? server.tlsPort : server.plaintextPort);
      try {
        const pdf = createPdf('Khong nen '.repeat(20_000));
        await send(callers.exchange(transport, G22, {}, proxy.port), { messageId: messageId('identity'), to: H41, pdf, chunkSize: 64 * 1024 });
        assert.ok(proxy.counts.up > pdf.length, `sent ${proxy.counts.up} bytes on the wire for a ${pdf.length}-byte document`);
      } finally {
        await proxy.close();
      }
    });
  });

  describe(`compression negotiation over ${transport}`, () => {
    it('a gzip message that inflates past the 4 MiB limit gets RESOURCE_EXHAUSTED', async () => {
      const pdf = createPdf('0'.repeat(5 * MiB));
      const exchange = callers.exchange(transport, G22, { 'grpc.default_compression_algorithm': 2 });
      const error = await failure(send(exchange, { messageId: messageId('bomb'), to: H41, pdf, chunkSize: pdf.length }));
      assert.equal(error.code, Status.RESOURCE_EXHAUSTED);
    });

    it('a deflate message (an encoding the server does not read) gets UNIMPLEMENTED naming the supported ones', async () => {
      const exchange = callers.exchange(transport, G22, { 'grpc.default_compression_algorithm': 1 });
      const error = await failure(send(exchange, { messageId: messageId('deflate'), to: H41, pdf: createPdf('Deflate') }));
      assert.equal(error.code, Status.UNIMPLEMENTED);
      assert.match(error.details, /'deflate'.*gzip/);
      assert.ok(server.running, 'the server process is still running');
    });
  });

  describe(`server reflection over ${transport}`, () => {
    for (const version of ['V1Alpha', 'V1']) {
      it(`bidirectional streaming: reflection ${version.toLowerCase()} lists docexchange.v1.Exchange, returns its file descriptor with dependencies, and NOT_FOUND for an unknown symbol`, async () => {
        const reflection = callers.client(`Reflection${version}`, transport, null);
        const call = reflection.ServerReflectionInfo();
        const stream = new StreamCollector(call);
        try {
          await write(call, { listServices: '' });
          const listed = (await stream.until((r) => r.messageResponse === 'listServicesResponse')).at(-1);
          const names = listed.listServicesResponse.service.map((s) => s.name);
          assert.ok(names.includes('docexchange.v1.Exchange'), `listed: ${names.join(', ')}`);
          assert.ok(names.includes('grpc.health.v1.Health'), `listed: ${names.join(', ')}`);

          await write(call, { fileContainingSymbol: 'docexchange.v1.Exchange' });
          const found = (await stream.until((r) => r.messageResponse === 'fileDescriptorResponse')).at(-1);
          assert.equal(found.originalRequest.fileContainingSymbol, 'docexchange.v1.Exchange');
          const files = found.fileDescriptorResponse.fileDescriptorProto.map(fileDescriptorName);
          // Answered with its transitive dependencies, so that a client can build the descriptors.
          for (const file of ['docexchange/v1/exchange.proto', 'docexchange/v1/common.proto', 'docexchange/v1/signing.proto', 'google/protobuf/timestamp.proto']) {
            assert.ok(files.includes(file), `${file} missing from: ${files.join(', ')}`);
          }

          await write(call, { fileContainingSymbol: 'docexchange.v1.NoSuchService' });
          const missing = (await stream.until((r) => r.messageResponse === 'errorResponse')).at(-1);
          assert.equal(missing.errorResponse.errorCode, Status.NOT_FOUND);
          call.end();
          await new Promise((resolve) => { if (stream.ended) resolve(); else call.once('end', resolve); });
          assert.equal(stream.error, null);
        } finally {
          if (!stream.ended) stream.cancel();
        }
      });
    }
  });

  describe(`deadlines, cancellation and metadata over ${transport}`, () => {
    it('SubscribeInbox with a 300 ms deadline ends with DEADLINE_EXCEEDED', async () => {
      const call = callers.exchange(transport, H41).SubscribeInbox({}, { deadline: Date.now() + 300 });
      const error = await streamFailure(call);
      assert.equal(error.code, Status.DEADLINE_EXCEEDED);
      // Which side ends the call first is a race (grpc-js also times out locally and resets the stream);
      // that the server enforces grpc-timeout by itself is the next test's subject.
    });

    it('a SubscribeInbox cancelled by the client ends CANCELLED locally, the server sees the cancellation and serves the next call', async () => {
      const client = callers.exchange(transport, H41);
      const correlationId = messageId('cancel');
      const inbox = subscribeInbox(client, {}, correlated(correlationId));
      await inbox.until(isCaughtUp);
      const failed = streamFailure(inbox.call);
      inbox.cancel();
      assert.equal((await failed).code, Status.CANCELLED);
      assert.equal((await server.callLog(correlationId)).GrpcStatus, 'Cancelled');

      const again = subscribeInbox(client);
      try {
        await again.until(isCaughtUp);
      } finally {
        again.cancel();
      }
    });

    it('a Send cancelled mid-upload stores nothing: the same message id then sends afresh', async () => {
      const exchange = callers.exchange(transport, G22);
      const pdf = createPdf('Huy giua chung', 256 * 1024);
      const id = messageId('cancelled-send');
      const number = `${transport}-cancelled`;
      let outcome = null;
      const call = exchange.Send((error) => { outcome = error; });
      await write(call, { header: sendHeader(id, H41, pdf, number) });
      await write(call, { chunk: { partId: 'main', data: pdf.subarray(0, 64 * 1024) } });
      call.cancel();
      await new Promise((resolve) => call.once('status', resolve));
      assert.equal(outcome.code, Status.CANCELLED);

      const sent = await send(exchange, { messageId: id, to: H41, pdf, number });
      assert.equal(sent.duplicate, false);
      assert.deepEqual(sent.parts[0].sha256, sha256(pdf));
    });

    it('a SubscribeInbox on a channel sending keepalive pings every second stays open and still receives a delivery', async () => {
      const keepalive = { 'grpc.keepalive_time_ms': 1_000, 'grpc.keepalive_timeout_ms': 1_000, 'grpc.keepalive_permit_without_calls': 1 };
      const inbox = subscribeInbox(callers.exchange(transport, H41, keepalive));
      try {
        await inbox.until(isCaughtUp);
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        const sent = await send(callers.exchange(transport, G22), { messageId: messageId('keepalive'), to: H41, pdf: createPdf('Ping') });
        await inbox.until((e) => e.delivery?.documentId === sent.documentId);
        assert.equal(inbox.error, null);
      } finally {
        inbox.cancel();
      }
    });

    it('the x-correlation-id request header is echoed in the response headers', async () => {
      const metadata = new grpc.Metadata();
      metadata.set('x-correlation-id', 'interop-123');
      const registry = callers.client('Registry', transport, `agency:${G22}`);
      const { response, metadata: headers } = await unary(registry, 'GetAgency', { code: G22 }, { metadata });
      assert.equal(response.code, G22);
      assert.deepEqual(headers.get('x-correlation-id'), ['interop-123']);
    });

    it('a custom binary (-bin) request header does not disturb a streaming Send', async () => {
      const metadata = new grpc.Metadata();
      metadata.set('x-interop-trace-bin', Buffer.from([0x00, 0xff, 0x10, 0x80, 0x0a]));
      const pdf = createPdf('Binary metadata');
      const sent = await send(callers.exchange(transport, G22), { messageId: messageId('bin'), to: H41, pdf, metadata });
      assert.deepEqual(sent.parts[0].sha256, sha256(pdf));
    });
  });

  describe(`error statuses over ${transport}`, () => {
    it('a duplicate document number gets ALREADY_EXISTS with UTF-8 details (percent-encoded grpc-message) intact', async () => {
      const exchange = callers.exchange(transport, G22);
      const pdf = createPdf('Trung so');
      const number = `${transport}-dup`;
      await send(exchange, { messageId: messageId('dup-1'), to: H41, pdf, number });
      const error = await failure(send(exchange, { messageId: messageId('dup-2'), to: H41, pdf, number }));
      assert.equal(error.code, Status.ALREADY_EXISTS);
      assert.match(error.details, new RegExp(`${number}/VPCP-TTĐT`));
    });

    it('a Send refused on its header while 12 MiB are still uploading reports the refusal, not a transport error', async () => {
      const pdf = createPdf('Mao danh', 12 * MiB);
      const exchange = callers.exchange(transport, G22);
      const error = await failure(send(exchange, { messageId: messageId('impersonate'), from: H41, to: G22, pdf, chunkSize: MiB }));
      assert.equal(error.code, Status.PERMISSION_DENIED);
      assert.match(error.details, /can send only as itself/);
      const sent = await send(exchange, { messageId: messageId('after-refusal'), to: H41, pdf: createPdf('Sau khi bi tu choi') });
      assert.equal(sent.recipients[0], H41);
    });

    it('an unknown method gets UNIMPLEMENTED', async () => {
      const client = callers.raw(transport);
      const error = await failure(new Promise((resolve, reject) => {
        client.makeUnaryRequest('/docexchange.v1.Exchange/NoSuchMethod', (b) => b, (b) => b, Buffer.alloc(0),
          { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r)));
      }));
      assert.equal(error.code, Status.UNIMPLEMENTED);
    });

    it('an agency calling RegisterAgency gets PERMISSION_DENIED, with the correlation id in the error metadata', async () => {
      const registry = callers.client('Registry', transport, `agency:${G22}`);
      const error = await failure(unary(registry, 'RegisterAgency', { code: '000.00.20.G22', name: 'Không được phép' }, { metadata: correlated('interop-denied') }));
      assert.equal(error.code, Status.PERMISSION_DENIED);
      assert.match(error.details, /operator/);
      assert.deepEqual(error.metadata.get('x-correlation-id'), ['interop-denied']);
    });
  });
}

describe('deadline enforced by the server', () => {
  it('a raw HTTP/2 SubscribeInbox with grpc-timeout 300m and no client-side timer gets grpc-status 4 (DEADLINE_EXCEEDED) from the server', async () => {
    // node:http2 has no gRPC deadline of its own, so only the server can end this call.
    const session = http2.connect(`http://${server.plaintextAddress}`);
    try {
      const stream = session.request({
        ':method': 'POST',
        ':path': '/docexchange.v1.Exchange/SubscribeInbox',
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-timeout': '300m',
        'x-docexchange-dev-caller': `agency:${H41}`,
      });
      stream.end(Buffer.alloc(5)); // one uncompressed, empty SubscribeInboxRequest
      const status = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the server did not end the call within 10 s')), 10_000);
        stream.on('data', () => {});
        stream.on('trailers', (trailers) => { clearTimeout(timer); resolve(trailers['grpc-status']); });
        stream.on('error', reject);
      });
      assert.equal(status, String(Status.DEADLINE_EXCEEDED));
    } finally {
      session.close();
    }
  });
});

describe('authentication', () => {
  it('Send over TLS without a client certificate gets UNAUTHENTICATED', async () => {
    const anonymous = callers.client('Exchange', 'mtls', null);
    const pdf = createPdf('Khong danh tinh');
    const error = await failure(send(anonymous, { messageId: messageId('anon'), to: H41, pdf }));
    assert.equal(error.code, Status.UNAUTHENTICATED);
  });

  it('Send over h2c without the development caller header gets UNAUTHENTICATED', async () => {
    const anonymous = callers.client('Exchange', 'h2c', null);
    const pdf = createPdf('Khong danh tinh');
    const error = await failure(send(anonymous, { messageId: messageId('anon'), to: H41, pdf }));
    assert.equal(error.code, Status.UNAUTHENTICATED);
  });
});

describe('message size', () => {
  for (const transport of transports) {
    it(`a single 5 MiB Send chunk over ${transport} (over the 4 MiB limit) gets RESOURCE_EXHAUSTED and the server keeps serving`, async () => {
      const pdf = createPdf('Qua lon', 5 * MiB);
      const exchange = callers.exchange(transport, G22);
      const error = await failure(send(exchange, { messageId: messageId('huge'), to: H41, pdf, chunkSize: pdf.length }));
      assert.equal(error.code, Status.RESOURCE_EXHAUSTED);
      assert.match(error.details, /4194304/);
      assert.ok(server.running, 'the server process is still running');
      const small = createPdf('Vua du');
      const sent = await send(exchange, { messageId: messageId('after-huge'), to: H41, pdf: small });
      assert.deepEqual(sent.parts[0].sha256, sha256(small));
    });
  }

  for (const transport of transports) {
    it(`a 12 MiB document sent over ${transport} in 1 MiB chunks is stored and fetched back intact`, async () => {
      const pdf = createPdf('Tai lieu lon', 12 * MiB);
      const sent = await send(callers.exchange(transport, G22), { messageId: messageId('big'), to: H41, pdf, chunkSize: MiB });
      assert.equal(sent.parts[0].size, String(pdf.length));
      assert.deepEqual(sent.parts[0].sha256, sha256(pdf));
      const fetched = await fetchDocument(callers.exchange(transport, H41), sent.documentId);
      assert.equal(fetched.bytes.length, pdf.length);
      assert.ok(fetched.bytes.equals(pdf), 'the fetched bytes equal the sent bytes');
      assert.deepEqual(fetched.partEnds[0].sha256, sha256(pdf));
    });
  }
});

/** The name (field 1) of a serialized google.protobuf.FileDescriptorProto. */
function fileDescriptorName(bytes) {
  assert.equal(bytes[0], 0x0a, 'a FileDescriptorProto starts with its name (field 1, length-delimited)');
  let length = 0;
  let shift = 0;
  let i = 1;
  for (; bytes[i] & 0x80; i++, shift += 7) length |= (bytes[i] & 0x7f) << shift;
  length |= bytes[i] << shift;
  return bytes.subarray(i + 1, i + 1 + length).toString('utf8');
}
