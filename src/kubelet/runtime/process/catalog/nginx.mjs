// Stand-in for the nginx image (docker.io/library/nginx): what it really does —
// - prints the image's entrypoint lines, then serves HTTP/1.1 on POD_IP, port 80 (or the first
//   `listen N;` of a mounted /etc/nginx/conf.d/*.conf);
// - GET/HEAD of static files from /usr/share/nginx/html when a volume is mounted there, else
//   nginx's default welcome page at / ; directories serve index.html; missing files get nginx's
//   404 page; other methods get 405;
// - an access log line in nginx's "combined" format (+ x-forwarded-for) on stdout per request;
// - SIGTERM/SIGINT/SIGQUIT close the listener and exit 0.
// Not done: the rest of nginx.conf (proxy_pass, rewrites, TLS), gzip, ranges.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { exitOnSignals, listen, mountedDir, podIP } from './support.mjs';

const VERSION = '1.27.5';
const WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;
const TYPES = { '.html': 'text/html', '.htm': 'text/html', '.css': 'text/css', '.js': 'application/javascript', '.json': 'application/json', '.txt': 'text/plain', '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };
const errorPage = (code, text) => `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx/${VERSION}</center>\r\n</body>\r\n</html>\r\n`;

function configuredPort() {
  const dir = mountedDir('/etc/nginx/conf.d');
  if (!dir) return 80;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.conf')).sort()) {
    const m = /^\s*listen\s+(?:[\d.]+:)?(\d+)/m.exec(readFileSync(join(dir, f), 'utf8'));
    if (m) return Number(m[1]);
  }
  return 80;
}

const root = mountedDir('/usr/share/nginx/html');
const port = configuredPort();
const stamp = () => new Date().toISOString().replace(/-/g, '/').replace('T', ' ').slice(0, 19);
const clf = (d) => {
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${m}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

function lookup(urlPath) {
  if (!root) return urlPath === '/' || urlPath === '/index.html' ? { body: Buffer.from(WELCOME), type: 'text/html', mtime: new Date(0) } : undefined;
  let file = normalize(join(root, decodeURIComponent(urlPath)));
  if (!file.startsWith(root)) return undefined;
  try {
    let st = statSync(file);
    if (st.isDirectory()) { file = join(file, 'index.html'); st = statSync(file); }
    return { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream', mtime: st.mtime };
  } catch {
    return undefined;
  }
}

const server = createServer((req, res) => {
  const urlPath = (req.url ?? '/').split('?')[0];
  let status = 200;
  let body;
  res.setHeader('Server', `nginx/${VERSION}`);
  res.setHeader('Date', new Date().toUTCString());
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    status = 405; body = Buffer.from(errorPage(405, 'Not Allowed')); res.setHeader('Content-Type', 'text/html');
  } else {
    const found = lookup(urlPath);
    if (!found) { status = 404; body = Buffer.from(errorPage(404, 'Not Found')); res.setHeader('Content-Type', 'text/html'); }
    else {
      body = found.body;
      res.setHeader('Content-Type', found.type);
      res.setHeader('Last-Modified', found.mtime.toUTCString());
      res.setHeader('Accept-Ranges', 'bytes');
    }
  }
  res.setHeader('Content-Length', body.length);
  res.writeHead(status);
  res.end(req.method === 'HEAD' ? undefined : body);
  const addr = req.socket.remoteAddress ?? '-';
  process.stdout.write(`${addr} - - [${clf(new Date())}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${body.length} "${req.headers.referer ?? '-'}" "${req.headers['user-agent'] ?? '-'}" "${req.headers['x-forwarded-for'] ?? '-'}"\n`);
});

process.stdout.write('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n');
process.stdout.write('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
listen(server, port, (e) => {
  process.stderr.write(`${stamp()} [emerg] 1#1: bind() to ${podIP}:${port} failed (${e.code === 'EACCES' ? '13: Permission denied' : e.code === 'EADDRINUSE' ? '98: Address already in use' : e.message})\n`);
  process.stderr.write(`nginx: [emerg] bind() to ${podIP}:${port} failed\n`);
});
server.on('listening', () => {
  process.stderr.write(`${stamp()} [notice] 1#1: using the "epoll" event method\n`);
  process.stderr.write(`${stamp()} [notice] 1#1: nginx/${VERSION}\n`);
  process.stderr.write(`${stamp()} [notice] 1#1: start worker processes\n`);
});
exitOnSignals(server);
