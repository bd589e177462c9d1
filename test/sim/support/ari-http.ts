/** Minimal ARI REST client over node:http, for simulator tests (no repo client code). */
import http from 'node:http';

/** A REST reply. */
export interface RestReply {
  status: number;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/** Sends ARI requests with Basic auth (or none, or api_key in the path). */
export class AriHttp {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: { username: string; password: string } | undefined,
  ) {}

  /** METHOD baseUrl+path; body is sent as JSON when given. */
  request(method: string, path: string, body?: unknown): Promise<RestReply> {
    return this.raw(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  /** Sends a body exactly as given, with the given content type. */
  raw(method: string, path: string, payload: string | undefined, contentType: string): Promise<RestReply> {
    const url = new URL(this.baseUrl + path);
    const headers: Record<string, string> = {};
    if (this.auth) headers.Authorization = 'Basic ' + Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64');
    if (payload !== undefined) {
      headers['Content-Type'] = contentType;
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          if (text.length > 0) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}
