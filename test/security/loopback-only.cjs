// Preloaded into tools the tests run that would otherwise reach the internet (the Electron
// scanner fetches translations and release lists): every connection and name lookup that is
// not for this computer fails at once, so nothing leaves the machine.
const net = require('node:net');
const dns = require('node:dns');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function refuse(host) {
  const error = new Error(`Network access to ${host} is not allowed in tests.`);
  error.code = 'ENETUNREACH';
  return error;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const options =
    typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  const host = options.host ?? 'localhost';
  if (!options.path && !LOOPBACK.has(host) && !host.startsWith('127.')) {
    process.nextTick(() => this.destroy(refuse(host)));
    return this;
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (!LOOPBACK.has(hostname) && !String(hostname).startsWith('127.')) {
    process.nextTick(() => done(refuse(hostname)));
    return {};
  }
  return originalLookup.call(this, hostname, options, callback);
};
