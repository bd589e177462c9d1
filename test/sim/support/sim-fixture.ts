/** A started simulator on a virtual clock, with a raw REST client and an event socket. */
import { VirtualClock } from '../../../src/clock/index.js';
import { SimulatedAsterisk, type CallEnd, type SimCall, type SimulatedAsteriskOptions } from '../../../src/sim/index.js';
import { AriHttp } from './ari-http.js';
import { EventRecorder } from './event-recorder.js';

/** Credentials every fixture uses. */
export const USER = 'sim-user';
export const PASS = 'sim-secret';

/** Everything a simulator test needs. */
export interface SimFixture {
  clock: VirtualClock;
  sim: SimulatedAsterisk;
  http: AriHttp;
  /** Socket for the app (undefined when opened with connect: false). */
  events: EventRecorder;
  /** Advances virtual time until cond holds (fails after maxMs of virtual time). */
  runUntil(cond: () => boolean, maxMs?: number): Promise<number>;
  /** Runs the clock until the call has ended; resolves with how it ended. */
  untilEnded(call: SimCall, maxMs?: number): Promise<CallEnd>;
  /** Closes the socket and stops the simulator. */
  close(): Promise<void>;
}

/** Options for startSim. */
export interface FixtureOptions extends Partial<Pick<SimulatedAsteriskOptions, 'soundLengths' | 'soundsDir' | 'restOverWebSocket'>> {
  app?: string;
  connect?: boolean;
}

/** Starts a simulator on a fresh virtual clock and connects the app's event socket. */
export async function startSim(opts: FixtureOptions = {}): Promise<SimFixture> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  const sim = new SimulatedAsterisk({ clock, username: USER, password: PASS, soundLengths: opts.soundLengths, soundsDir: opts.soundsDir, restOverWebSocket: opts.restOverWebSocket });
  await sim.start();
  const http = new AriHttp(sim.url, { username: USER, password: PASS });
  const events = opts.connect === false ? (undefined as unknown as EventRecorder) : await EventRecorder.open(sim.url, opts.app ?? 'hotline', `${USER}:${PASS}`);
  return {
    clock,
    sim,
    http,
    events,
    runUntil: (cond, maxMs = 600_000) => clock.runUntil(cond, { maxMs }),
    untilEnded: async (call, maxMs = 600_000) => {
      let end: CallEnd | undefined;
      void call.ended.then((e) => {
        end = e;
      });
      await clock.runUntil(() => end !== undefined, { maxMs });
      return end as CallEnd;
    },
    close: async () => {
      if (events) await events.close();
      await sim.stop();
    },
  };
}
