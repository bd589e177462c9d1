/**
 * The live page's files (src/ops/page/: plain HTML, CSS and one script, no
 * build step). Served without the token: they hold no data, and the browser
 * cannot send a token before the page has read it from the URL fragment.
 * Only the listed files are served, so no path can reach anything else.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { send } from './http-util.js';
import type { Route } from './route.js';

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

const FILES: Record<string, { file: string; type: string }> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'page/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'page/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

// The page loads only its own files and talks only to this server; voice notes play from blob: URLs.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src 'self' blob:; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves the live page. */
export const pageRoutes: Route = async ({ req, res, parts }) => {
  if (req.method !== 'GET') return false;
  const f = FILES[parts.join('/')];
  if (!f) return false;
  const body = await readFile(PAGE_DIR + f.file);
  send(res, 200, f.type, body, { 'content-security-policy': CSP });
  return true;
};
