/**
 * How simulated phones behave when dialed, set per endpoint with
 * sim.defineEndpoint('PJSIP/2001', ...). An undefined phone endpoint is
 * unavailable: Asterisk cannot even create a channel to it.
 */

/** Behaviour of a dialed phone endpoint. */
export type EndpointBehaviour =
  | { kind: 'answer'; afterMs?: number; hangupAfterMs?: number }
  | { kind: 'busy' }
  | { kind: 'noanswer' }
  | { kind: 'unavailable' };

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

  /** Sets (or replaces) what an endpoint does when dialed. */
  define(endpoint: string, behaviour: EndpointBehaviour): void {
    this.behaviours.set(endpoint, { ...behaviour });
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
