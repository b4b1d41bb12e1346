'use strict';
// Our public contract (protos/ at the repository root), loaded by @grpc/proto-loader exactly as any
// Node client of DocExchange would load it: camelCase fields, int64 as strings, enums as names.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const protoRoot = path.join(repoRoot, 'protos');

const files = [
  'docexchange/v1/common.proto',
  'docexchange/v1/exchange.proto',
  'docexchange/v1/registry.proto',
  'docexchange/v1/signing.proto',
  'docexchange/v1/audit.proto',
  'grpc/health/v1/health.proto',
  'grpc/reflection/v1alpha/reflection.proto',
  'grpc/reflection/v1/reflection.proto',
];

const definition = protoLoader.loadSync(files, {
  includeDirs: [protoRoot],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});

const loaded = grpc.loadPackageDefinition(definition);

module.exports = {
  repoRoot,
  services: {
    Exchange: loaded.docexchange.v1.Exchange,
    Registry: loaded.docexchange.v1.Registry,
    Health: loaded.grpc.health.v1.Health,
    ReflectionV1Alpha: loaded.grpc.reflection.v1alpha.ServerReflection,
    ReflectionV1: loaded.grpc.reflection.v1.ServerReflection,
  },
};
