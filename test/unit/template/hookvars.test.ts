// Hookgate's side of the hook variables (.System, .Attempt, .Trigger, .Decision, .Operation,
// .Summary), building HookVars from JSON input, and the public API around the engine.
import { describe, expect, it } from 'vitest';
import { UNKNOWN_FACTS } from '../../../electron/shared/systemFacts';
import {
  TemplateError,
  checkTemplate,
  hookVars,
  jsonToGoValue,
  parseJson,
  renderHookScript,
  renderTemplate,
  systemVarsFromFacts,
  type HookVarsInput,
} from '../../../electron/core/template/index';

function render(tpl: string, vars: HookVarsInput = {}): string {
  return renderHookScript(tpl, vars);
}

function failure(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

const base: HookVarsInput = {
  Task: 'backup for plan "nightly"',
  Event: 'CONDITION_SNAPSHOT_START',
  CurTime: '2024-03-15T02:30:00Z',
  Repo: { Id: 'b2-main' },
  Plan: { Id: 'nightly', Paths: ['/home/alice', '/etc'] },
};

describe('.System: facts that may be unknown', () => {
  it('an unknown fact is nil: false in if, <no value> when printed (Go prints a nil interface{} field so)', () => {
    expect(render('{{ if .System.OnAC }}ac{{ else }}not known to be on AC{{ end }}|{{ .System.OnAC }}|{{ .System.Battery.Percent }}')).toBe(
      'not known to be on AC|<no value>|<no value>',
    );
  });

  it('known facts have Go types: Battery.Percent is an int, the flags bools, the names strings', () => {
    const vars = { System: { Battery: { Percent: 57, Charging: false, Present: true }, OnAC: true, Online: true, Metered: false, WifiSSID: 'home', Hostname: 'laptop' } };
    expect(render('{{ printf "%T %T %T %T" .System.Battery.Percent .System.OnAC .System.WifiSSID .System.Metered }}', vars)).toBe('int bool string bool');
    expect(render('{{ if lt .System.Battery.Percent 60 }}low{{ end }} {{ .System.WifiSSID }} {{ .System.Hostname }} {{ if .System.OnAC }}ac{{ end }}', vars)).toBe(
      'low home laptop ac',
    );
  });

  it('.System.Known tells an unknown fact from a false one', () => {
    const vars = { System: { OnAC: false, Battery: { Percent: 80 } } };
    expect(render('{{ .System.Known "OnAC" }} {{ .System.Known "Online" }} {{ .System.Known "Battery.Percent" }} {{ .System.Known "Battery.Charging" }} {{ .System.Known "Battery" }}', vars)).toBe(
      'true false true false true',
    );
  });

  it('.System.Known of a name that is no fact is an error naming the facts', () => {
    const e = failure(() => render('{{ .System.Known "Batery" }}'));
    expect(e.message).toContain('error calling Known: no System fact "Batery"');
    expect(e.message).toContain('Battery.Percent');
  });

  it('comparing an unknown percent fails as Go does, and `and` guards it by short-circuiting', () => {
    expect(failure(() => render('{{ lt .System.Battery.Percent 20 }}')).message).toContain('error calling lt: invalid type for comparison');
    expect(render('{{ if and (.System.Known "Battery.Percent") (lt .System.Battery.Percent 20) }}low{{ else }}ok{{ end }}')).toBe('ok');
  });

  it('a fractional battery percent is rounded to an int', () => {
    expect(render('{{ .System.Battery.Percent }}', { System: { Battery: { Percent: 57.5 } } })).toBe('58');
  });

  it('systemVarsFromFacts maps the shared facts to Go names; unknown stays null', () => {
    expect(systemVarsFromFacts(UNKNOWN_FACTS)).toEqual({
      Battery: { Percent: null, Charging: null, Present: null },
      OnAC: null,
      Online: null,
      Metered: null,
      WifiSSID: null,
      Hostname: null,
    });
    const sys = systemVarsFromFacts({ battery: { percent: 42.4, charging: true, present: true }, onAC: true, online: false, metered: null, wifiSSID: 'cafe', hostname: 'h' });
    expect(sys).toEqual({ Battery: { Percent: 42, Charging: true, Present: true }, OnAC: true, Online: false, Metered: null, WifiSSID: 'cafe', Hostname: 'h' });
    expect(render('{{ .System.Battery.Percent }} {{ .System.Known "Metered" }}', { System: sys })).toBe('42 false');
  });
});

describe('.Attempt, .Trigger, .Decision, .Operation', () => {
  it('defaults: first attempt, unknown trigger, no decision yet, no operation', () => {
    expect(render('{{ .Attempt }} {{ printf "%T" .Attempt }} {{ .Trigger }} [{{ .Decision }}] [{{ .Operation }}] {{ with .Operation }}x{{ else }}none{{ end }}')).toBe(
      '1 int unknown [] [<nil>] none',
    );
  });

  it('carry what the engine gives', () => {
    const vars: HookVarsInput = { Attempt: 3, Trigger: 'manual', Decision: 'skip', Operation: { Id: 'op-7', Kind: 'snapshot', Command: ['restic', 'backup', '/home/a b'] } };
    expect(render('{{ .Attempt }} {{ .Trigger }} {{ .Decision }} {{ .Operation.Id }} {{ .Operation.Kind }} {{ .Operation.Command }} {{ range .Operation.Command }}{{ $.ShellEscape . }} {{ end }}', vars)).toBe(
      "3 manual skip op-7 snapshot [restic backup /home/a b] restic backup '/home/a b' ",
    );
  });

  it('.Operation.Id without an operation is a nil pointer error, like .Repo.Id without a repo', () => {
    expect(failure(() => render('{{ .Operation.Id }}')).message).toBe(
      'template: template:1:13: executing "template" at <.Operation.Id>: nil pointer evaluating *hookgate.Operation.Id',
    );
  });

  it('an unknown trigger is refused', () => {
    expect(failure(() => hookVars({ Trigger: 'cron' as 'manual' })).message).toBe('hook variables: Trigger: "cron" is not one of manual, scheduled, unknown');
  });
});

describe('.Summary: our own readable summary of the event', () => {
  const cases: Array<[string, HookVarsInput, string[]]> = [
    ['snapshot start', { ...base }, ['Hookgate: snapshot start — backup for plan "nightly"', 'Starting at 2024-03-15T02:30:00Z (plan nightly, repo b2-main)', 'Paths: /home/alice, /etc']],
    [
      'snapshot success with stats',
      {
        ...base,
        Event: 'CONDITION_SNAPSHOT_SUCCESS',
        Duration: '1m23.456789s',
        SnapshotId: 'abc123',
        SnapshotStats: { MessageType: 'summary', DataAdded: 1234567, TotalFilesProcessed: 4582, TotalBytesProcessed: 9876543210, FilesNew: 12, FilesChanged: 3, FilesUnmodified: 4567 },
      },
      ['Finished at 2024-03-15T02:30:00Z after 1m23.456s (plan nightly, repo b2-main)', 'Snapshot abc123', 'Added 1.235 MB; 4582 files (9.877 GB) processed: 12 new, 3 changed, 4567 unmodified'],
    ],
    ['snapshot warning', { ...base, Event: 'CONDITION_SNAPSHOT_WARNING', Error: 'partial backup' }, ['Hookgate: snapshot warning', 'Warning: partial backup']],
    ['snapshot end with an error', { ...base, Event: 'CONDITION_SNAPSHOT_END', Error: 'exit status 1' }, ['Hookgate: snapshot end', 'Error: exit status 1']],
    ['an error event', { ...base, Event: 'CONDITION_PRUNE_ERROR', Error: 'repo locked' }, ['Hookgate: prune error', 'Failed at 2024-03-15T02:30:00Z', 'Error: repo locked']],
    ['any error without a message', { Event: 'CONDITION_ANY_ERROR' }, ['Hookgate: error — (no task)', 'Error: unknown error']],
    ['a skip with the reason', { ...base, Event: 'CONDITION_SNAPSHOT_SKIPPED', Error: 'battery at 15%' }, ['Hookgate: snapshot skipped', 'Skipped at 2024-03-15T02:30:00Z', 'Reason: battery at 15%']],
    ['a retried start', { ...base, Attempt: 2 }, ['Attempt 2']],
  ];
  for (const [what, vars, lines] of cases) {
    it(`covers ${what}`, () => {
      const out = render('{{ .Summary }}', vars);
      for (const l of lines) expect(out).toContain(l);
      expect(out).not.toContain('Backrest');
    });
  }

  it('never fails for a missing repo, plan or stats (Backrest\'s does, with a nil pointer error)', () => {
    expect(render('{{ .Summary }}', { Event: 'CONDITION_CHECK_ERROR', Error: 'boom' })).toBe('Hookgate: check error — (no task)\nFailed at 0001-01-01T00:00:00Z\nError: boom');
  });

  it('is what the default command hook escapes for the shell', () => {
    expect(render('echo {{ .ShellEscape .Summary }}', { Task: "bob's", Event: 'snapshot-start' })).toBe(
      `echo 'Hookgate: snapshot start — bob'"'"'s\nStarting at 0001-01-01T00:00:00Z'`,
    );
  });
});

describe('hookVars: building Backrest\'s variables from JSON', () => {
  it('Event takes a CONDITION_ name, a short name or a number; an unnamed number prints as the number', () => {
    expect(render('{{ .Event }}', { Event: 'CONDITION_PRUNE_START' })).toBe('CONDITION_PRUNE_START');
    expect(render('{{ .Event }}', { Event: 'snapshot-end' })).toBe('CONDITION_SNAPSHOT_END');
    expect(render('{{ .Event }} {{ .Event.Number }}', { Event: 4 })).toBe('CONDITION_SNAPSHOT_ERROR 4');
    expect(render('{{ .Event }} {{ .EventName .Event }}', { Event: 999 })).toBe('999 unknown');
  });

  it('an unknown Event name is refused', () => {
    expect(failure(() => hookVars({ Event: 'CONDITION_NOPE' })).message).toBe(
      'hook variables: Event: "CONDITION_NOPE" is not a condition (e.g. CONDITION_SNAPSHOT_START or snapshot-start)',
    );
  });

  it('CurTime must be RFC 3339; its offset is kept', () => {
    expect(failure(() => hookVars({ CurTime: '15 March 2024' })).message).toBe(
      'hook variables: CurTime: "15 March 2024" is not an RFC 3339 time (e.g. 2024-03-15T02:30:00Z)',
    );
    expect(failure(() => hookVars({ CurTime: '2024-02-30T00:00:00Z' })).message).toContain('is not an RFC 3339 time');
    expect(render('{{ .CurTime }}|{{ .FormatTime .CurTime }}', { CurTime: '2024-03-15T02:30:00.5-07:00' })).toBe('2024-03-15 02:30:00.5 -0700 -0700|2024-03-15T02:30:00-07:00');
  });

  it('a JavaScript Date is taken as UTC', () => {
    expect(render('{{ .CurTime }}', { CurTime: new Date(Date.UTC(2024, 2, 15, 2, 30, 0, 250)) })).toBe('2024-03-15 02:30:00.25 +0000 UTC');
  });

  it('Duration takes nanoseconds or Go\'s duration string', () => {
    expect(render('{{ .Duration }}', { Duration: 90_000_000_000 })).toBe('1m30s');
    expect(render('{{ .Duration }} {{ .Duration.Seconds }}', { Duration: '1h2m3.5s' })).toBe('1h2m3.5s 3723.5');
    expect(render('{{ .Duration }}', { Duration: '-1.5µs' })).toBe('-1.5µs');
    expect(failure(() => hookVars({ Duration: 'soon' })).message).toBe(
      'hook variables: Duration: "soon" is not a duration (use nanoseconds or Go\'s form, e.g. "1m23.5s")',
    );
  });

  it('stats counters are exact int64s and refuse fractions; floats stay float64', () => {
    const vars = parseJson('{"SnapshotStats": {"TotalBytesProcessed": 9223372036854775807, "TotalDuration": 2, "FilesNew": -3}}') as HookVarsInput;
    expect(render('{{ .SnapshotStats.TotalBytesProcessed }} {{ printf "%T" .SnapshotStats.TotalDuration }} {{ .SnapshotStats.FilesNew }}', vars)).toBe(
      '9223372036854775807 float64 -3',
    );
    expect(failure(() => hookVars({ SnapshotStats: { FilesNew: 1.5 } })).message).toBe('hook variables: SnapshotStats.FilesNew: expected a whole number, got 1.5');
  });

  it('nested keys are matched as encoding/json does (Go name or tag, any case); unknown ones are refused', () => {
    expect(render('{{ .Repo.Id }} {{ .SnapshotStats.DataAdded }}', { Repo: { id: 'r' }, SnapshotStats: { data_added: 5 } })).toBe('r 5');
    expect(failure(() => hookVars({ Repo: { Identifier: 'x' } })).message).toContain('hook variables: Repo.Identifier: no such field in v1.Repo (fields: Id, Uri, Guid');
  });

  it('a wrong type is refused with the field path', () => {
    expect(failure(() => hookVars({ Plan: { Paths: '/home' } })).message).toBe('hook variables: Plan.Paths: expected a list of strings, got "/home"');
    expect(failure(() => hookVars({ Task: 5 as unknown as string })).message).toBe('hook variables: Task: expected a string, got 5');
  });

  it('unknown top-level keys are ignored, as encoding/json does', () => {
    expect(render('{{ .Task }}', { Task: 't', Extra: 1 })).toBe('t');
  });

  it('a missing or null Repo, Plan or SnapshotStats is a nil pointer', () => {
    expect(render('[{{ .Repo }}] [{{ .Plan }}] [{{ .SnapshotStats }}]', { Repo: null })).toBe('[<nil>] [<nil>] [<nil>]');
  });

  it('.JsonMarshal of the whole variables includes Hookgate\'s fields after Backrest\'s', () => {
    const out = render('{{ .JsonMarshal . }}', { Task: 't', Trigger: 'manual' });
    expect(out.startsWith('{"Task":"t","Event":0,"Repo":null,"Plan":null,"SnapshotId":"","SnapshotStats":null,"CurTime":"0001-01-01T00:00:00Z","Duration":0,"Error":""')).toBe(true);
    expect(out).toContain('"System":{"Battery":{"Percent":null,"Charging":null,"Present":null},"OnAC":null');
    expect(out).toContain('"Attempt":1,"Trigger":"manual","Decision":"","Operation":null}');
  });
});

describe('Backrest helpers beyond the corpus', () => {
  it('JsonMarshal escapes \\b and \\f as Go 1.22+ does [go-version-sensitive]', () => {
    expect(render('{{ .JsonMarshal .Error }}', { Error: 'a\bb\fc\u0001' })).toBe('"a\\bb\\fc\\u0001"');
  });

  it('JsonMarshal of nil, of a missing operation and of a whole number float', () => {
    expect(render('{{ .JsonMarshal nil }} {{ .JsonMarshal .Operation }} {{ .JsonMarshal 2.0 }} {{ .JsonMarshal 1e21 }} {{ .JsonMarshal 0.0000001 }}')).toBe('null null 2 1e+21 1e-7');
  });

  it('ShellEscape quotes the empty string and anything outside [A-Za-z0-9_@%+=:,./-]', () => {
    expect(render('{{ .ShellEscape "" }} {{ .ShellEscape "a-b_c" }} {{ .ShellEscape "a b" }} {{ .ShellEscape "it\'s" }}')).toBe(`'' a-b_c 'a b' 'it'"'"'s'`);
  });

  it('time methods are callable on .CurTime', () => {
    const vars = { CurTime: '2024-03-15T02:30:05.123Z' };
    expect(render('{{ .CurTime.Format "Mon Jan _2 15:04:05.000 MST 2006" }}|{{ .CurTime.Month }}|{{ .CurTime.YearDay }}|{{ .CurTime.UnixMilli }}', vars)).toBe(
      'Fri Mar 15 02:30:05.123 UTC 2024|March|75|1710469805123',
    );
    expect(render('{{ .CurTime.Format "3:04PM Z07:00 -0700 01/02/06" }}', { CurTime: '2024-03-15T14:30:00+05:30' })).toBe('2:30PM +05:30 +0530 03/15/24');
  });

  it('FormatDuration truncates to milliseconds; Duration methods round and truncate', () => {
    expect(render('{{ .FormatDuration .Duration }} {{ .Duration.Milliseconds }} {{ .Duration.Round 1000000000 }}', { Duration: '1.5009s' })).toBe('1.5s 1500 2s');
  });
});

describe('the public API', () => {
  it('checkTemplate returns nothing for a good template and Go\'s message with a position for a bad one', () => {
    expect(checkTemplate('{{ if .Error }}x{{ end }}')).toEqual([]);
    expect(checkTemplate('line1\nline2 {{ if }}\n')).toEqual([{ line: 2, col: 13, message: 'template: template:2: missing value for if' }]);
    expect(checkTemplate('ok\n  {{ .Foo | }} {{ nofunc }}', 'hook')).toEqual([{ line: 2, col: 19, message: 'template: hook:2: function "nofunc" not defined' }]);
    expect(checkTemplate('{{ range .x }}')[0]).toMatchObject({ line: 1, message: 'template: template:1: unexpected EOF' });
  });

  it('checkTemplate does not execute: exec-time problems are not reported', () => {
    expect(checkTemplate('{{ .Repo.Id }} {{ len 3 }}')).toEqual([]);
  });

  it('exec errors carry the kind, line and column of the failing action', () => {
    const e = failure(() => renderTemplate('ab\ncé{{ len 3 }}', null));
    expect(e.kind).toBe('exec');
    expect([e.line, e.col]).toEqual([2, 6]);
    expect(e.message).toBe('template: template:2:6: executing "template" at <len 3>: error calling len: len of type int');
  });

  it('the template name appears in messages', () => {
    expect(failure(() => renderTemplate('{{ .x.y }}', { x: 1 }, { name: 'battery-check' })).message).toBe(
      'template: battery-check:1:5: executing "battery-check" at <.x.y>: can\'t evaluate field y in type interface {}',
    );
  });

  it('plain JSON data is decoded as Go decodes into interface{}; null is nil data', () => {
    expect(renderTemplate('{{ . }} {{ printf "%T" .n }}', { n: 1000000, b: [true, null] })).toBe('map[b:[true <nil>] n:1e+06] float64');
    expect(renderTemplate('[{{ . }}]', null)).toBe('[<no value>]');
    expect(renderTemplate('{{ printf "%T" . }}', jsonToGoValue([1]))).toBe('[]interface {}');
  });

  it('an unknown option is refused as Go refuses it', () => {
    expect(failure(() => renderTemplate('x', null, { options: ['missingkey=nope'] })).message).toBe('unrecognized option: missingkey=nope');
  });

  it('defaultTemplate replaces a template of only spaces, not one with a newline', () => {
    expect(renderTemplate('   ', null, { defaultTemplate: 'default' })).toBe('default');
    expect(renderTemplate('\n', null, { defaultTemplate: 'default' })).toBe('\n');
  });

  it('renders the same text again from the cache with other data', () => {
    const tpl = '{{ .Task }}!';
    expect(render(tpl, { Task: 'a' })).toBe('a!');
    expect(render(tpl, { Task: 'b' })).toBe('b!');
  });
});

describe('guards against runaway templates', () => {
  it('output is capped at 64 MiB with a clear error', () => {
    const big = 'x'.repeat(1 << 20);
    const e = failure(() => renderTemplate('{{ range 100 }}{{ $.big }}{{ end }}', { big }));
    expect(e.kind).toBe('exec');
    expect(e.message).toContain('output exceeds the limit of 67108864 bytes');
  });

  it('template recursion stops at the depth limit', () => {
    expect(failure(() => renderTemplate('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', null)).message).toContain(
      'exceeded maximum template depth (1000)',
    );
  });

  it('a loop that does nothing forever stops after the step budget', () => {
    expect(failure(() => renderTemplate('{{ range 100000000000 }}{{ end }}', null)).message).toBe(
      'template: template:1:9: executing "template" at <{{range 100000000000}}{{end}}>: execution stopped after 10000000 steps (a runaway loop?)',
    );
  });

  it('deeply nested parentheses are a parse error, not a stack overflow', () => {
    const e = failure(() => renderTemplate('{{ ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ' }}', null));
    expect(e.kind).toBe('parse');
    expect(e.message).toBe('template: template:1: max expression depth exceeded');
  });
});
