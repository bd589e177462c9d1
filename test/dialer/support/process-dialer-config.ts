/**
 * What the two-process dialer test and its child processes agree on: the
 * flow config (many colleagues, so many calls run at once; a short lease;
 * calling hours open all week, since this test runs in real time), and
 * the colleagues' endpoints.
 */
import type { ConfigVersion } from '../../../src/call/runner.js';
import { testConfig } from '../../helpers/harness.js';

/** Colleagues (targets) the test spreads its requests over. */
export const PROCESS_TARGETS = 20;
/** The shortest lease and ring time the schema allows (the lease taken is ring time + 5 s: 20 s). */
const LEASE_SECONDS = 15;
const RING_SECONDS = 15;

/** Target name and dial string of colleague i. */
export function processTarget(i: number): { name: string; dial: string } {
  return { name: `desk-${i}`, dial: `PJSIP/${3000 + i}` };
}

/** The config every dialer process runs. */
export function processDialerConfig(): ConfigVersion {
  const allDay = ['00:00-24:00'];
  const targets = Object.fromEntries(
    Array.from({ length: PROCESS_TARGETS }, (_, i) => {
      const t = processTarget(i);
      return [t.name, { dial: t.dial, ringTimeoutSeconds: 10, announce: ['transfer-to-agent'], callbackBy: ['callback-by-agent'] }];
    }),
  );
  return testConfig({
    targets,
    dialer: {
      enabled: true,
      pollSeconds: 1,
      leaseSeconds: LEASE_SECONDS,
      ringSeconds: RING_SECONDS,
      maxConcurrent: 20,
      // Real time here: the machine's "now" must always be inside the calling hours.
      callingHours: { timezone: 'UTC', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } },
    },
  });
}
