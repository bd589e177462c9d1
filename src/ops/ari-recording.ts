/**
 * fetchRecording for the ops server on a real Asterisk: a stored recording's
 * audio from ARI (GET /recordings/stored/{name}/file, Basic auth). Bounded
 * in size and time, since a voice note is a few seconds of speech and a
 * stuck request must not hold an ops page open forever.
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../clock/clock.js';
import { recordingNameProblem } from './recording-name.js';

/** Options for ariRecordingFetcher. */
export interface AriRecordingOptions {
  /** ARI base URL ending in /ari. */
  url: string;
  username: string;
  password: string;
  clock: Clock;
  timeoutMs?: number;
  /** Refuse larger files (default 10 MB: minutes of 8 kHz audio). */
  maxBytes?: number;
}

/** Returns a fetchRecording that reads stored recordings from ARI. */
export function ariRecordingFetcher(o: AriRecordingOptions): (name: string) => Promise<Buffer> {
  const base = o.url.replace(/\/+$/, '');
  const auth = 'Basic ' + Buffer.from(`${o.username}:${o.password}`).toString('base64');
  const maxBytes = o.maxBytes ?? 10 * 1024 * 1024;
  const transport = base.startsWith('https:') ? https : http;
  return (name) =>
    new Promise<Buffer>((resolve, reject) => {
      // Checked here too, so this fetcher is safe whoever calls it.
      const problem = recordingNameProblem(name);
      if (problem) return reject(new Error(`recording name refused: ${problem}`));
      const release = o.clock.hold('ari-recording');
      const timer = o.clock.setTimeout(() => {
        done(new Error('timed out fetching the recording'));
        req.destroy();
      }, o.timeoutMs ?? 10_000);
      let settled = false;
      const done = (err: Error | undefined, body?: Buffer): void => {
        if (settled) return;
        settled = true;
        o.clock.clearTimeout(timer);
        release();
        if (err) reject(err);
        else resolve(body as Buffer);
      };
      const req = transport.get(`${base}/recordings/stored/${encodeURIComponent(name)}/file`, { headers: { authorization: auth } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return done(new Error(`ARI answered ${res.statusCode ?? '?'} for the recording`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= maxBytes) return void chunks.push(c);
          done(new Error(`recording larger than ${maxBytes} bytes`));
          req.destroy();
        });
        res.on('end', () => done(undefined, Buffer.concat(chunks)));
        res.on('error', (err) => done(err));
      });
      req.on('error', (err) => done(err));
    });
}
