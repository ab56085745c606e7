// A request-timing client on its own thread (own event loop and heap), as kubectl is its own process: the
// control-plane benchmark's latencies are then the server's, not the cost of the client's garbage collection.
// Plain JavaScript so the worker needs no TypeScript loader. Input: { url, headers, method, body, n, warmup }.
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function once(i) {
  const { url, headers, method, body } = workerData;
  const payload = body && body.replace('{i}', String(i));
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const req = http.request(url, { agent, method: method || 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 400 ? resolve(Number(process.hrtime.bigint() - t) / 1e6) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

(async () => {
  for (let i = 0; i < (workerData.warmup || 20); i++) await once(i);
  const samples = [];
  for (let i = 0; i < workerData.n; i++) samples.push(await once(i));
  agent.destroy();
  parentPort.postMessage(samples);
})().catch((e) => parentPort.postMessage({ error: String(e && e.message || e) }));
