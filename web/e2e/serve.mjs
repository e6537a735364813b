// Tiny static server for web/dist with history-API fallback (like `jobrec serve`):
// files under dist are served as-is, any other non-/api path gets index.html,
// /api/* answers 404 in the server's error format (tests mock the API in the browser).
//
//   node e2e/serve.mjs [port]        (default 4173, binds 127.0.0.1 only)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

async function fileFor(urlPath) {
  const p = normalize(join(root, decodeURIComponent(urlPath)));
  if (!p.startsWith(root)) return null;
  try {
    if ((await stat(p)).isFile()) return p;
  } catch {
    /* not there */
  }
  return null;
}

export function startServer(port = 4173) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/api/')) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'No API in the static server' } }));
      return;
    }
    const file = (await fileFor(path)) ?? join(root, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('web/dist is missing: run npm run build first');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 4173);
  await startServer(port);
  console.log(`serving ${root} on http://127.0.0.1:${port}/`);
}
