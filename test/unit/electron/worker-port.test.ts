import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { workerPort } from '../../../electron/host/worker-port';

test('in a utility process the port is process.parentPort, and messages arrive unwrapped from { data }', () => {
  const parentPort = Object.assign(new EventEmitter(), { posted: [] as unknown[], postMessage(m: unknown) { this.posted.push(m); } });
  const proc = Object.assign(new EventEmitter(), { parentPort, send: () => assert.fail('process.send must not be used') });
  const port = workerPort(proc as unknown as NodeJS.Process);
  assert.equal(port.kind, 'parent-port');
  const got: unknown[] = [];
  port.onMessage((m) => got.push(m));
  parentPort.emit('message', { data: { kind: 'request', id: 1 }, ports: [] });
  proc.emit('message', 'ignored: not the channel in use');
  port.post({ kind: 'ready' });
  assert.deepEqual(got, [{ kind: 'request', id: 1 }]);
  assert.deepEqual(parentPort.posted, [{ kind: 'ready' }]);
});

test('under child_process.fork it is process.send and process "message"', () => {
  const sent: unknown[] = [];
  const proc = Object.assign(new EventEmitter(), { parentPort: null, send: (m: unknown) => sent.push(m) });
  const port = workerPort(proc as unknown as NodeJS.Process);
  assert.equal(port.kind, 'node-ipc');
  const got: unknown[] = [];
  port.onMessage((m) => got.push(m));
  proc.emit('message', { kind: 'request', id: 2 });
  port.post({ kind: 'ready' });
  assert.deepEqual(got, [{ kind: 'request', id: 2 }]);
  assert.deepEqual(sent, [{ kind: 'ready' }]);
});

test('without any channel (run by hand) posting is a no-op rather than a crash', () => {
  const port = workerPort(new EventEmitter() as unknown as NodeJS.Process);
  assert.equal(port.kind, 'node-ipc');
  assert.doesNotThrow(() => port.post({ kind: 'ready' }));
});
