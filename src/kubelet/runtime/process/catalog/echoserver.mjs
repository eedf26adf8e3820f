// Stand-in for registry.k8s.io/echoserver (and e2e-test-images/echoserver): what it really does —
// HTTP on POD_IP port 8080 (PORT overrides); every request is answered 200 text/plain with the
// request's details in echoserver's layout (hostname, pod information from the NODE_NAME,
// POD_NAME, POD_NAMESPACE, POD_IP env vars when set, request line, headers, body).
// Not done: the 8443 TLS listener.
import { createServer } from 'node:http';
import { exitOnSignals, hostname, listen, podIP } from './support.mjs';

const port = Number(process.env.PORT || 8080);

function podInformation() {
  const e = process.env;
  if (!e.NODE_NAME && !e.POD_NAME && !e.POD_NAMESPACE) return '\t-no pod information available-';
  return [`\tnode name:\t${e.NODE_NAME ?? ''}`, `\tpod name:\t${e.POD_NAME ?? ''}`, `\tpod namespace:\t${e.POD_NAMESPACE ?? ''}`, `\tpod IP:\t${e.POD_IP ?? ''}`].join('\n');
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const [path, query = ''] = (req.url ?? '/').split('?', 2);
    const headers = Object.keys(req.headers).sort().map((k) => `\t${k}=${req.headers[k]}`).join('\n');
    const text = [
      '', '', `Hostname: ${hostname}`, '', 'Pod Information:', podInformation(), '',
      'Server values:', '\tserver_version=nginx: 1.13.3 - lua: 10008', '',
      'Request Information:', `\tclient_address=${req.socket.remoteAddress}`, `\tmethod=${req.method}`, `\treal path=${path}`,
      `\tquery=${query}`, `\trequest_version=${req.httpVersion}`, '\trequest_scheme=http', `\trequest_uri=http://${req.headers.host ?? `${podIP}:${port}`}${req.url}`, '',
      'Request Headers:', headers, '',
      'Request Body:', body ? `\t${body}` : '\t-no body in request-', '', '',
    ].join('\n');
    res.writeHead(200, { 'Content-Type': 'text/plain', Server: 'echoserver' });
    res.end(text);
    process.stdout.write(`${req.socket.remoteAddress} - - "${req.method} ${req.url} HTTP/${req.httpVersion}" 200 ${Buffer.byteLength(text)} "-" "${req.headers['user-agent'] ?? '-'}"\n`);
  });
});

listen(server, port, (e) => process.stderr.write(`nginx: [emerg] bind() to ${podIP}:${port} failed (${e.message})\n`));
exitOnSignals(server);
