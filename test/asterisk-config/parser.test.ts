/**
 * The .conf and unit-file parsers: what they accept, and that a malformed
 * line fails with its line number.
 */
import { expect } from 'chai';
import {
  ConfSyntaxError,
  bracketProblem,
  isTemplate,
  parseAsteriskConf,
  sectionsNamed,
  value,
  values,
  withTemplates,
} from '../../src/deploy-check/asterisk-conf.js';
import { dialplanSteps, extensionSteps, includes, splitArgs } from '../../src/deploy-check/dialplan.js';
import { UnitSyntaxError, parseUnitFile, unitValue, unitValues } from '../../src/deploy-check/systemd-unit.js';

/** The line number a parse error reports (or undefined if it parsed). */
function errorLine(text: string): number | undefined {
  try {
    parseAsteriskConf(text, 'x.conf');
    return undefined;
  } catch (err) {
    expect(err).to.be.instanceOf(ConfSyntaxError);
    expect((err as Error).message).to.match(/^x\.conf:\d+: /);
    return (err as ConfSyntaxError).line;
  }
}

describe('parseAsteriskConf', () => {
  it('reads sections, templates, settings and comments', () => {
    const conf = parseAsteriskConf(
      [
        '; a comment',
        '#include "extra.conf"',
        '[general]',
        'enabled = yes ; trailing comment',
        'servername =',
        'note = a \\; literal semicolon',
        ';-- a block',
        'comment = ignored',
        '--;',
        '[base](!)',
        'type = endpoint',
        'allow = alaw',
        '[2001](base)',
        'allow = ulaw',
        ';----- a heading, not a block comment',
        '[2001]',
        'type=aor',
      ].join('\n'),
      't.conf',
    );
    expect(conf.directives).to.deep.equal([{ name: 'include', argument: '"extra.conf"', line: 2 }]);
    const general = conf.sections[0]!;
    expect(value(general, 'enabled')).to.equal('yes');
    expect(value(general, 'servername')).to.equal('');
    expect(value(general, 'note')).to.equal('a \\; literal semicolon');
    expect(value(general, 'comment')).to.equal(undefined);
    expect(isTemplate(conf.sections[1]!)).to.equal(true);
    const [endpoint, aor] = sectionsNamed(conf, '2001');
    expect(endpoint!.options).to.deep.equal(['base']);
    expect(values(withTemplates(conf, endpoint!), 'allow')).to.deep.equal(['alaw', 'ulaw']);
    expect(value(withTemplates(conf, endpoint!), 'type')).to.equal('endpoint');
    expect(value(aor!, 'type')).to.equal('aor');
  });

  it('reads dialplan lines into steps, with same => resolved and labels kept', () => {
    const conf = parseAsteriskConf(
      [
        '[general]',
        'static = yes',
        '[ctx]',
        'include => other',
        'exten => 4000,1,NoOp(call from ${CALLERID(all)})',
        ' same => n,GotoIf($["${STASISSTATUS}" = "FAILED"]?bad)',
        ' same => n,Hangup',
        ' same => n(bad),Playback(hotline/sorry,noanswer)',
        'exten => _X.,1,Goto(ctx,4000,1)',
        'exten => 2001,hint,PJSIP/2001',
      ].join('\n'),
    );
    const steps = dialplanSteps(conf);
    expect(extensionSteps(steps, 'ctx', '4000').map((s) => s.app)).to.deep.equal(['NoOp', 'GotoIf', 'Hangup', 'Playback']);
    expect(steps[3]).to.include({ label: 'bad', args: 'hotline/sorry,noanswer', line: 8 });
    expect(splitArgs(steps[3]!.args)).to.deep.equal(['hotline/sorry', 'noanswer']);
    expect(splitArgs('ctx,${IF($[1]?a:b)},1')).to.deep.equal(['ctx', '${IF($[1]?a:b)}', '1']);
    expect(includes(conf, 'ctx')).to.deep.equal(['other']);
    expect(steps.some((s) => s.context === 'general')).to.equal(false);
  });

  const malformed: [string, string, number][] = [
    ['a setting before any section', 'enabled = yes\n[general]\n', 1],
    ['a header without its closing bracket', '[general]\nenabled = yes\n[ari\n', 3],
    ['an empty template name', '[a](!,)\n', 1],
    ['a line that is neither header nor setting', '[general]\nenabled yes\n', 2],
    ['an unbalanced application call', '[ctx]\nexten => 4000,1,Answer()\n same => n,Playback(hotline/hi\n', 3],
    ['a stray closing bracket', '[ctx]\nexten => 4000,1,Set(X=1))\n', 2],
    ['a semicolon that cuts the arguments', '[ctx]\nexten => 4000,1,Log(NOTICE,a; b)\n', 2],
    ['a bad priority', '[ctx]\nexten => 4000,first,Answer()\n', 2],
    ['an exten without an application', '[ctx]\nexten => 4000,1\n', 2],
    ['same => before any exten', '[ctx]\nsame => n,Answer()\n', 2],
    ['same => carried over into a new context', '[a]\nexten => 1,1,Answer()\n[b]\nsame => n,Hangup()\n', 4],
    ['a block comment never closed', '[general]\n;-- open\nenabled = yes\n', 2],
    ['a template used before it is defined', '[2001](base)\ntype = aor\n[base](!)\n', 1],
  ];
  for (const [what, text, line] of malformed) {
    it(`rejects ${what}, naming line ${line}`, () => {
      const reported = (() => {
        const l = errorLine(text);
        if (l !== undefined) return l;
        // Template errors surface when templates are resolved.
        const conf = parseAsteriskConf(text, 'x.conf');
        for (const s of conf.sections) {
          try {
            withTemplates(conf, s);
          } catch (err) {
            return (err as ConfSyntaxError).line;
          }
        }
        return undefined;
      })();
      expect(reported).to.equal(line);
    });
  }

  it('bracketProblem says what is wrong', () => {
    expect(bracketProblem('Set(A=${B})')).to.equal(undefined);
    expect(bracketProblem('Set(A=${B)')).to.match(/unexpected "\)"/);
    expect(bracketProblem('Set(A=1')).to.match(/unclosed "\("/);
  });
});

describe('parseUnitFile', () => {
  it('reads sections, repeated keys and continuation lines', () => {
    const unit = parseUnitFile('# c\n[Service]\nUser=hotline\nEnvironment=A=1\nEnvironment=B=2\nExecStart=/usr/bin/node \\\n  main.js\n; c\n');
    expect(unitValue(unit, 'Service', 'User')).to.equal('hotline');
    expect(unitValues(unit, 'Service', 'Environment')).to.deep.equal(['A=1', 'B=2']);
    expect(unitValue(unit, 'Service', 'ExecStart')).to.equal('/usr/bin/node  main.js');
    expect(unitValue(unit, 'Unit', 'Description')).to.equal(undefined);
  });

  it('rejects a malformed line with its line number', () => {
    expect(() => parseUnitFile('[Service]\nUser hotline\n', 'u.service')).to.throw(UnitSyntaxError, /^u\.service:2: /);
    expect(() => parseUnitFile('User=hotline\n', 'u.service')).to.throw(UnitSyntaxError, /^u\.service:1: .*outside/);
  });
});
