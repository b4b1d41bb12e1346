'use strict';
// Starts the real, built DocExchange server as a child process on free loopback ports, with a fresh data
// directory and the sample certificates, and stops it again (SIGTERM, then SIGKILL).
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const { repoRoot, services } = require('./protos');

const samplePassword = 'docexchange-sample';
const certsDir = path.join(repoRoot, 'certs-sample');
const startTimeoutMs = 30_000;
const stopTimeoutMs = 5_000;

function serverDll() {
  const config = process.env.DOCEXCHANGE_CONFIG || 'Release';
  const dll = path.join(repoRoot, 'src', 'DocExchange.Server', 'bin', config, 'net10.0', 'DocExchange.Server.dll');
  if (!fs.existsSync(dll)) {
    throw new Error(`The DocExchange server is not built (${dll} is missing): run \`dotnet build -c ${config}\` first.`);
  }
  return dll;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The PEM private key inside a sample PKCS#12 file, written by openssl (Node cannot read PKCS#12 keys). */
function extractPemKey(pfxName, directory) {
  const out = path.join(directory, pfxName.replace(/\.pfx$/, '.key.pem'));
  execFileSync('openssl', ['pkcs12', '-in', path.join(certsDir, pfxName), '-nocerts', '-nodes',
    '-passin', `pass:${samplePassword}`, '-out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return fs.readFileSync(out);
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function checkHealth(address) {
  const client = new services.Health(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.Check({ service: '' }, { deadline: Date.now() + 1_000 }, (error, response) => {
      client.close();
      resolve(error ? null : response.status);
    });
  });
}

class DocExchangeProcess {
  constructor() {
    this.child = null;
    this.output = '';
    this.exited = null;
    this.dataDirectory = null;
    this.tempDirectory = null;
  }

  /** Starts the server and resolves once grpc.health.v1.Health/Check answers SERVING on both ports. */
  async start() {
    const dll = serverDll();
    this.tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'docexchange-interop-'));
    this.dataDirectory = path.join(this.tempDirectory, 'data');
    this.tlsPort = await freePort();
    this.plaintextPort = await freePort();
    this.tlsAddress = `127.0.0.1:${this.tlsPort}`;
    this.plaintextAddress = `127.0.0.1:${this.plaintextPort}`;
    this.keys = {};
    for (const name of ['agency-G22', 'agency-H41', 'operator', 'auditor']) {
      this.keys[name] = { key: extractPemKey(`${name}.pfx`, this.tempDirectory), cert: fs.readFileSync(path.join(certsDir, `${name}.crt`)) };
    }
    this.rootCa = fs.readFileSync(path.join(certsDir, 'root-ca.crt'));

    const args = [
      dll,
      `--DocExchange:DataDirectory=${this.dataDirectory}`,
      `--DocExchange:Listen:TlsPort=${this.tlsPort}`,
      `--DocExchange:Tls:CertificatePath=${path.join(certsDir, 'server.pfx')}`,
      `--DocExchange:Tls:CertificatePassword=${samplePassword}`,
      `--DocExchange:Tls:ClientCaPath=${path.join(certsDir, 'root-ca.crt')}`,
      '--DocExchange:Development:PlaintextLoopback=true',
      `--DocExchange:Development:PlaintextPort=${this.plaintextPort}`,
      `--DocExchange:Audit:KeyPassword=${samplePassword}`,
    ];
    this.child = spawn('dotnet', args, {
      cwd: this.tempDirectory,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    });
    const keep = (chunk) => { this.output = (this.output + chunk.toString()).slice(-20_000); };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exitedPromise = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      this.exited = { code, signal };
      resolve();
    }));
    this.killOnExit = () => { if (!this.exited) this.child.kill('SIGKILL'); };
    process.once('exit', this.killOnExit);

    const until = Date.now() + startTimeoutMs;
    while (Date.now() < until) {
      if (this.exited) {
        throw new Error(`The DocExchange server exited during start-up (${JSON.stringify(this.exited)}):\n${this.output}`);
      }
      if (await checkHealth(this.plaintextAddress) === 'SERVING') {
        return;
      }
      await delay(200);
    }
    throw new Error(`The DocExchange server did not answer SERVING within ${startTimeoutMs} ms:\n${this.output}`);
  }

  /** Stops the server (SIGTERM, then SIGKILL when it lingers) and deletes its temporary directory. */
  async stop() {
    if (this.child && !this.exited) {
      this.child.kill('SIGTERM');
      const stopped = await Promise.race([this.exitedPromise.then(() => true), delay(stopTimeoutMs).then(() => false)]);
      if (!stopped) {
        this.child.kill('SIGKILL');
        await this.exitedPromise;
      }
    }
    if (this.killOnExit) process.removeListener('exit', this.killOnExit);
    if (this.tempDirectory) fs.rmSync(this.tempDirectory, { recursive: true, force: true });
  }

  /**
   * The server's own record of a call: the JSON log event (logs/docexchange-*.log) in which it logged
   * the call's end, found by the correlation id the test sent. Waits for it up to `timeoutMs`, since the
   * server logs once the handler has unwound.
   */
  async callLog(correlationId, timeoutMs = 5_000) {
    const logs = path.join(this.dataDirectory, 'logs');
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const file of fs.existsSync(logs) ? fs.readdirSync(logs) : []) {
        for (const line of fs.readFileSync(path.join(logs, file), 'utf8').split('\n')) {
          if (!line.includes(correlationId)) continue;
          const event = JSON.parse(line);
          if (event.Properties?.CorrelationId === correlationId && event.Properties.GrpcStatus !== undefined) {
            return event.Properties;
          }
        }
      }
      if (Date.now() > until) {
        throw new Error(`the server logged no end of the call with correlation id ${correlationId} within ${timeoutMs} ms`);
      }
      await delay(100);
    }
  }

  /** Whether the process is still alive (the tests check that bad input never brings it down). */
  get running() {
    return this.child !== null && this.exited === null;
  }
}

module.exports = { DocExchangeProcess };
