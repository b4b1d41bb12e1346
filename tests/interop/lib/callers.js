'use strict';
// grpc-js clients of the running server, as a given caller, over either transport:
// - 'mtls': the TLS port, the caller proven by its sample client certificate;
// - 'h2c': the development plaintext port, the caller named by the x-docexchange-dev-caller header.
const grpc = require('@grpc/grpc-js');
const { services } = require('./protos');

const G22 = '000.00.00.G22';
const H41 = '000.00.00.H41';
const transports = ['mtls', 'h2c'];
// The server certificate names localhost and 127.0.0.1; TLS SNI must carry a host name, not an IP.
const tlsOptions = { 'grpc.ssl_target_name_override': 'localhost' };

/** Adds the development caller header to every call of a channel. */
function devCallerInterceptor(caller) {
  return (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('x-docexchange-dev-caller', caller);
      next(metadata, listener);
    },
  });
}

class Callers {
  constructor(server) {
    this.server = server;
    this.clients = [];
  }

  /**
   * A client of `service` ('Exchange', 'Registry', 'Health', 'ReflectionV1Alpha', 'ReflectionV1').
   * `caller` is 'agency:<code>', 'operator', 'auditor', or null for an anonymous caller (no client
   * certificate, no header). `options` are extra grpc-js channel options; `port` replaces the
   * transport's port (to go through a proxy).
   */
  client(service, transport, caller, options = {}, port = undefined) {
    const Client = services[service];
    let client;
    if (transport === 'mtls') {
      const address = `127.0.0.1:${port ?? this.server.tlsPort}`;
      client = new Client(address, this.tlsCredentials(caller), { ...tlsOptions, ...options });
    } else if (transport === 'h2c') {
      const interceptors = caller ? [devCallerInterceptor(caller)] : [];
      const address = `127.0.0.1:${port ?? this.server.plaintextPort}`;
      client = new Client(address, grpc.credentials.createInsecure(), { ...options, interceptors });
    } else {
      throw new Error(`unknown transport ${transport}`);
    }
    this.clients.push(client);
    return client;
  }

  /** A generic client, for calls by raw path. */
  raw(transport) {
    const client = transport === 'mtls'
      ? new grpc.Client(this.server.tlsAddress, this.tlsCredentials('operator'), tlsOptions)
      : new grpc.Client(this.server.plaintextAddress, grpc.credentials.createInsecure());
    this.clients.push(client);
    return client;
  }

  exchange(transport, agencyCode, options, port) {
    return this.client('Exchange', transport, `agency:${agencyCode}`, options, port);
  }

  tlsCredentials(caller) {
    if (caller === null) {
      return grpc.credentials.createSsl(this.server.rootCa);
    }
    const name = caller.startsWith('agency:') ? `agency-${caller.slice(-3)}` : caller;
    const pair = this.server.keys[name];
    if (!pair) throw new Error(`no sample certificate for ${caller}`);
    return grpc.credentials.createSsl(this.server.rootCa, pair.key, pair.cert);
  }

  closeAll() {
    for (const client of this.clients) client.close();
    this.clients = [];
  }
}

module.exports = { Callers, G22, H41, transports };
