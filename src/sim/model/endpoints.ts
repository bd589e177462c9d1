/**
 * How simulated phones behave when dialed, set per endpoint with
 * sim.defineEndpoint('PJSIP/2001', ...). An undefined phone endpoint is
 * unavailable: Asterisk cannot even create a channel to it. Outbound
 * customers reached over a trunk (PJSIP/<number>@trunk) are endpoints named
 * by their number (sim.defineCustomer), and may run a caller script once
 * they answer, as inbound callers do.
 */
import type { CallerLogEntry } from '../callers/caller-log.js';
import type { CallerStep } from '../callers/caller-script.js';

/** Behaviour of a dialed phone endpoint. */
export type EndpointBehaviour =
  /** Rings afterMs (0: answers at once), then answers; the script (if any) runs from the answer. */
  | { kind: 'answer'; afterMs?: number; hangupAfterMs?: number; script?: CallerStep[] }
  /**
   * An answering machine: answers after afterMs and talks at once for
   * speechMs without a pause (its greeting), then stays silent on the line.
   */
  | { kind: 'machine'; afterMs?: number; speechMs: number }
  | { kind: 'busy' }
  | { kind: 'noanswer' }
  | { kind: 'unavailable' };

/** One call placed to a phone endpoint, as its far end saw it. */
export interface FarEndCall {
  /** "PJSIP/13800138000": technology and endpoint name, without the @trunk part. */
  endpoint: string;
  channelId: string;
  /** Clock time the phone was called. */
  at: number;
  /** Caller ID the phone was shown (CALLERID set on the channel). */
  callerId: { name: string; number: string };
  /** What the far end heard and did, once it answered (same entries as an inbound caller's log). */
  log: CallerLogEntry[];
}

/** Channel technologies that reach phones (as opposed to Local). */
export const PHONE_TECHS = new Set(['PJSIP', 'SIP', 'IAX2', 'DAHDI']);

/** An endpoint string split like resource_channels.c does it (at the first '/'). */
export interface ParsedEndpoint {
  tech: string;
  resource: string;
}

/** Splits "Tech/resource"; undefined when either part is empty. */
export function parseEndpoint(endpoint: string): ParsedEndpoint | undefined {
  const slash = endpoint.indexOf('/');
  if (slash <= 0 || slash === endpoint.length - 1) return undefined;
  return { tech: endpoint.slice(0, slash), resource: endpoint.slice(slash + 1) };
}

/** The endpoint name inside a phone resource ("2001" in "2001@trunk" or "2001/sip:..."). */
export function endpointName(resource: string): string {
  return resource.split(/[/@]/)[0] ?? resource;
}

/** Registry of phone behaviours. */
export class Endpoints {
  private readonly behaviours = new Map<string, EndpointBehaviour>();
  private readonly dialed: FarEndCall[] = [];

  /** Sets (or replaces) what an endpoint does when dialed. */
  define(endpoint: string, behaviour: EndpointBehaviour): void {
    this.behaviours.set(endpoint, { ...behaviour });
  }

  /** Records that a phone endpoint was called (for tests that count dials per number). */
  noteDialed(call: FarEndCall): void {
    this.dialed.push(call);
  }

  /** Calls placed to an endpoint ("PJSIP/13800138000"), oldest first. */
  callsTo(endpoint: string): FarEndCall[] {
    return this.dialed.filter((c) => c.endpoint === endpoint);
  }

  /** True when the endpoint was defined (configured on this Asterisk). */
  isDefined(endpoint: string): boolean {
    return this.behaviours.has(endpoint);
  }

  /** Defined endpoint names, in definition order. */
  names(): string[] {
    return [...this.behaviours.keys()];
  }

  /** What a phone endpoint does now; unavailable unless defined. */
  behaviourFor(tech: string, resource: string): EndpointBehaviour {
    return (
      this.behaviours.get(`${tech}/${resource}`) ??
      this.behaviours.get(`${tech}/${endpointName(resource)}`) ?? { kind: 'unavailable' }
    );
  }
}
