/**
 * Go templates as the docker 28.2.2 client runs them. Every expected string below was printed by
 * the real client against `npm run serve` (the same engine), e.g. `docker inspect -f '...' web`.
 */
import { describe, expect, it } from 'vitest';
import { parseGoTemplate, runInspect, runTyped, runHeader, TemplateError } from '../../../../../../simulator/runtime/cli/docker/format/gotemplate/index.ts';
import { sprintf } from '../../../../../../simulator/runtime/cli/docker/format/gotemplate/fmt.ts';

const container = {
  Id: 'abc123',
  Name: '/web',
  State: { Status: 'running', Running: true, Pid: 1004, ExitCode: 0 },
  Config: { Env: ['PATH=/usr/bin', 'A=1'], Labels: { app: 'web' }, ExposedPorts: { '80/tcp': {} }, Image: 'httpd' },
  HostConfig: { Binds: null, Links: null },
  NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' }, net2: { IPAddress: '172.10.10.3' } } },
};

const inspect = (t: string, data: unknown = container): string => runInspect(parseGoTemplate(t), data);
const parseError = (t: string): string => {
  try {
    parseGoTemplate(t);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
  }
  return 'no error';
};
const execError = (t: string, data: unknown = container): string => {
  try {
    inspect(t, data);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
  }
  return 'no error';
};

describe('Go templates: evaluation', () => {
  it('ranges over a map with key and value variables, keys sorted', () => {
    expect(inspect('{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{$v.IPAddress}};{{end}}')).toBe('bridge 172.17.0.2;net2 172.10.10.3;');
  });

  it('prints maps, slices, nil slices and empty structs as Go does', () => {
    expect(inspect('{{.Config.Labels}}')).toBe('map[app:web]');
    expect(inspect('{{.Config.Env}}')).toBe('[PATH=/usr/bin A=1]');
    expect(inspect('{{.HostConfig.Binds}} {{.HostConfig.Links}}')).toBe('[] []');
    expect(inspect('{{.Config.ExposedPorts}}')).toBe('map[80/tcp:{}]');
    expect(inspect('{{.Config.Labels.missing}}')).toBe('<no value>');
  });

  it('has the builtins and the CLI functions', () => {
    expect(inspect('{{index .Config.Labels "app"}} {{len .Config.Env}} {{join .Config.Env ","}}')).toBe('web 2 PATH=/usr/bin,A=1');
    expect(inspect('{{split .Name "e"}} {{upper .Name}} {{lower "AB"}} {{title "hello world"}}')).toBe('[/w b] /WEB ab Hello World');
    expect(inspect('{{json .Config.Labels}}')).toBe('{"app":"web"}');
    expect(inspect('{{println .Name}}')).toBe('/web\n');
    expect(inspect('{{eq .Name "/web"}} {{ne 1 2}} {{lt 1 2}} {{and 1 0}} {{or 0 "x"}} {{not true}}')).toBe('true true true 0 x false');
    expect(inspect('{{- .Name -}}  {{/* c */}}  {{.Id}}')).toBe('/web  abc123');
    expect(inspect('{{with .Config}}{{.Image}}{{else}}none{{end}}')).toBe('httpd');
    expect(inspect('{{range $i, $e := .Config.Env}}{{$i}}={{$e}};{{end}}')).toBe('0=PATH=/usr/bin;1=A=1;');
    expect(inspect('{{range .Config.Env}}{{if eq . "A=1"}}{{break}}{{end}}{{.}}{{end}}')).toBe('PATH=/usr/bin');
    expect(inspect('{{$x := .Name}}{{$x}}{{if .State.Running}} up{{else if .State.Pid}} pid{{end}}')).toBe('/web up');
  });

  it('formats with printf as fmt.Sprintf does', () => {
    expect(inspect('{{printf "%s-%d-%5s|%-5s|%q" .Name .State.Pid "a" "b" .Name}}')).toBe('/web-1004-    a|b    |"/web"');
    expect(inspect('{{printf "%v %T %x %.2f %5.1f %03d" .State.Pid .Name 255 1.5 2.25 7}}')).toBe('1004 string ff 1.50   2.2 007');
    expect(sprintf('%d %s', ['x'], () => 'map')).toBe('%!d(string=x) %!s(MISSING)');
  });
});

describe('Go templates: errors', () => {
  it('parse errors carry Go wording and the line', () => {
    expect(parseError('{{.Name')).toBe('template: :1: unclosed action');
    expect(parseError('{{.Name}')).toBe("template: :1: bad character U+007D '}'");
    expect(parseError('{{foo .Name}}')).toBe('template: :1: function "foo" not defined');
    expect(parseError('{{$x}}')).toBe('template: :1: undefined variable "$x"');
    expect(parseError('{{if}}{{end}}')).toBe('template: :1: missing value for if');
    expect(parseError('{{end}}')).toBe('template: :1: unexpected {{end}}');
    expect(parseError('{{range .Config.Env}}{{.}}{{end')).toBe('template: :1: unclosed action');
  });

  it('execution errors name the position, the node and the type', () => {
    expect(execError('{{.Foo}}')).toBe('template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"');
    expect(execError('{{.State.Foo}}')).toBe('template: :1:8: executing "" at <.State.Foo>: map has no entry for key "Foo"');
    expect(execError('{{index .Config.Env 99}}')).toBe('template: :1:2: executing "" at <index .Config.Env 99>: error calling index: index out of range: 99');
    expect(execError('{{len 3}}')).toBe('template: :1:2: executing "" at <len 3>: error calling len: len of type int');
    expect(execError('{{upper}}')).toBe('template: :1:2: executing "" at <upper>: wrong number of args for upper: want 1 got 0');
    expect(execError('{{upper 3}}')).toBe('template: :1:8: executing "" at <3>: expected string; found 3');
    expect(execError('{{eq .Name 1}}')).toBe('template: :1:2: executing "" at <eq .Name 1>: error calling eq: incompatible types for comparison');
  });

  it('a formatter row is a Go type: an unknown field names it', () => {
    const tree = parseGoTemplate('{{.Foo}}');
    expect(() => runTyped(tree, { ID: 'x' }, { rootType: '*formatter.ContainerContext' })).toThrow('template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext');
  });

  it('table headers keep what was written before an error', () => {
    expect(runHeader(parseGoTemplate('{{.ID}}\t{{upper}}'), { ID: 'CONTAINER ID' })).toBe('CONTAINER ID\t');
  });
});
