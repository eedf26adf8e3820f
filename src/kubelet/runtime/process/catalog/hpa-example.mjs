// Stand-in for registry.k8s.io/hpa-example (Apache + PHP, the HorizontalPodAutoscaler walkthrough
// image): what it really does — HTTP on POD_IP port 80; each request runs the image's index.php
// loop (x = 0.0001; a million and one times x += sqrt(x)) on the CPU and answers "OK!", so load
// on the Service turns into CPU usage the kubelet's stats (and so an HPA) can see.
// Node computes the loop faster than PHP 5; ROUNDS (env HPA_EXAMPLE_ROUNDS, default 20) repeats
// it to cost a comparable few tens of milliseconds of CPU per request.
import { createServer } from 'node:http';
import { exitOnSignals, listen, podIP } from './support.mjs';

const rounds = Number(process.env.HPA_EXAMPLE_ROUNDS || 20);

function work() {
  let x = 0.0001;
  for (let r = 0; r < rounds; r++) {
    x = 0.0001;
    for (let i = 0; i <= 1000000; i++) x += Math.sqrt(x);
  }
  return x;
}

const server = createServer((req, res) => {
  work();
  res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', Server: 'Apache/2.4.10 (Debian)', 'X-Powered-By': 'PHP/5.6.40' });
  res.end('OK!');
});

listen(server, 80, (e) => process.stderr.write(`(13)Permission denied: AH00072: make_sock: could not bind to address ${podIP}:80 (${e.message})\n`));
server.on('listening', () => process.stderr.write(`AH00558: apache2: Could not reliably determine the server's fully qualified domain name\n`));
exitOnSignals(server);
