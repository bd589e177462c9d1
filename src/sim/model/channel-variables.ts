/**
 * Channel variables and the few dialplan functions the sim understands:
 * TALK_DETECT(set|remove) (write), CALLERID(num|name) and CHANNEL(language)
 * (read/write), CHANNEL(name|uniqueid|state) (read). Plain variables publish
 * ChannelVarset; function writes do not (talk-detect trace).
 */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from './channel.js';

/** Default TALK_DETECT silence threshold (func_talkdetect.c). */
export const DEFAULT_TALK_SILENCE_MS = 2500;

function splitFunction(name: string): { fn: string; arg: string } | undefined {
  const m = /^([A-Za-z_]+)\((.*)\)$/.exec(name.trim());
  return m ? { fn: (m[1] ?? '').toUpperCase(), arg: (m[2] ?? '').trim() } : undefined;
}

/** Writes a variable or function; 400 "Failed to execute function" for functions it cannot run. */
export function setChannelVariable(ctx: SimContext, ch: Channel, name: string, value: string): void {
  const func = splitFunction(name);
  if (!func) {
    ch.vars.set(name, value);
    ctx.publish.varset(ch, name, value);
    return;
  }
  const fail = (): never => {
    throw new AriError(400, 'Failed to execute function');
  };
  switch (func.fn) {
    case 'TALK_DETECT':
      if (func.arg === 'set') {
        const threshold = value.trim() === '' ? DEFAULT_TALK_SILENCE_MS : Number.parseInt(value.split(',')[0] ?? '', 10);
        if (!Number.isFinite(threshold) || threshold <= 0) fail();
        ctx.channelMedia.enableTalkDetect(ch, threshold);
        return;
      }
      if (func.arg === 'remove') {
        ctx.channelMedia.disableTalkDetect(ch);
        return;
      }
      return fail();
    case 'CALLERID':
      if (func.arg === 'num' || func.arg === 'number') ch.caller = { ...ch.caller, number: value };
      else if (func.arg === 'name') ch.caller = { ...ch.caller, name: value };
      else fail();
      return;
    case 'CHANNEL':
      if (func.arg === 'language') ch.language = value;
      else fail();
      return;
    default:
      fail();
  }
}

/** Reads a variable or function; the ARI errors of GET /channels/{id}/variable. */
export function readChannelVariable(ch: Channel, name: string): string {
  const func = splitFunction(name);
  if (!func) {
    const value = ch.vars.get(name);
    if (value === undefined) throw new AriError(404, 'Provided variable was not found');
    return value;
  }
  const key = `${func.fn}(${func.arg})`;
  const readable: Record<string, () => string> = {
    'CALLERID(num)': () => ch.caller.number,
    'CALLERID(number)': () => ch.caller.number,
    'CALLERID(name)': () => ch.caller.name,
    'CHANNEL(language)': () => ch.language,
    'CHANNEL(name)': () => ch.name,
    'CHANNEL(uniqueid)': () => ch.id,
    'CHANNEL(state)': () => ch.state,
  };
  const read = readable[key];
  if (!read) throw new AriError(500, 'Unable to read provided function');
  return read();
}
