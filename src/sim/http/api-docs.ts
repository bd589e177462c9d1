/**
 * /ari/api-docs: minimal Swagger 1.2 descriptions of what this simulator
 * implements, so clients that build their API from the descriptions at
 * connect (ari-client 2.x) can run against it.
 *
 * Written for this project from the simulator's own route table, not copied
 * from Asterisk: Asterisk's rest-api/api-docs/*.json are part of a GPL-2.0
 * code base with their own copyright headers, and this project is MIT. The
 * shapes follow the Swagger 1.2 layout Asterisk publishes (resources.json
 * listing one document per resource; operations with httpMethod, nickname,
 * responseClass and parameters; models for the event types), with only what
 * a client needs to build its calls: no summaries, notes or error lists.
 */
import type { RouteInfo } from './router.js';

/** One parameter of an operation, in Swagger 1.2 terms. */
interface ParamDoc {
  name: string;
  paramType: 'path' | 'query' | 'body';
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
}

/** Query parameters and response class per "METHOD /path" of the route table. */
const OPERATIONS: Record<string, { nickname: string; responseClass: string; query?: string[]; body?: string }> = {
  'GET /channels': { nickname: 'list', responseClass: 'List[Channel]' },
  'POST /channels': { nickname: 'originate', responseClass: 'Channel', query: ['endpoint', 'extension', 'context', 'priority', 'label', 'app', 'appArgs', 'callerId', 'timeout', 'channelId', 'otherChannelId', 'originator', 'formats'], body: 'variables' },
  'POST /channels/create': { nickname: 'create', responseClass: 'Channel', query: ['endpoint', 'app', 'appArgs', 'channelId', 'otherChannelId', 'originator', 'formats'], body: 'variables' },
  'GET /channels/:channelId': { nickname: 'get', responseClass: 'Channel' },
  'POST /channels/:channelId': { nickname: 'originateWithId', responseClass: 'Channel', query: ['endpoint', 'extension', 'context', 'priority', 'label', 'app', 'appArgs', 'callerId', 'timeout', 'otherChannelId', 'originator', 'formats'], body: 'variables' },
  'DELETE /channels/:channelId': { nickname: 'hangup', responseClass: 'void', query: ['reason_code', 'reason'] },
  'POST /channels/:channelId/answer': { nickname: 'answer', responseClass: 'void' },
  'POST /channels/:channelId/ring': { nickname: 'ring', responseClass: 'void' },
  'DELETE /channels/:channelId/ring': { nickname: 'ringStop', responseClass: 'void' },
  'POST /channels/:channelId/moh': { nickname: 'startMoh', responseClass: 'void', query: ['mohClass'] },
  'DELETE /channels/:channelId/moh': { nickname: 'stopMoh', responseClass: 'void' },
  'POST /channels/:channelId/variable': { nickname: 'setChannelVar', responseClass: 'void', query: ['variable', 'value'] },
  'GET /channels/:channelId/variable': { nickname: 'getChannelVar', responseClass: 'Variable', query: ['variable'] },
  'POST /channels/:channelId/play': { nickname: 'play', responseClass: 'Playback', query: ['media', 'lang', 'offsetms', 'skipms', 'playbackId'] },
  'POST /channels/:channelId/play/:playbackId': { nickname: 'playWithId', responseClass: 'Playback', query: ['media', 'lang', 'offsetms', 'skipms'] },
  'POST /channels/:channelId/record': { nickname: 'record', responseClass: 'LiveRecording', query: ['name', 'format', 'maxDurationSeconds', 'maxSilenceSeconds', 'ifExists', 'beep', 'terminateOn'] },
  'POST /channels/:channelId/dial': { nickname: 'dial', responseClass: 'void', query: ['caller', 'timeout'] },
  'GET /bridges': { nickname: 'list', responseClass: 'List[Bridge]' },
  'POST /bridges': { nickname: 'create', responseClass: 'Bridge', query: ['type', 'bridgeId', 'name'] },
  'POST /bridges/:bridgeId': { nickname: 'createWithId', responseClass: 'Bridge', query: ['type', 'name'] },
  'GET /bridges/:bridgeId': { nickname: 'get', responseClass: 'Bridge' },
  'DELETE /bridges/:bridgeId': { nickname: 'destroy', responseClass: 'void' },
  'POST /bridges/:bridgeId/addChannel': { nickname: 'addChannel', responseClass: 'void', query: ['channel', 'role'] },
  'POST /bridges/:bridgeId/removeChannel': { nickname: 'removeChannel', responseClass: 'void', query: ['channel'] },
  'GET /playbacks/:playbackId': { nickname: 'get', responseClass: 'Playback' },
  'DELETE /playbacks/:playbackId': { nickname: 'stop', responseClass: 'void' },
  'GET /recordings/stored': { nickname: 'listStored', responseClass: 'List[StoredRecording]' },
  'GET /recordings/stored/:recordingName': { nickname: 'getStored', responseClass: 'StoredRecording' },
  'GET /recordings/stored/:recordingName/file': { nickname: 'getStoredFile', responseClass: 'binary' },
  'DELETE /recordings/stored/:recordingName': { nickname: 'deleteStored', responseClass: 'void' },
  'GET /recordings/live/:recordingName': { nickname: 'getLive', responseClass: 'LiveRecording' },
  'POST /recordings/live/:recordingName/stop': { nickname: 'stop', responseClass: 'void' },
  'DELETE /recordings/live/:recordingName': { nickname: 'cancel', responseClass: 'void' },
  'GET /applications': { nickname: 'list', responseClass: 'List[Application]' },
  'GET /applications/:applicationName': { nickname: 'get', responseClass: 'Application' },
  'GET /asterisk/ping': { nickname: 'ping', responseClass: 'AsteriskPing' },
  'GET /asterisk/info': { nickname: 'getInfo', responseClass: 'AsteriskInfo', query: ['only'] },
};

/** Every resource a client may instantiate objects for (ari-client needs each to exist). */
const RESOURCES = ['asterisk', 'endpoints', 'channels', 'bridges', 'recordings', 'sounds', 'playbacks', 'deviceStates', 'mailboxes', 'events', 'applications'];

/** Which object each event property carries, for the event models. */
const EVENT_PROPERTIES: Record<string, Record<string, string>> = {
  StasisStart: { channel: 'Channel', replace_channel: 'Channel' },
  StasisEnd: { channel: 'Channel' },
  ChannelStateChange: { channel: 'Channel' },
  ChannelDestroyed: { channel: 'Channel' },
  ChannelHangupRequest: { channel: 'Channel' },
  ChannelDialplan: { channel: 'Channel' },
  ChannelVarset: { channel: 'Channel' },
  ChannelDtmfReceived: { channel: 'Channel' },
  ChannelTalkingStarted: { channel: 'Channel' },
  ChannelTalkingFinished: { channel: 'Channel' },
  ChannelEnteredBridge: { bridge: 'Bridge', channel: 'Channel' },
  ChannelLeftBridge: { bridge: 'Bridge', channel: 'Channel' },
  BridgeCreated: { bridge: 'Bridge' },
  BridgeDestroyed: { bridge: 'Bridge' },
  Dial: { caller: 'Channel', peer: 'Channel', forwarded: 'Channel' },
  PlaybackStarted: { playback: 'Playback' },
  PlaybackContinuing: { playback: 'Playback' },
  PlaybackFinished: { playback: 'Playback' },
  RecordingStarted: { recording: 'LiveRecording' },
  RecordingFinished: { recording: 'LiveRecording' },
  RecordingFailed: { recording: 'LiveRecording' },
  ApplicationReplaced: {},
};

/** The resource listing, GET /ari/api-docs/resources.json. */
export function resourceListing(basePath: string): unknown {
  return {
    apiVersion: '2.0.0',
    swaggerVersion: '1.2',
    basePath,
    apis: RESOURCES.map((name) => ({ path: `/api-docs/${name}.{format}`, description: name })),
  };
}

/** One resource's document, GET /ari/api-docs/<name>.json, or undefined if unknown. */
export function resourceDoc(name: string, basePath: string, routes: RouteInfo[]): unknown {
  if (!RESOURCES.includes(name)) return undefined;
  const byPath = new Map<string, { httpMethod: string; nickname: string; responseClass: string; parameters: ParamDoc[] }[]>();
  for (const route of routes) {
    if (route.segments[0] !== name) continue;
    const op = OPERATIONS[`${route.method} /${route.segments.join('/')}`];
    if (!op) continue;
    const path = '/' + route.segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/');
    const parameters: ParamDoc[] = [
      ...route.segments.filter((s) => s.startsWith(':')).map((s) => param(s.slice(1), 'path', true)),
      ...(op.query ?? []).map((q) => param(q, 'query', false)),
      ...(op.body ? [param(op.body, 'body', false, 'containers')] : []),
    ];
    const list = byPath.get(path) ?? [];
    list.push({ httpMethod: route.method, nickname: op.nickname, responseClass: op.responseClass, parameters });
    byPath.set(path, list);
  }
  return {
    apiVersion: '2.0.0',
    swaggerVersion: '1.2',
    basePath,
    resourcePath: `/api-docs/${name}.{format}`,
    apis: [...byPath].map(([path, operations]) => ({ path, operations })),
    models: name === 'events' ? eventModels() : {},
  };
}

function param(name: string, paramType: ParamDoc['paramType'], required: boolean, dataType = 'string'): ParamDoc {
  return { name, paramType, required, allowMultiple: false, dataType };
}

function eventModels(): Record<string, unknown> {
  const models: Record<string, unknown> = {};
  for (const [type, props] of Object.entries(EVENT_PROPERTIES)) {
    const properties: Record<string, { type: string; required: boolean }> = {
      type: { type: 'string', required: true },
      application: { type: 'string', required: true },
      timestamp: { type: 'Date', required: true },
    };
    for (const [prop, dataType] of Object.entries(props)) properties[prop] = { type: dataType, required: false };
    models[type] = { id: type, properties };
  }
  return models;
}
