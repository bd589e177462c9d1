/**
 * The dialplan the reference traces were recorded against, so Local channels
 * behave the same here: context `caller` plays simulated callers, context
 * `agents` simulated agents.
 */

/** One dialplan application call. */
export type DialplanStep =
  | { app: 'Answer' }
  | { app: 'Wait'; seconds: number }
  | { app: 'Playback'; file: string }
  | { app: 'SendDTMF'; digits: string; gapMs: number }
  | { app: 'Hangup' }
  | { app: 'Busy'; seconds: number }
  | { app: 'Ringing' };

/** context -> extension -> priorities (1-based in order). */
export const BUILTIN_DIALPLAN: Record<string, Record<string, DialplanStep[]>> = {
  caller: {
    silent: [{ app: 'Answer' }, { app: 'Wait', seconds: 60 }],
    talkthenquiet: [
      { app: 'Answer' },
      { app: 'Wait', seconds: 1 },
      { app: 'Playback', file: 'hello-world' },
      { app: 'Playback', file: 'silence/5' },
      { app: 'Wait', seconds: 60 },
    ],
    dtmfnum: [{ app: 'Answer' }, { app: 'Wait', seconds: 2 }, { app: 'SendDTMF', digits: '13800138000#', gapMs: 250 }, { app: 'Wait', seconds: 60 }],
    hangup3: [{ app: 'Answer' }, { app: 'Wait', seconds: 3 }, { app: 'Hangup' }],
  },
  agents: {
    busy: [{ app: 'Busy', seconds: 5 }],
    noanswer: [{ app: 'Ringing' }, { app: 'Wait', seconds: 120 }],
    answer: [{ app: 'Answer' }, { app: 'Wait', seconds: 60 }],
  },
};

/** The app_data string ChannelDialplan shows for a step. */
export function stepAppData(step: DialplanStep): string {
  switch (step.app) {
    case 'Wait':
    case 'Busy':
      return String(step.seconds);
    case 'Playback':
      return step.file;
    case 'SendDTMF':
      return `${step.digits},${step.gapMs}`;
    default:
      return '';
  }
}

/** The steps for exten@context, or undefined if the sim has no such extension. */
export function lookupExtension(context: string, exten: string): DialplanStep[] | undefined {
  return BUILTIN_DIALPLAN[context]?.[exten];
}
