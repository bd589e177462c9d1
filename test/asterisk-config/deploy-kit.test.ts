/**
 * The deployment kit agrees with itself and with the service: every
 * asterisk-config/*.conf parses; the dialplan sends the hotline to the app
 * the service registers, with a catalogued apology when it is not there;
 * ARI is local and has no plain password; the agent endpoints are the ones
 * the flow config dials; the systemd unit restarts, runs unprivileged and
 * reads the env file; the env example is one the service accepts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse } from 'yaml';
import { HotlineConfigSchema, LANGUAGES } from '../../src/config/schema.js';
import { readEnv } from '../../src/env.js';
import { parseAsteriskConf, sectionsNamed, value, values, withTemplates, isTemplate, type AsteriskConf, type ConfSection } from '../../src/deploy-check/asterisk-conf.js';
import { dialplanSteps, extensionSteps, splitArgs, type DialplanStep } from '../../src/deploy-check/dialplan.js';
import { parseUnitFile, unitValue } from '../../src/deploy-check/systemd-unit.js';
import { hasPrompt, loadCatalog, promptIds } from '../../src/sounds/catalog.js';
import { asteriskLanguage } from '../../src/sounds/layout.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONF_DIR = path.join(ROOT, 'asterisk-config');
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');
const conf = (name: string): AsteriskConf => parseAsteriskConf(read(`asterisk-config/${name}`), `asterisk-config/${name}`);

/** The env example as a systemd EnvironmentFile reads it. */
function envExample(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of read('deploy/hotline.env.example').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/** The sections of pjsip.conf as Asterisk loads them: templates resolved, templates themselves left out. */
function pjsipObjects(pjsip: AsteriskConf): ConfSection[] {
  return pjsip.sections.filter((s) => !isTemplate(s)).map((s) => withTemplates(pjsip, s));
}

describe('asterisk-config/', () => {
  it('every .conf file is well-formed', () => {
    const files = readdirSync(CONF_DIR).filter((f) => f.endsWith('.conf'));
    expect(files).to.include.members(['http.conf', 'ari.conf', 'extensions.conf', 'musiconhold.conf', 'pjsip.conf']);
    for (const f of files) expect(() => conf(f), f).to.not.throw();
  });

  describe('extensions.conf', () => {
    const dialplan = conf('extensions.conf');
    const steps = dialplanSteps(dialplan);
    const hotline = extensionSteps(steps, 'hotline', '4000');
    const app = readEnv(envExample()).ariApp;
    const stasisAt = hotline.findIndex((s) => s.app === 'Stasis');

    it(`sends 4000 to Stasis(${app}), the app the service registers (ARI_APP), after setting the language to zh_CN`, () => {
      expect(app).to.equal('hotline');
      expect(readEnv({}).ariApp, 'the service default ARI_APP').to.equal(app);
      expect(stasisAt, 'a Stasis() step in 4000@hotline').to.be.greaterThan(-1);
      expect(splitArgs(hotline[stasisAt]!.args)[0]).to.equal(app);
      const langAt = hotline.findIndex((s) => s.app === 'Set' && /^CHANNEL\(language\)=zh_CN$/.test(s.args));
      expect(langAt, 'Set(CHANNEL(language)=zh_CN) before Stasis').to.be.within(0, stasisAt - 1);
    });

    it('routes the trunk and the test context to the hotline', () => {
      const jumps = steps.filter((s) => s.app === 'Goto' && s.args === 'hotline,4000,1');
      const from = new Set(jumps.map((s) => s.context));
      expect([...from]).to.include.members(['from-trunk', 'hotline-test']);
      expect(extensionSteps(steps, 'hotline-test', '4000')[0]?.app).to.equal('Goto');
    });

    it('has a scripted hold caller: key 2 (look-up), then 1 to allow the hold, then waits past a check-in', () => {
      const hold = extensionSteps(steps, 'hotline-test', 'caller-hold');
      const keys = hold.filter((s) => s.app === 'SendDTMF').map((s) => s.args);
      expect(keys).to.deep.equal(['2', '1']);
      const waitAfter = hold.slice(hold.findIndex((s) => s.app === 'SendDTMF' && s.args === '1')).find((s) => s.app === 'Wait');
      expect(Number(waitAfter?.args)).to.be.greaterThan(30);
    });

    it('plays a catalogued apology instead of dead air when STASISSTATUS is FAILED', () => {
      const branch = hotline.slice(stasisAt + 1).find((s) => s.app === 'GotoIf' && /STASISSTATUS\}"?\s*=\s*"?FAILED/.test(s.args));
      expect(branch, 'a GotoIf on STASISSTATUS = FAILED after Stasis').to.not.equal(undefined);
      const label = /\?([\w-]+)/.exec(branch!.args)?.[1];
      const from = hotline.findIndex((s) => s.label === label);
      expect(from, `the label "${label}" in 4000@hotline`).to.be.greaterThan(stasisAt);
      const tail: DialplanStep[] = hotline.slice(from);
      const played = tail.filter((s) => s.app === 'Playback').map((s) => splitArgs(s.args)[0]!);
      expect(played.length).to.be.greaterThan(0);
      const catalog = loadCatalog();
      for (const sound of played) {
        expect(sound).to.match(/^hotline\//);
        expect(hasPrompt(catalog, sound.replace(/^hotline\//, '')), `${sound} in sounds/catalog.yaml`).to.equal(true);
      }
      expect(tail.at(-1)?.app).to.equal('Hangup');
    });

    it('every prompt the dialplan plays is in the catalog', () => {
      const catalog = loadCatalog();
      const sounds = steps.filter((s) => s.app === 'Playback' || s.app === 'Background').flatMap((s) => splitArgs(s.args)[0]!.split('&'));
      for (const sound of sounds) expect(hasPrompt(catalog, sound.replace(/^hotline\//, '')), sound).to.equal(true);
    });
  });

  describe('http.conf and ari.conf', () => {
    const general = sectionsNamed(conf('http.conf'), 'general')[0]!;
    const ari = conf('ari.conf');
    const env = envExample();

    it('serves HTTP on 127.0.0.1 only, at the port ARI_URL names', () => {
      expect(value(general, 'enabled')).to.equal('yes');
      expect(value(general, 'bindaddr')).to.equal('127.0.0.1');
      const url = new URL(env['ARI_URL']!);
      expect(url.hostname).to.equal('127.0.0.1');
      expect(url.port).to.equal(value(general, 'bindport') ?? '8088');
      expect(value(general, 'tlsenable'), 'TLS stays commented out until needed').to.equal(undefined);
    });

    it('has the ARI user the service logs in as, with a crypt hash and never a plain password', () => {
      expect(value(sectionsNamed(ari, 'general')[0]!, 'enabled')).to.equal('yes');
      const users = ari.sections.filter((s) => value(s, 'type') === 'user');
      expect(users.map((u) => u.name)).to.include(env['ARI_USERNAME']);
      for (const user of users) {
        expect(value(user, 'password_format'), `[${user.name}] password_format`).to.equal('crypt');
        expect(value(user, 'password'), `[${user.name}] password is a crypt string`).to.match(/^\$(1|5|6|y|2[aby])\$/);
        expect(value(user, 'password')).to.not.equal(env['ARI_PASSWORD']);
      }
    });
  });

  describe('pjsip.conf', () => {
    const pjsip = conf('pjsip.conf');
    const objects = pjsipObjects(pjsip);
    const ofType = (type: string): ConfSection[] => objects.filter((s) => value(s, 'type') === type);
    const config = HotlineConfigSchema.parse(parse(read('flows/hotline.yaml')));
    const dialled = Object.entries(config.targets).map(([name, t]) => ({ name, dial: t.dial }));

    it('has an endpoint and an AOR a phone can register to for every PJSIP dial string in flows/hotline.yaml', () => {
      expect(dialled.map((d) => d.dial)).to.include.members(['PJSIP/2001', 'PJSIP/2002']);
      for (const { name, dial } of dialled.filter((d) => d.dial.startsWith('PJSIP/'))) {
        const resource = dial.slice('PJSIP/'.length).replace(/\/n$/, '');
        const endpoint = ofType('endpoint').find((s) => s.name === resource);
        expect(endpoint, `endpoint [${resource}] for targets.${name}`).to.not.equal(undefined);
        for (const aorName of (value(endpoint!, 'aors') ?? '').split(',').map((s) => s.trim())) {
          const aor = ofType('aor').find((s) => s.name === aorName);
          expect(aor, `aor [${aorName}] of endpoint ${resource}`).to.not.equal(undefined);
          expect(Number(value(aor!, 'max_contacts') ?? '0'), `aor ${aorName} max_contacts`).to.be.greaterThan(0);
        }
        const auth = ofType('auth').find((s) => s.name === value(endpoint!, 'auth'));
        expect(auth, `auth of endpoint ${resource}`).to.not.equal(undefined);
        expect(value(endpoint!, 'direct_media'), 'media through Asterisk').to.equal('no');
      }
    });

    it('sends trunk calls into the context that routes the hotline, with media through Asterisk', () => {
      const trunk = ofType('endpoint').find((s) => s.name === 'trunk')!;
      expect(value(trunk, 'context')).to.equal('from-trunk');
      expect(value(trunk, 'direct_media')).to.equal('no');
      const contexts = new Set(conf('extensions.conf').sections.map((s) => s.name));
      for (const e of ofType('endpoint')) expect(contexts.has(value(e, 'context') ?? ''), `context of ${e.name}`).to.equal(true);
    });

    it('holds placeholders, never real secrets', () => {
      for (const s of objects) {
        for (const secret of values(s, 'password')) expect(secret, `[${s.name}] password`).to.match(/^CHANGE_ME/);
      }
    });
  });
});

describe('deploy/', () => {
  const unit = parseUnitFile(read('deploy/hotline.service'), 'deploy/hotline.service');

  it('hotline.service restarts on failure, runs unprivileged, reads the env file and reloads on SIGHUP', () => {
    expect(unitValue(unit, 'Service', 'Restart')).to.equal('on-failure');
    const user = unitValue(unit, 'Service', 'User');
    expect(user).to.be.a('string');
    expect(user).to.not.match(/^(root|0)$/);
    expect(unitValue(unit, 'Service', 'EnvironmentFile')).to.equal('/etc/hotline/hotline.env');
    expect(unitValue(unit, 'Service', 'WorkingDirectory')).to.equal('/opt/hotline');
    expect(unitValue(unit, 'Service', 'ExecStart')).to.match(/node dist\/src\/main\.js$/);
    expect(unitValue(unit, 'Service', 'ExecReload')).to.match(/kill -HUP \$MAINPID/);
    expect(unitValue(unit, 'Service', 'NoNewPrivileges')).to.equal('yes');
    expect(unitValue(unit, 'Service', 'ProtectSystem')).to.equal('strict');
    expect(unitValue(unit, 'Install', 'WantedBy')).to.equal('multi-user.target');
    // The guide says systemd gives up after repeated failed starts: true only with a start limit
    // that RestartSec=2 and a sub-second failure can reach.
    const burst = Number(unitValue(unit, 'Unit', 'StartLimitBurst'));
    const interval = Number(unitValue(unit, 'Unit', 'StartLimitIntervalSec'));
    const restartSec = Number(unitValue(unit, 'Service', 'RestartSec'));
    expect(burst * (restartSec + 1)).to.be.below(interval);
  });

  it('the callback store in hotline.env.example is in the unit\'s StateDirectory, the one place ProtectSystem=strict lets it write', () => {
    const env = envExample();
    const stateDir = `/var/lib/${unitValue(unit, 'Service', 'StateDirectory')}`;
    expect(env['CALLBACK_DB_PATH']?.startsWith(`${stateDir}/`), `CALLBACK_DB_PATH=${env['CALLBACK_DB_PATH']} under ${stateDir}`).to.equal(true);
  });

  it('hotline.env.example is accepted by the service and gives it time to drain before systemd kills it', () => {
    const env = envExample();
    const settings = readEnv(env);
    expect(settings).to.include({ ariUrl: 'http://127.0.0.1:8088/ari', ariUsername: 'hotline', ariApp: 'hotline', flowConfig: '/opt/hotline/flows/hotline.yaml' });
    expect(env['ARI_PASSWORD']).to.match(/^CHANGE_ME/);
    expect(Number(unitValue(unit, 'Service', 'TimeoutStopSec'))).to.be.greaterThan(settings.drainSeconds);
  });

  it('install-prompts.sh stops, naming ASTERISK_CONF and ASTERISK_SOUNDS_DIR, when it cannot find asterisk.conf', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ASTERISK_CONF: path.join(tmpdir(), 'no-such-dir', 'asterisk.conf') };
    delete env['ASTERISK_SOUNDS_DIR'];
    const err = await promisify(execFile)('sh', [path.join(ROOT, 'deploy/install-prompts.sh')], { env }).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).to.equal(1);
    expect(err?.stderr).to.contain('ASTERISK_CONF').and.contain('ASTERISK_SOUNDS_DIR');
  });

  it('install-prompts.sh puts every prompt under <sounds>/<zh_CN|en_US>/hotline/', async () => {
    const target = mkdtempSync(path.join(tmpdir(), 'hotline-astsounds-'));
    try {
      await promisify(execFile)('sh', [path.join(ROOT, 'deploy/install-prompts.sh')], { env: { ...process.env, ASTERISK_SOUNDS_DIR: target } });
      const ids = promptIds(loadCatalog());
      for (const lang of LANGUAGES) {
        const installed = readdirSync(path.join(target, asteriskLanguage(lang), 'hotline')).sort();
        expect(installed).to.deep.equal(ids.map((id) => `${id}.wav`).sort());
      }
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
