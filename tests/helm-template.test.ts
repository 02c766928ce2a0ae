/**
 * tools/helm-template held to Go itself. Each case below is a one-template chart; its expected text
 * was produced once, not by this engine, by rendering the same chart with go version go1.19.8 linux/amd64's text/template,
 * Sprig v3.2.3 and Helm v3.13.3's engine (pkg/engine and the values code of pkg/chartutil copied
 * line for line into a small Go program built from Debian's packages, Sprig's clock pinned to the
 * Unix epoch). Where Go fails ({ error } records its message) the engine must fail too; the message
 * may differ. tests/fixtures/helm-golden/digests.json holds the same program's sha256 of every
 * template rendered for DIGIT's releases, with the same Go, Sprig and Helm versions.
 */
import * as assert from "node:assert/strict";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { FileTree, renderedTexts, renderInputs, renderTexts } from "../tools/helm-template";
import { devopsTree, environmentValues, Group, groupHelmfiles, readHelmfile } from "../tools/digit-upstream/releases";

interface Case {
  name: string;
  /** templates/t.yaml, whose text is compared */
  tpl: string;
  /** the chart's values.yaml */
  values?: string;
  /** templates/_helpers.tpl */
  helpers?: string;
  /** more files under templates/ */
  files?: Record<string, string>;
  /** user values (what -f gives) */
  user?: Record<string, unknown>;
  /** a dependency chart "sub" (repository file://./sub); its templates/s.yaml is compared too */
  sub?: { values?: string; files: Record<string, string> };
  want: string | { error: string };
}

const chartYaml = "apiVersion: v2\nname: c\nversion: 0.1.0\n";
const chartYamlWithSub = chartYaml + "dependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://./sub\n";
const subChartYaml = "apiVersion: v2\nname: sub\nversion: 0.1.0\n";

function tree(c: Case): FileTree {
  const files: Record<string, string> = { "c/Chart.yaml": c.sub ? chartYamlWithSub : chartYaml, "c/templates/t.yaml": c.tpl };
  if (c.helpers !== undefined) files["c/templates/_helpers.tpl"] = c.helpers;
  for (const [n, src] of Object.entries(c.files ?? {})) files[`c/templates/${n}`] = src;
  if (c.values !== undefined) files["c/values.yaml"] = c.values;
  if (c.sub) {
    files["c/sub/Chart.yaml"] = subChartYaml;
    if (c.sub.values !== undefined) files["c/sub/values.yaml"] = c.sub.values;
    for (const [n, src] of Object.entries(c.sub.files)) files[`c/sub/templates/${n}`] = src;
  }
  return { read: (f) => files[f], list: (d) => Object.keys(files).filter((f) => f.startsWith(d + "/")) };
}

/** The case's t.yaml as rendered (and the subchart's s.yaml after a marker, when there is one). */
function render(c: Case): string {
  const texts = renderTexts(renderInputs(tree(c), "c", { releaseName: "rel", namespace: "ns", values: (c.user ?? {}) as Record<string, unknown> }));
  const t = texts.find((x) => x.file === "c/templates/t.yaml")!.text;
  const s = texts.find((x) => x.file === "c/sub/templates/s.yaml");
  return s ? `${t}\n---sub---\n${s.text}` : t;
}

/** values most cases share */
const V = `
i: 3
neg: -5
big: 1000000
f: 0.1
e: 1e6
half: 2.5
huge: 12345678901234567890
oct: 0755
hex: 0x1F
sexa: 1:20
when: 2001-12-14
yes: yes
on: on
b: true
bf: false
sfalse: "false"
s: hello
empty: ""
zero: 0
nul: null
list: [a, b, c]
nums: [1, 2, 3]
emptyList: []
emptyMap: {}
m: {b: 2, a: 1, c: {z: 26, y: 25}}
keys: {item10: 1, item9: 2, Abc: 3, _x: 4, "a-b": 5, "a.b": 6, "1": 7, "10": 8, "2": 9}
multi: |
  line1
  line2
`;

const cases: Case[] = [
  { name: "trim both sides", tpl: "a  {{- \"b\" -}}  c", want: "abc" },
  { name: "trim newlines", tpl: "a\n{{- if true }}\nb\n{{- end }}\nc\n", want: "a\nb\nc\n" },
  { name: "trim tabs and CR", tpl: "a \r\n\t{{- 1 -}} \r\n\tb", want: "a1b" },
  { name: "minus number is not a trim", tpl: "x {{-3}} {{ -3 }} {{- -3 }}", want: "x -3 -3-3" },
  { name: "comment", tpl: "a {{/* c */}} b", want: "a  b" },
  { name: "trimmed comment", tpl: "a\n  {{- /* c\n multi */ -}}\n  b", want: "ab" },
  { name: "comment left trim only", tpl: "a\n{{- /* c */}}\nb", want: "a\nb" },
  { name: "comment without space before close", tpl: "a {{- /* c */-}} b", want: { error: "parse error at (c/templates/t.yaml:1): comment ends before closing delimiter" } },
  { name: "bad comment", tpl: "a {{/* c */ x}} b", want: { error: "parse error at (c/templates/t.yaml:1): comment ends before closing delimiter" } },
  { name: "trim inside range", tpl: "{{- range .Values.list }}\n- {{ . }}\n{{- end }}\n", want: "\n" },
  { name: "newline inside action", tpl: "{{ printf\n \"%s\"\n .Values.s }}", want: "%!s(<nil>)" },
  { name: "raw string with newline", tpl: "{{ `a\nb` }}", want: "a\nb" },
  { name: "string escapes", tpl: "{{ \"a\\tb\\n\\\"q\\\"\\x41\\u00e9\\101\" }}", want: "a\tb\n\"q\"AéA" },
  { name: "char constant", tpl: "{{ 'a' }} {{ '\\n' }} {{ printf \"%c\" 'x' }}", want: "97 10 x" },
  { name: "else if chain", tpl: "{{ range .Values.list }}{{ if eq . \"a\" }}A{{ else if eq . \"b\" }}B{{ else }}other{{ end }};{{ end }}", values: V, want: "A;B;other;" },
  { name: "if empty things", tpl: "{{ if .Values.empty }}1{{ end }}{{ if .Values.zero }}2{{ end }}{{ if .Values.emptyList }}3{{ end }}{{ if .Values.emptyMap }}4{{ end }}{{ if .Values.nul }}5{{ end }}{{ if .Values.sfalse }}6{{ end }}{{ if .Values.bf }}7{{ end }}{{ if .Values.f }}8{{ end }}", values: V, want: "68" },
  { name: "with else", tpl: "{{ with .Values.missing }}yes{{ else }}no{{ end }} {{ with .Values.s }}{{ . }}{{ end }} {{ with $x := .Values.i }}{{ $x }}{{ . }}{{ end }}", values: V, want: "no hello 33" },
  { name: "range map sorted", tpl: "{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}", values: V, want: "a=1;b=2;c=map[true:25 z:26];" },
  { name: "range keys order", tpl: "{{ range $k, $v := .Values.keys }}{{ $k }} {{ end }}", values: V, want: "1 10 2 Abc _x a-b a.b item10 item9 " },
  { name: "range list index", tpl: "{{ range $i, $v := .Values.list }}{{ $i }}:{{ $v }} {{ end }}", values: V, want: "0:a 1:b 2:c " },
  { name: "range one var", tpl: "{{ range $v := .Values.list }}{{ $v }}{{ end }}", values: V, want: "abc" },
  { name: "range else", tpl: "{{ range .Values.emptyList }}x{{ else }}none{{ end }} {{ range .Values.missing }}x{{ else }}nil{{ end }}", values: V, want: "none nil" },
  { name: "range break continue", tpl: "{{ range .Values.nums }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ if eq . 3.0 }}{{ break }}{{ end }}{{ . }}{{ end }}", values: "nums: [1, 2, 3, 4]", want: "1" },
  { name: "range over int", tpl: "{{ range 3 }}{{ . }}{{ end }}", want: { error: "template: c/templates/t.yaml:1:9: executing \"c/templates/t.yaml\" at <3>: range can't iterate over 3" } },
  { name: "range over string", tpl: "{{ range \"abc\" }}{{ . }}{{ end }}", want: { error: "template: c/templates/t.yaml:1:9: executing \"c/templates/t.yaml\" at <\"abc\">: range can't iterate over abc" } },
  { name: "range over number value", tpl: "{{ range .Values.i }}{{ . }}{{ end }}", values: V, want: { error: "template: c/templates/t.yaml:1:16: executing \"c/templates/t.yaml\" at <.Values.i>: range can't iterate over 3" } },
  { name: "range dot and dollar", tpl: "{{ range .Values.list }}{{ . }}{{ $.Values.s }}{{ end }}", values: V, want: "ahellobhellochello" },
  { name: "break outside range", tpl: "{{ break }}", want: { error: "parse error at (c/templates/t.yaml:1): {{break}} outside {{range}}" } },
  { name: "assign in if", tpl: "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", want: "2" },
  { name: "declare in if is scoped", tpl: "{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", want: "21" },
  { name: "undefined variable", tpl: "{{ if false }}{{ $nope }}{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): undefined variable \"$nope\"" } },
  { name: "variable out of scope", tpl: "{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}", want: { error: "parse error at (c/templates/t.yaml:1): undefined variable \"$y\"" } },
  { name: "range var out of scope", tpl: "{{ range $i, $v := .Values.list }}{{ end }}{{ $i }}", values: V, want: { error: "parse error at (c/templates/t.yaml:1): undefined variable \"$i\"" } },
  { name: "assign undeclared", tpl: "{{ $z = 1 }}", want: { error: "template: c/templates/t.yaml:1:8: executing \"c/templates/t.yaml\" at <1>: undefined variable: $z" } },
  { name: "variable field chain", tpl: "{{ $m := .Values.m }}{{ $m.c.z }} {{ $.Values.m.a }}", values: V, want: "26 1" },
  { name: "dollar in define", tpl: "{{ include \"d\" \"x\" }}{{ template \"d\" 5 }}", helpers: "{{ define \"d\" }}[{{ $ }}]{{ end }}", want: "[x][5]" },
  { name: "too many declarations", tpl: "{{ range $a, $b, $c := .Values.list }}{{ end }}", values: V, want: { error: "parse error at (c/templates/t.yaml:1): too many declarations in range" } },
  { name: "and returns operand", tpl: "{{ and 1 0 \"x\" }}|{{ and 1 \"x\" }}|{{ and .Values.s .Values.list }}|{{ and .Values.missing 1 }}", values: V, want: "0|x|[a b c]|" },
  { name: "or returns operand", tpl: "{{ or 0 \"\" \"x\" }}|{{ or .Values.missing \"d\" }}|{{ or 0 false }}|{{ or .Values.nul }}", values: V, want: "x|d|false|" },
  { name: "and short-circuits", tpl: "{{ and false (fail \"not reached\") }}{{ or true (fail \"nor this\") }}", want: "falsetrue" },
  { name: "and without args", tpl: "{{ and }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <and>: wrong number of args for and: want at least 1 got 0" } },
  { name: "not", tpl: "{{ not .Values.missing }} {{ not 1 }} {{ not .Values.emptyList }} {{ not (index .Values \"missing\") }}", values: V, want: "true false true true" },
  { name: "eq int and float value", tpl: "{{ eq .Values.i 3 }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <eq .Values.i 3>: error calling eq: incompatible types for comparison" } },
  { name: "eq float value and float literal", tpl: "{{ eq .Values.i 3.0 }}", values: V, want: "true" },
  { name: "eq int and string", tpl: "{{ eq 1 \"1\" }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <eq 1 \"1\">: error calling eq: incompatible types for comparison" } },
  { name: "eq missing and string", tpl: "{{ eq .Values.missing \"x\" }} {{ ne .Values.missing \"\" }} {{ eq .Values.nul nil }}", values: V, want: "false true true" },
  { name: "eq nil nil", tpl: "{{ eq nil nil }}", want: "true" },
  { name: "eq many", tpl: "{{ eq \"a\" \"b\" \"a\" }} {{ eq 1 2 3 }}", want: "true false" },
  { name: "eq lists", tpl: "{{ eq .Values.list .Values.list }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <eq .Values.list .Values.list>: error calling eq: non-comparable type [a b c]: []interface {}" } },
  { name: "eq int results", tpl: "{{ eq (len .Values.list) 3 }} {{ eq (add 1 2) 3 }} {{ eq (.Values.i | int) 3 }}", values: V, want: "true true true" },
  { name: "ne bool", tpl: "{{ ne .Values.b false }} {{ ne .Values.b \"true\" }}", values: V, want: { error: "template: c/templates/t.yaml:1:28: executing \"c/templates/t.yaml\" at <ne .Values.b \"true\">: error calling ne: incompatible types for comparison" } },
  { name: "lt mixed", tpl: "{{ lt 1 2.5 }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <lt 1 2.5>: error calling lt: incompatible types for comparison" } },
  { name: "lt values", tpl: "{{ lt .Values.i 4.0 }} {{ lt \"a\" \"b\" }} {{ gt (len .Values.list) 2 }} {{ le 2 2 }} {{ ge .Values.half .Values.f }}", values: V, want: "true true true true true" },
  { name: "lt nil", tpl: "{{ lt .Values.missing 1 }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <lt .Values.missing 1>: error calling lt: invalid type for comparison" } },
  { name: "index missing key", tpl: "[{{ index .Values \"missing\" }}] [{{ index .Values.m \"c\" \"z\" }}]", values: V, want: "[] [26]" },
  { name: "index of nil", tpl: "{{ index .Values.missing \"a\" }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <index .Values.missing \"a\">: error calling index: index of untyped nil" } },
  { name: "index list out of range", tpl: "{{ index .Values.list 5 }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <index .Values.list 5>: error calling index: index out of range: 5" } },
  { name: "index list with float", tpl: "{{ index .Values.list 1.0 }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <index .Values.list 1.0>: error calling index: cannot index slice/array with type float64" } },
  { name: "index list with int result", tpl: "{{ index .Values.list (sub 2 1) }} {{ index .Values.list (len (list 1 2)) }}", values: V, want: "b c" },
  { name: "index string", tpl: "{{ index \"abc\" 1 }}", want: "98" },
  { name: "index map with int", tpl: "{{ index .Values.m 1 }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <index .Values.m 1>: error calling index: value has type int; should be string" } },
  { name: "index no keys", tpl: "{{ index .Values.s }}", values: V, want: "hello" },
  { name: "field of missing map key", tpl: "{{ .Values.missing.x }}", values: V, want: { error: "template: c/templates/t.yaml:1:10: executing \"c/templates/t.yaml\" at <.Values.missing.x>: nil pointer evaluating interface {}.x" } },
  { name: "field of null", tpl: "{{ .Values.nul.x }}", values: V, want: { error: "template: c/templates/t.yaml:1:10: executing \"c/templates/t.yaml\" at <.Values.nul.x>: nil pointer evaluating interface {}.x" } },
  { name: "field of string", tpl: "{{ .Values.s.x }}", values: V, want: { error: "template: c/templates/t.yaml:1:10: executing \"c/templates/t.yaml\" at <.Values.s.x>: can't evaluate field x in type interface {}" } },
  { name: "field of list", tpl: "{{ .Values.list.x }}", values: V, want: { error: "template: c/templates/t.yaml:1:10: executing \"c/templates/t.yaml\" at <.Values.list.x>: can't evaluate field x in type interface {}" } },
  { name: "missing key prints nothing", tpl: "[{{ .Values.missing }}][{{ .Values.nul }}][{{ .Values.m.missing }}]", values: V, want: "[][][]" },
  { name: "print nil", tpl: "[{{ print .Values.missing }}][{{ print nil }}][{{ println .Values.nul }}][{{ printf \"%v\" .Values.missing }}]", values: V, want: "[<nil>][<nil>][<nil>\n][<nil>]" },
  { name: "nil is not a command", tpl: "{{ nil }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <nil>: nil is not a command" } },
  { name: "field on pipe result", tpl: "{{ (dict \"a\" (dict \"b\" 1)).a.b }}", want: "1" },
  { name: "chart fields", tpl: "{{ .Chart.Name }}|{{ .Chart.Version }}|{{ .Chart.AppVersion | quote }}|{{ .Chart.IsRoot }}|{{ .Chart.APIVersion }}", want: "c|0.1.0|\"\"|true|v2" },
  { name: "chart missing field", tpl: "{{ .Chart.Nope }}", want: { error: "template: c/templates/t.yaml:1:9: executing \"c/templates/t.yaml\" at <.Chart.Nope>: can't evaluate field Nope in type interface {}" } },
  { name: "release and capabilities", tpl: "{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }} {{ .Release.IsInstall }} {{ .Release.Revision }} [{{ .Release.Time }}] {{ .Capabilities.APIVersions.Has \"apps/v1\" }} {{ .Capabilities.APIVersions.Has \"nope/v1\" }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.KubeVersion.Major }}", want: "rel ns Helm true 1 [] true false v1.31.0 v1.31.0 1" },
  { name: "template name", tpl: "{{ .Template.Name }} {{ .Template.BasePath }}", want: "c/templates/t.yaml c/templates" },
  { name: "default", tpl: "{{ default \"d\" nil }}|{{ default \"d\" .Values.missing }}|{{ default \"d\" \"\" }}|{{ default \"d\" 0 }}|{{ default \"d\" false }}|{{ default \"d\" .Values.emptyList }}|{{ default \"d\" .Values.emptyMap }}|{{ default \"d\" .Values.s }}|{{ .Values.missing | default 5 }}|{{ default \"d\" .Values.f }}", values: V, want: "d|d|d|d|d|d|d|hello|5|0.1" },
  { name: "default no given", tpl: "{{ default \"d\" }}", want: "d" },
  { name: "empty", tpl: "{{ empty .Values.missing }} {{ empty .Values.zero }} {{ empty .Values.f }} {{ empty .Values.emptyMap }} {{ empty .Values.m }} {{ empty \"\" }} {{ empty false }}", values: V, want: "true true false true false true true" },
  { name: "coalesce", tpl: "{{ coalesce .Values.missing .Values.empty .Values.zero \"x\" }} [{{ coalesce .Values.missing }}]", values: V, want: "x []" },
  { name: "quote", tpl: "{{ quote nil }}|{{ quote .Values.missing }}|{{ quote 1 }}|{{ quote .Values.big }}|{{ quote .Values.b }}|{{ quote \"a\\\"b\" \"c\" }}|{{ quote .Values.list }}|{{ squote .Values.s 2 }}|{{ quote .Values.multi }}", values: V, want: "||\"1\"|\"1e+06\"|\"true\"|\"a\\\"b\" \"c\"|\"[a b c]\"|'hello' '2'|\"line1\\nline2\\n\"" },
  { name: "ternary", tpl: "{{ ternary \"y\" \"n\" true }} {{ ternary \"y\" \"n\" .Values.bf }}", values: V, want: "y n" },
  { name: "ternary nil", tpl: "{{ ternary \"y\" \"n\" .Values.missing }}", values: V, want: { error: "template: c/templates/t.yaml:1:26: executing \"c/templates/t.yaml\" at <.Values.missing>: wrong type for value; expected bool; got interface {}" } },
  { name: "numbers from values", tpl: "{{ .Values.i }} {{ .Values.neg }} {{ .Values.big }} {{ .Values.f }} {{ .Values.e }} {{ .Values.half }} {{ .Values.huge }} {{ .Values.oct }} {{ .Values.hex }} {{ .Values.sexa }} {{ .Values.when }} {{ .Values.yes }} {{ .Values.on }} {{ .Values.true }}", values: V, want: "3 -5 1e+06 0.1 1e+06 2.5 1.2345678901234567e+19 493 31 1:20 2001-12-14   true" },
  { name: "number literals", tpl: "{{ 3 }} {{ 3.0 }} {{ 1e6 }} {{ 1000000 }} {{ 0.1 }} {{ 0x10 }} {{ -7 }} {{ 1.5e-7 }} {{ 0o17 }} {{ 1_000 }}", want: "3 3 1e+06 1000000 0.1 16 -7 1.5e-07 15 1000" },
  { name: "float formatting", tpl: "{{ .Values.a }} {{ .Values.b }} {{ .Values.c }} {{ .Values.d }} {{ .Values.e }} {{ .Values.f }} {{ .Values.g }}", values: "a: 123456\nb: 1234567\nc: 0.0001\nd: 0.00001\ne: 1e21\nf: 100000000000000000000\ng: -0.5\n", want: "123456 1.234567e+06 0.0001 1e-05 1e+21 1e+20 -0.5" },
  { name: "arithmetic", tpl: "{{ add .Values.i 1 }} {{ sub .Values.i 5 }} {{ mul .Values.f 10 }} {{ div 7 2 }} {{ mod 7 2 }} {{ add1 .Values.i }} {{ max 1 5 3 }} {{ min 4 2 }} {{ add \"2\" 3 }} {{ add 1.9 1.9 }}", values: V, want: "4 -2 0 3 1 4 5 2 5 2" },
  { name: "int conversions", tpl: "{{ int \"12\" }} {{ int \"010\" }} {{ int \"0x1F\" }} {{ int \"3.0\" }} {{ int \"3.5\" }} {{ int \" 5\" }} {{ int 3.9 }} {{ int nil }} {{ int true }} {{ int \"abc\" }} {{ int .Values.big }} {{ int64 \"7\" }} {{ atoi \"42\" }} {{ atoi \"x\" }} {{ int \"-4\" }} {{ int \"1e3\" }}", values: V, want: "12 8 31 3 0 0 3 0 1 0 1000000 7 42 0 -4 0" },
  { name: "float64 and toString", tpl: "{{ float64 \"1.5\" }} {{ float64 3 }} {{ toString 1.5 }} {{ toString .Values.big }} {{ toString nil }} {{ toString .Values.list }} {{ toString true }} {{ float64 \"x\" }}", values: V, want: "1.5 3 1.5 1e+06 <nil> [a b c] true 0" },
  { name: "len", tpl: "{{ len .Values.list }} {{ len \"héllo\" }} {{ len .Values.m }} {{ len .Values.emptyMap }}", values: V, want: "3 6 3 0" },
  { name: "len of number", tpl: "{{ len .Values.i }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <len .Values.i>: error calling len: len of type float64" } },
  { name: "len of nil", tpl: "{{ len .Values.missing }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <len .Values.missing>: error calling len: len of nil pointer" } },
  { name: "booleans", tpl: "{{ .Values.b }} {{ not .Values.b }} {{ toString .Values.bf }} {{ .Values.sfalse }} {{ if .Values.sfalse }}truthy{{ end }} {{ true }} {{ printf \"%t\" .Values.b }}", values: V, want: "true false false false truthy true true" },
  { name: "printf verbs", tpl: "{{ printf \"%s|%v|%d|%q\" \"a\" .Values.i 3 \"x\\\"y\" }}", values: V, want: "a|3|3|\"x\\\"y\"" },
  { name: "printf wrong verbs", tpl: "{{ printf \"%s|%d|%s|%d\" 1 .Values.i .Values.i \"s\" }}", values: V, want: "%!s(int=1)|%!d(float64=3)|%!s(float64=3)|%!d(string=s)" },
  { name: "printf nil and missing", tpl: "{{ printf \"%s|%v|%d\" nil .Values.missing nil }}|{{ printf \"%s-%s\" \"a\" }}|{{ printf \"%s\" \"a\" \"b\" }}", values: V, want: "%!s(<nil>)|<nil>|%!d(<nil>)|a-%!s(MISSING)|a%!(EXTRA string=b)" },
  { name: "printf widths", tpl: "{{ printf \"[%5s][%-5s][%05d][%.2f][%x][%X][%o][%t][%%][%8.3f][%+d][%e][%g]\" \"a\" \"b\" 42 3.14159 255 255 8 true 2.5 5 1234.5678 0.000012 }}", want: "[    a][b    ][00042][3.14][ff][FF][10][true][%][   2.500][+5][1.234568e+03][1.2e-05]" },
  { name: "printf composites", tpl: "{{ printf \"%v %s %v %v\" .Values.m .Values.list .Values.nums (list 1 \"a\" nil) }}", values: V, want: "map[a:1 b:2 c:map[true:25 z:26]] [a b c] [1 2 3] [1 a <nil>]" },
  { name: "printf q of number", tpl: "{{ printf \"%q\" 65 }} {{ printf \"%q\" .Values.list }}", values: V, want: "'A' [\"a\" \"b\" \"c\"]" },
  { name: "print spacing", tpl: "{{ print 1 2 }}|{{ print \"a\" 1 }}|{{ print 1 \"a\" 2 }}|{{ print .Values.i .Values.f }}|{{ println \"a\" 1 }}|{{ print }}", values: V, want: "1 2|a1|1a2|3 0.1|a 1\n|" },
  { name: "print composites", tpl: "{{ .Values.m }} {{ .Values.list }} {{ .Values.nums }} {{ .Values.emptyMap }} {{ .Values.emptyList }} {{ list 1 nil \"x\" }} {{ dict \"a\" nil }}", values: V, want: "map[a:1 b:2 c:map[true:25 z:26]] [a b c] [1 2 3] map[] [] [1 <nil> x] map[a:<nil>]" },
  { name: "nindent multi-line", tpl: "x:{{ \"a\\nb\\n\" | nindent 2 }}|", want: "x:\n  a\n  b\n  |" },
  { name: "indent cases", tpl: "[{{ indent 2 \"\" }}][{{ indent 2 \"a\\r\\nb\" }}][{{ indent 0 \"a\\nb\" }}][{{ nindent 4 .Values.multi }}]", values: V, want: "[  ][  a\r\n  b][a\nb][\n    line1\n    line2\n    ]" },
  { name: "indent with float count", tpl: "{{ indent .Values.i \"a\" }}", values: V, want: { error: "template: c/templates/t.yaml:1:17: executing \"c/templates/t.yaml\" at <.Values.i>: wrong type for value; expected int; got float64" } },
  { name: "indent with int64 count", tpl: "{{ indent (add 1 1) \"a\" }}", want: { error: "template: c/templates/t.yaml:1:17: executing \"c/templates/t.yaml\" at <1>: wrong type for value; expected int; got int64" } },
  { name: "indent with int count", tpl: "{{ indent (int .Values.i) \"a\" }}", values: V, want: "   a" },
  { name: "indent of number", tpl: "{{ indent 2 5 }}", want: { error: "template: c/templates/t.yaml:1:12: executing \"c/templates/t.yaml\" at <5>: expected string; found 5" } },
  { name: "indent of missing", tpl: "{{ .Values.missing | indent 2 }}", values: V, want: { error: "template: c/templates/t.yaml:1:28: executing \"c/templates/t.yaml\" at <2>: invalid value; expected string" } },
  { name: "toYaml nested", tpl: "{{ toYaml .Values }}", values: "b: {y: [1, {q: x}], x: []}\na: {}\nc: [[1, 2], []]\nd: null\ne: [{}, {a: 1, b: [x]}]\n", want: "a: {}\nb:\n  \"true\":\n  - 1\n  - q: x\n  x: []\nc:\n- - 1\n  - 2\n- []\nd: null\ne:\n- {}\n- a: 1\n  b:\n  - x" },
  { name: "toYaml strings needing quotes", tpl: "{{ toYaml .Values }}", values: "\ns1: \"yes\"\ns2: \"no\"\ns3: \"on\"\ns4: \"true\"\ns5: \"1\"\ns6: \"1.0\"\ns7: \"0755\"\ns8: \"\"\ns9: \" leading\"\ns10: \"a: b\"\ns11: \"- x\"\ns12: \"#c\"\ns13: \"null\"\ns14: \"~\"\ns15: \"trailing \"\ns16: \"tab\\tin\"\ns17: \"unicode é\"\ns18: \"1e3\"\ns19: \"0x10\"\ns20: \"*star\"\ns21: \"&amp\"\ns22: \"!bang\"\ns23: \"%pct\"\ns24: \"@at\"\ns25: \"`tick\"\ns26: \"a #b\"\ns27: \"it's\"\ns28: \"say \\\"hi\\\"\"\ns29: \"{braces}\"\ns30: \"[brackets]\"\ns31: \"y\"\ns32: \"n\"\ns33: \"Off\"\ns34: \"1:20\"\ns35: \"2001-12-14\"\ns36: \".inf\"\ns37: \"-\"\ns38: \"?\"\ns39: \"a,b\"\ns40: \"key: value: x\"\ns41: \"|pipe\"\ns42: \">gt\"\ns43: \"'single'\"\ns44: \"back\\\\slash\"\ns45: \"NULL\"\ns46: \"012\"\ns47: \"+1\"\ns48: \".5\"\ns49: \"1_000\"\ns50: \"<<\"\n", want: "s1: \"yes\"\ns2: \"no\"\ns3: \"on\"\ns4: \"true\"\ns5: \"1\"\ns6: \"1.0\"\ns7: \"0755\"\ns8: \"\"\ns9: ' leading'\ns10: 'a: b'\ns11: '- x'\ns12: '#c'\ns13: \"null\"\ns14: \"~\"\ns15: 'trailing '\ns16: \"tab\\tin\"\ns17: unicode é\ns18: \"1e3\"\ns19: \"0x10\"\ns20: '*star'\ns21: '&amp'\ns22: '!bang'\ns23: '%pct'\ns24: '@at'\ns25: '`tick'\ns26: 'a #b'\ns27: it's\ns28: say \"hi\"\ns29: '{braces}'\ns30: '[brackets]'\ns31: \"y\"\ns32: \"n\"\ns33: \"Off\"\ns34: \"1:20\"\ns35: \"2001-12-14\"\ns36: \".inf\"\ns37: '-'\ns38: '?'\ns39: a,b\ns40: 'key: value: x'\ns41: '|pipe'\ns42: '>gt'\ns43: '''single'''\ns44: back\\slash\ns45: \"NULL\"\ns46: \"012\"\ns47: \"+1\"\ns48: \".5\"\ns49: \"1_000\"\ns50: <<" },
  { name: "toYaml multi-line strings", tpl: "{{ toYaml .Values }}", values: "a: \"x\\ny\"\nb: \"x\\ny\\n\"\nc: \"x\\n\\n\"\nd: \" x\\ny\"\ne: \"x\\ny \"\nf: \"\\n\"\ng: \"x\\r\\ny\"\nh: \"x\\ty\\nz\"\n", want: "a: |-\n  x\n  y\nb: |\n  x\n  y\nc: |+\n  x\n\nd: |2-\n   x\n  y\ne: \"x\\ny \"\nf: |2+\n\ng: \"x\\r\\ny\"\nh: \"x\\ty\\nz\"" },
  { name: "toYaml long strings", tpl: "{{ toYaml .Values }}", values: "a: \"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word\"\nb: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\nc: [\"long text long text long text long text long text long text long text long text long text long text long text long text\"]\nd: {e: \"deep value deep value deep value deep value deep value deep value deep value deep value deep value deep value\"}\n", want: "a: word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word\nb: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nc:\n- long text long text long text long text long text long text long text long text\n  long text long text long text long text\nd:\n  e: deep value deep value deep value deep value deep value deep value deep value\n    deep value deep value deep value" },
  { name: "toYaml key order", tpl: "{{ toYaml .Values.keys }}", values: V, want: "_x: 4\n\"1\": 7\n\"2\": 9\n\"10\": 8\nAbc: 3\na-b: 5\na.b: 6\nitem9: 2\nitem10: 1" },
  { name: "toYaml numbers", tpl: "{{ toYaml .Values }}", values: "a: 1000000\nb: 0.1\nc: 1e21\nd: 1000000.5\ne: 12345678901234567890\nf: 3e20\ng: -0.0\nh: 1e-7\ni: 2.0\nj: 123456789\n", want: "a: 1000000\nb: 0.1\nc: 1e+21\nd: 1.0000005e+06\ne: 12345678901234567000\nf: 3e+20\ng: 0\nh: 1e-07\ni: 2\nj: 123456789" },
  { name: "toYaml scalars", tpl: "{{ toYaml \"a\" }}|{{ toYaml 1 }}|{{ toYaml nil }}|{{ toYaml .Values.missing }}|{{ toYaml true }}|{{ toYaml .Values.list }}|{{ toYaml (list) }}|{{ toYaml (dict) }}|{{ toYaml \"\" }}", values: V, want: "a|1|null|null|true|- a\n- b\n- c|[]|{}|\"\"" },
  { name: "toYaml in nindent", tpl: "spec:\n  {{- toYaml .Values.m | nindent 2 }}\n", values: V, want: "spec:\n  a: 1\n  b: 2\n  c:\n    \"true\": 25\n    z: 26\n" },
  { name: "toJson", tpl: "{{ toJson .Values.m }}|{{ toJson (dict \"b\" 1 \"a\" 2) }}|{{ toJson \"<>&\" }}|{{ toJson nil }}|{{ toJson .Values.f }}|{{ toJson (list 1 2.5 \"x\" true nil) }}|{{ toJson .Values.big }}|{{ toJson 3 }}", values: V, want: "{\"a\":1,\"b\":2,\"c\":{\"true\":25,\"z\":26}}|{\"a\":2,\"b\":1}|\"\\u003c\\u003e\\u0026\"|null|0.1|[1,2.5,\"x\",true,null]|1000000|3" },
  { name: "fromYaml", tpl: "{{ $x := fromYaml \"a: 1\\nb: [x, yes]\\n\" }}{{ $x.a }} {{ $x.b }} {{ (fromYaml \"- a\").Error }}", want: "1 [x true] error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}" },
  { name: "fromJson", tpl: "{{ $x := fromJson \"{\\\"a\\\": 1000000, \\\"b\\\": [1, 2]}\" }}{{ $x.a }} {{ $x.b }}", want: "1e+06 [1 2]" },
  { name: "dict", tpl: "{{ dict \"a\" 1 \"b\" }} {{ dict }} {{ dict 1 2 }} {{ dict \"x\" nil }}", want: "map[a:1 b:] map[] map[1:2] map[x:<nil>]" },
  { name: "hasKey", tpl: "{{ hasKey .Values.m \"a\" }} {{ hasKey .Values.m \"z\" }} {{ hasKey .Values \"nul\" }} {{ hasKey (dict) \"a\" }}", values: V, want: "true false true false" },
  { name: "hasKey of missing", tpl: "{{ hasKey .Values.missing \"a\" }}", values: V, want: { error: "template: c/templates/t.yaml:1:17: executing \"c/templates/t.yaml\" at <.Values.missing>: wrong type for value; expected map[string]interface {}; got interface {}" } },
  { name: "hasKey of nil literal", tpl: "{{ hasKey nil \"a\" }}", want: "false" },
  { name: "get set unset keys", tpl: "{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $d }} {{ get $d \"a\" }} [{{ get $d \"z\" }}] {{ unset $d \"a\" }} {{ keys (dict \"b\" 1 \"a\" 2) | sortAlpha }}", want: "map[a:1 b:2] 1 [] map[b:2] [a b]" },
  { name: "deepCopy is a copy", tpl: "{{ $c := deepCopy .Values.m }}{{ $_ := set $c \"a\" 9 }}{{ $_ := set $c.c \"z\" 0 }}{{ .Values.m }} {{ $c }}", values: V, want: "map[a:1 b:2 c:map[true:25 z:26]] map[a:9 b:2 c:map[true:25 z:0]]" },
  { name: "mustMergeOverwrite", tpl: "{{ $d := dict \"a\" 1 \"b\" (dict \"x\" 1 \"y\" 2) \"c\" \"keep\" \"l\" (list 1 2) }}{{ $s := dict \"a\" false \"b\" (dict \"y\" 3 \"z\" 4) \"c\" \"\" \"l\" (list 3) \"n\" nil }}{{ mustMergeOverwrite $d $s }}", want: "map[a:false b:map[x:1 y:3 z:4] c: l:[3] n:<nil>]" },
  { name: "mustMergeOverwrite nil over value", tpl: "{{ $d := dict \"a\" 1 \"b\" (dict \"x\" 1) }}{{ $s := dict \"a\" nil \"b\" nil }}{{ mustMergeOverwrite $d $s }}", want: "map[a:<nil> b:<nil>]" },
  { name: "mustMergeOverwrite map over scalar and back", tpl: "{{ $d := dict \"a\" \"str\" \"b\" (dict \"x\" 1) }}{{ $s := dict \"a\" (dict \"k\" 1) \"b\" \"str\" }}{{ mustMergeOverwrite $d $s }}", want: "map[a:str b:str]" },
  { name: "mustMergeOverwrite zero over empty", tpl: "{{ $d := dict \"a\" \"\" \"b\" 0 \"c\" (list) }}{{ $s := dict \"a\" \"\" \"b\" 0 \"c\" (list) }}{{ mustMergeOverwrite $d $s }} {{ mustMergeOverwrite (dict) (dict \"a\" (dict \"b\" 1)) (dict \"a\" (dict \"c\" 2)) }}", want: "map[a: b:0 c:[]] map[a:map[b:1 c:2]]" },
  { name: "mergeOverwrite values tree", tpl: "{{ $o := mergeOverwrite (deepCopy .Values.m) (dict \"c\" (dict \"z\" \"new\") \"a\" nil) }}{{ toYaml $o }}", values: V, want: "a: null\nb: 2\nc:\n  \"true\": 25\n  z: new" },
  { name: "merge keeps dst", tpl: "{{ $d := dict \"a\" 1 \"b\" \"\" \"c\" (dict \"x\" 1) \"e\" false }}{{ merge $d (dict \"a\" 2 \"b\" \"fill\" \"c\" (dict \"x\" 2 \"y\" 3) \"d\" 4 \"e\" true) }}", want: "map[a:1 b:fill c:map[x:1 y:3] d:4 e:true]" },
  { name: "merge nil src values", tpl: "{{ merge (dict \"a\" 1 \"z\" nil) (dict \"a\" nil \"b\" nil \"z\" 5) }}", want: "map[a:1 z:5]" },
  { name: "merge into values shares", tpl: "{{ $_ := merge .Values.m (dict \"q\" 1) }}{{ .Values.m.q }}", values: V, want: "1" },
  { name: "set on context", tpl: "{{ $_ := set . \"Values\" (dict \"x\" 1) }}{{ .Values.x }}", want: "1" },
  { name: "tpl", tpl: "{{ tpl \"{{ .Values.s }}-{{ .Release.Name }}\" . }}", values: V, want: "hello-rel" },
  { name: "tpl with define and include", tpl: "{{ tpl \"{{ define \\\"inner\\\" }}I{{ .Values.s }}{{ end }}{{ include \\\"inner\\\" . }}\" . }}", values: V, want: "Ihello" },
  { name: "tpl defines do not leak", tpl: "{{ tpl \"{{ define \\\"leak\\\" }}L{{ end }}\" . }}{{ include \"leak\" . }}", want: { error: "template: c/templates/t.yaml:1:48: executing \"c/templates/t.yaml\" at <include \"leak\" .>: error calling include: template: no template \"leak\" associated with template \"gotpl\"" } },
  { name: "tpl sees helpers", tpl: "{{ tpl \"{{ include \\\"h\\\" . }}\" . }}", values: V, helpers: "{{ define \"h\" }}H{{ .Values.s }}{{ end }}", want: "Hhello" },
  { name: "tpl on values", tpl: "{{ tpl .Values.t . }}", values: "t: \"{{ .Values.s }} {{ .Chart.Name }}\"\ns: v\n", want: "v c" },
  { name: "tpl with non-root data", tpl: "{{ tpl \"x\" .Values }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <tpl \"x\" .Values>: error calling tpl: cannot retrieve Template.Basepath from values inside tpl function: x: no value BasePath" } },
  { name: "tpl template name", tpl: "{{ tpl \"{{ .Template.Name }}\" . }}", want: "c/templates/t.yaml" },
  { name: "tpl missing value", tpl: "[{{ tpl \"{{ .Values.missing }}\" . }}]", want: "[]" },
  { name: "tpl of number", tpl: "{{ tpl 5 . }}", want: { error: "template: c/templates/t.yaml:1:7: executing \"c/templates/t.yaml\" at <5>: expected string; found 5" } },
  { name: "include and template", tpl: "a:\n  {{- include \"lbl\" (dict \"name\" \"x\" \"v\" 1) | nindent 2 }}\nb:\n  {{ template \"lbl\" (dict \"name\" \"y\") }}\n", helpers: "{{- define \"lbl\" -}}\napp: {{ .name }}\nv: {{ .v }}\n{{- end -}}", want: "a:\n  app: x\n  v: 1\nb:\n  app: y\nv: \n" },
  { name: "template piped", tpl: "{{ template \"x\" . | indent 2 }}", helpers: "{{ define \"x\" }}X{{ end }}", want: { error: "template: c/templates/t.yaml:1:27: executing \"c/templates/t.yaml\" at <2>: wrong type for value; expected string; got main.Values" } },
  { name: "template without data", tpl: "{{ template \"x\" }}", helpers: "{{ define \"x\" }}[{{ . }}]{{ end }}", want: "[]" },
  { name: "include undefined", tpl: "{{ include \"nope\" . }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <include \"nope\" .>: error calling include: template: no template \"nope\" associated with template \"gotpl\"" } },
  { name: "template undefined", tpl: "{{ template \"nope\" . }}", want: { error: "template: c/templates/t.yaml:1:12: executing \"c/templates/t.yaml\" at <{{template \"nope\" .}}>: template \"nope\" not defined" } },
  { name: "include file template", tpl: "[{{ include \"c/templates/_helpers.tpl\" . }}]", helpers: "{{ define \"x\" }}X{{ end }}", want: "[]" },
  { name: "empty define does not override", tpl: "{{ define \"x\" }}  {{ end }}{{ include \"x\" . }}", helpers: "{{ define \"x\" }}full{{ end }}", want: "full" },
  { name: "later define wins", tpl: "{{ define \"x\" }}t{{ end }}{{ include \"x\" . }}", helpers: "{{ define \"x\" }}helpers{{ end }}", want: "helpers" },
  { name: "block", tpl: "{{ block \"blk\" . }}default {{ .Release.Name }}{{ end }}", want: "default rel" },
  { name: "define in nested", tpl: "{{ if true }}{{ define \"x\" }}{{ end }}{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): unexpected <define> in command" } },
  { name: "template name not constant", tpl: "{{ template .Values.s }}", values: V, want: { error: "parse error at (c/templates/t.yaml:1): unexpected \".Values\" in template clause" } },
  { name: "recursive include", tpl: "{{ include \"r\" (list 1 2 3) }}", helpers: "{{ define \"r\" }}{{ if gt (len .) 0 }}{{ first . }}{{ include \"r\" (rest .) }}{{ end }}{{ end }}", want: "123" },
  { name: "contains hasPrefix", tpl: "{{ contains \"ell\" .Values.s }} {{ hasPrefix \"he\" .Values.s }} {{ hasSuffix \"lo\" .Values.s }} {{ \"foobar\" | contains \"foo\" }}", values: V, want: "true true true true" },
  { name: "contains on number", tpl: "{{ contains \"1\" .Values.i }}", values: V, want: { error: "template: c/templates/t.yaml:1:23: executing \"c/templates/t.yaml\" at <.Values.i>: wrong type for value; expected string; got float64" } },
  { name: "string funcs on missing", tpl: "{{ upper .Values.missing }}", values: V, want: { error: "template: c/templates/t.yaml:1:16: executing \"c/templates/t.yaml\" at <.Values.missing>: wrong type for value; expected string; got interface {}" } },
  { name: "string funcs piped missing", tpl: "{{ .Values.missing | upper }}", values: V, want: { error: "template: c/templates/t.yaml:1:21: executing \"c/templates/t.yaml\" at <upper>: invalid value; expected string" } },
  { name: "string funcs", tpl: "{{ upper \"abc\" }} {{ lower \"ABC\" }} {{ title \"hello world-x o'neil élan\" }} {{ trim \"  x  \" }} {{ trimSuffix \"-x\" \"a-x\" }} {{ trimPrefix \"a-\" \"a-x\" }} {{ replace \"a\" \"b\" \"aaa\" }} {{ trunc 3 \"héllo\" }} {{ trunc -2 \"hello\" }} {{ trunc 10 \"hi\" }}", want: "ABC abc Hello World-X O'Neil Élan x a x bbb hé lo hi" },
  { name: "split join", tpl: "{{ $s := split \",\" \"a,b,c\" }}{{ $s._1 }} {{ $s }} {{ splitList \",\" \"a,,b\" }} {{ join \"-\" (list 1 nil \"a\" 2.5) }} {{ join \",\" \"x\" }} {{ join \",\" (splitList \"/\" \"p/q\") }}", want: "b map[_0:a _1:b _2:c] [a  b] 1-a-2.5 x p,q" },
  { name: "hasKey on split", tpl: "{{ hasKey (split \",\" \"a,b\") \"_0\" }}", want: { error: "template: c/templates/t.yaml:1:21: executing \"c/templates/t.yaml\" at <\"a,b\">: wrong type for value; expected map[string]interface {}; got map[string]string" } },
  { name: "b64enc", tpl: "{{ b64enc \"hello\" }} {{ b64enc \"é\" }} {{ \"aGk=\" | b64dec }} {{ b64enc \"\" }}", want: "aGVsbG8= w6k= hi " },
  { name: "b64enc of number", tpl: "{{ b64enc .Values.i }}", values: V, want: { error: "template: c/templates/t.yaml:1:17: executing \"c/templates/t.yaml\" at <.Values.i>: wrong type for value; expected string; got float64" } },
  { name: "upper of number", tpl: "{{ upper 1 }}", want: { error: "template: c/templates/t.yaml:1:9: executing \"c/templates/t.yaml\" at <1>: expected string; found 1" } },
  { name: "required ok", tpl: "{{ required \"need\" .Values.s }} {{ required \"need\" 0 }} {{ required \"need\" false }} {{ required \"need\" .Values.emptyList }}", values: V, want: "hello 0 false []" },
  { name: "required missing", tpl: "{{ required \"need a value\" .Values.missing }}", values: V, want: { error: "execution error at (c/templates/t.yaml:1:3): need a value" } },
  { name: "required empty string", tpl: "{{ required \"need\" .Values.empty }}", values: V, want: { error: "execution error at (c/templates/t.yaml:1:3): need" } },
  { name: "fail", tpl: "{{ fail \"boom\" }}", want: { error: "execution error at (c/templates/t.yaml:1:3): boom" } },
  { name: "list funcs", tpl: "{{ list }} {{ list 1 \"a\" }} {{ first .Values.list }} {{ last .Values.list }} {{ rest .Values.list }} {{ append .Values.list \"d\" }} {{ has \"b\" .Values.list }} {{ uniq (list 1 1 2) }}", values: V, want: "[] [1 a] a c [b c] [a b c d] true [1 2]" },
  { name: "date with nil", tpl: "{{ date \"2006-01-02\" .Release.Time }} {{ now | date \"20060102\" }}", want: "1970-01-01 19700101" },
  { name: "undefined function", tpl: "{{ if false }}{{ nosuchfunc }}{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): function \"nosuchfunc\" not defined" } },
  { name: "unclosed if", tpl: "{{ if true }}x", want: { error: "parse error at (c/templates/t.yaml:1): unexpected EOF" } },
  { name: "extra end", tpl: "x{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): unexpected {{end}}" } },
  { name: "else twice", tpl: "{{ if true }}a{{ else }}b{{ else }}c{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): expected end; found {{else}}" } },
  { name: "else with", tpl: "{{ with .Values.missing }}a{{ else with .Values.s }}{{ . }}{{ end }}", values: V, want: { error: "parse error at (c/templates/t.yaml:1): unexpected <with> in else" } },
  { name: "pipeline into non-function", tpl: "{{ \"x\" | .Values.s }}", values: V, want: { error: "template: c/templates/t.yaml:1:16: executing \"c/templates/t.yaml\" at <.Values.s>: s is not a method but has arguments" } },
  { name: "argument to non-function", tpl: "{{ .Values.s 1 }}", values: V, want: { error: "template: c/templates/t.yaml:1:10: executing \"c/templates/t.yaml\" at <.Values.s>: s is not a method but has arguments" } },
  { name: "method with args", tpl: "{{ .Capabilities.APIVersions.Has }}", want: { error: "template: c/templates/t.yaml:1:16: executing \"c/templates/t.yaml\" at <.Capabilities.APIVersions.Has>: wrong number of args for Has: want 1 got 0" } },
  { name: "wrong arg count", tpl: "{{ quote }}|{{ upper \"a\" \"b\" }}", want: { error: "template: c/templates/t.yaml:1:15: executing \"c/templates/t.yaml\" at <upper>: wrong number of args for upper: want 1 got 2" } },
  { name: "dot nil in include", tpl: "{{ include \"n\" .Values.missing }}", values: V, helpers: "{{ define \"n\" }}[{{ . }}][{{ .x }}]{{ end }}", want: "[][]" },
  { name: "string helpers", tpl: "{{ trimAll \"-\" \"--a-b--\" }} {{ substr 1 3 \"hello\" }} {{ substr -1 2 \"hello\" }} {{ substr 2 99 \"hello\" }} {{ repeat 3 \"ab\" }} {{ cat \"a\" nil 1 .Values.f }} {{ nospace \" a b\\tc \" }} {{ plural \"one\" \"many\" 2 }} {{ replace \"\" \"-\" \"ab\" }}", values: V, want: "a-b el he llo ababab a 1 0.1 abc many -a-b-" },
  { name: "repeat negative", tpl: "{{ repeat -1 \"x\" }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <repeat -1 \"x\">: error calling repeat: strings: negative Repeat count" } },
  { name: "substr out of range", tpl: "{{ substr 3 1 \"hello\" }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <substr 3 1 \"hello\">: error calling substr: runtime error: slice bounds out of range [3:1]" } },
  { name: "paths", tpl: "{{ base \"a/b/c.txt\" }} {{ dir \"a/b/c.txt\" }} {{ ext \"a/b/c.tar.gz\" }} {{ clean \"a//b/../c/\" }} {{ base \"\" }} {{ dir \"x\" }} {{ isAbs \"/a\" }} {{ base \"/\" }}", want: "c.txt a/b .gz a/c . . true /" },
  { name: "hashes", tpl: "{{ sha256sum \"abc\" }} {{ sha1sum \"abc\" }} {{ sha256sum \"é\" }}", want: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad a9993e364706816aba3e25717850c26c9cd0d89d 4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c" },
  { name: "more lists", tpl: "{{ initial .Values.list }} {{ prepend .Values.list 0 }} {{ reverse .Values.list }} {{ without .Values.list \"b\" }} {{ concat .Values.list (list 1) }} {{ compact (list 0 \"\" \"x\" nil false 1) }} {{ slice .Values.list 1 }} {{ slice .Values.list 1 2 }} {{ until 3 }} {{ untilStep 0 10 3 }} {{ until -2 }} {{ rest (list) }} {{ first (list) }}", values: V, want: "[a b] [0 a b c] [c b a] [a c] [a b c 1] [x 1] [b c] [b] [0 1 2] [0 3 6 9] [0 -1] [] " },
  { name: "first of nil", tpl: "{{ first .Values.missing }}", values: V, want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <first .Values.missing>: error calling first: runtime error: invalid memory address or nil pointer dereference" } },
  { name: "more dicts", tpl: "{{ pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3) }} {{ pick .Values.m \"a\" \"zz\" }} {{ omit .Values.m \"c\" }} {{ values (dict \"a\" 1) }} {{ dig \"c\" \"z\" \"dflt\" .Values.m }} {{ dig \"c\" \"q\" \"dflt\" .Values.m }} {{ dict \"k\" (dict) | toJson }}", values: V, want: "[1 3] map[a:1] map[a:1 b:2] [1] 26 dflt {\"k\":{}}" },
  { name: "reflection", tpl: "{{ kindOf .Values.i }} {{ kindOf .Values.s }} {{ kindOf .Values.list }} {{ kindOf .Values.m }} {{ kindOf nil }} {{ kindOf 1 }} {{ kindOf (add 1 1) }} {{ typeOf 1 }} {{ typeOf .Values.f }} {{ typeOf (list) }} {{ typeOf (dict) }} {{ typeOf (add 1 1) }} {{ typeOf nil }} {{ typeOf (splitList \",\" \"a\") }} {{ kindIs \"float64\" .Values.i }} {{ typeIs \"string\" .Values.s }}", values: V, want: "float64 string slice map invalid int int64 int float64 []interface {} map[string]interface {} int64 <nil> []string true true" },
  { name: "all any", tpl: "{{ all 1 \"a\" }} {{ all 1 0 }} {{ any 0 \"\" }} {{ any 0 \"x\" }} {{ all }} {{ any }}", want: "true false false true true false" },
  { name: "numbers more", tpl: "{{ floor 2.7 }} {{ ceil 2.1 }} {{ round 2.345 2 }} {{ round 2.5 0 }} {{ floor \"3.9\" }} {{ float64 \"1e3\" }} {{ mul 2 3 4 }} {{ add }} {{ max 1 }} {{ biggest 3 9 }}", want: "2 3 2.35 3 3 1000 24 0 1 9" },
  { name: "div by zero", tpl: "{{ div 1 0 }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <div 1 0>: error calling div: runtime error: integer divide by zero" } },
  { name: "json flavours", tpl: "{{ toPrettyJson .Values.m }}|{{ toRawJson \"<a>\" }}|{{ toPrettyJson (list) }}|{{ toPrettyJson (dict) }}|{{ (fromJsonArray \"[1, \\\"a\\\"]\") }}|{{ fromYamlArray \"- 1\\n- yes\" }}", values: V, want: "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": {\n    \"true\": 25,\n    \"z\": 26\n  }\n}|\"<a>\"|[]|{}|[1 a]|[1 true]" },
  { name: "splitn toStrings", tpl: "{{ splitn \",\" 2 \"a,b,c\" }} {{ toStrings (list 1 nil \"a\" 2.5) }} {{ splitList \"\" \"abc\" }}", want: "map[_0:a _1:b,c] [1 a 2.5] [a b c]" },
  { name: "dates", tpl: "{{ date \"2006-01-02T15:04:05Z07:00 Mon Jan 2 3PM .000\" 86400 }} {{ htmlDate 0 }} {{ now }} {{ date \"Monday January _2 06 002\" (int64 1700000000) }} {{ dateInZone \"15:04 MST\" 3600 \"UTC\" }} {{ now | toJson }}", want: "1970-01-02T00:00:00Z Fri Jan 2 12AM .000 1970-01-01 1970-01-01 00:00:00 +0000 UTC Tuesday November 14 23 318 01:00 UTC \"1970-01-01T00:00:00Z\"" },
  { name: "date with float", tpl: "{{ date \"2006\" .Values.big }}", values: V, want: "1970" },
  { name: "quote of structs", tpl: "{{ quote .Capabilities.KubeVersion }} {{ toString .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion }} {{ .Capabilities.APIVersions }} {{ len .Capabilities.APIVersions }}", want: "\"{v1.31.0 1 31}\" {v1.31.0 1 31} v1.31.0 [v1 apps/v1 batch/v1 networking.k8s.io/v1 policy/v1 autoscaling/v2 rbac.authorization.k8s.io/v1] 7" },
  { name: "chart toYaml", tpl: "{{ toYaml .Chart }}", want: "IsRoot: true\napiVersion: v2\nname: c\nversion: 0.1.0" },
  { name: "print types", tpl: "{{ printf \"%T %T %T %T %T %T\" 1 1.5 \"s\" .Values.list .Values.m (add 1 1) }}", values: V, want: "int float64 string []interface {} map[string]interface {} int64" },
  { name: "printf more", tpl: "{{ printf \"%v|%+v|%x|%X|%o|%b|%c|%U|%08.3f|%-8d|%+.2e|%G|%5.1s|%q\" .Values.m (dict \"a\" 1) \"hi\" 255 8 5 65 65 3.14159 42 12345.678 1e-10 \"abc\" 1.5 }}", values: V, want: "map[a:1 b:2 c:map[true:25 z:26]]|map[a:1]|6869|FF|10|101|A|U+0041|0003.142|42      |+1.23e+04|1E-10|    a|%!q(float64=1.5)" },
  { name: "printf star", tpl: "{{ printf \"[%*d][%-*d][%.*f]\" 5 42 4 7 2 3.14159 }}", want: "[   42][7   ][3.14]" },
  { name: "printf no verb", tpl: "{{ printf \"100%\" }}|{{ printf \"%d %%\" 5 }}|{{ printf \"%!\" }}", want: "100%!(NOVERB)|5 %|%!!(MISSING)" },
  { name: "float edge printing", tpl: "{{ .Values.a }} {{ .Values.b }} {{ .Values.c }} {{ .Values.d }} {{ printf \"%.0f %.1f %.2f %.3f\" 0.5 0.25 1.005 2.0005 }} {{ printf \"%g %e\" 100000.0 0.0 }}", values: "a: 1.0e-300\nb: 1.7976931348623157e308\nc: 5e-324\nd: 123456789.123\n", want: "1e-300 1.7976931348623157e+308 5e-324 1.23456789123e+08 0 0.2 1.00 2.001 100000 0.000000e+00" },
  { name: "ints large", tpl: "{{ 9223372036854775807 }} {{ add 9223372036854775807 1 }} {{ int64 \"9223372036854775807\" }} {{ int \"99999999999999999999\" }}", want: "9223372036854775807 -9223372036854775808 9223372036854775807 0" },
  { name: "int overflow literal", tpl: "{{ 99999999999999999999 }}", want: { error: "parse error at (c/templates/t.yaml:1): \"99999999999999999999\"" } },
  { name: "hex float literal", tpl: "{{ 0x1p-2 }} {{ -0x1E }} {{ 0x1E }} {{ 1e3 | int }}", want: "0.25 -30 30 1000" },
  { name: "regexless string funcs", tpl: "{{ title \"ǆemal 1st snake_case x.y\" }} {{ upper \"straße\" }} {{ lower \"İSTANBUL\" }}", want: "ǅemal 1st Snake_case X.Y STRAßE istanbul" },
  { name: "include nested and scope", tpl: "{{ include \"a\" (dict \"x\" 1) }}{{ $x := 5 }}{{ template \"b\" (dict \"x\" $x) }}", helpers: "{{- define \"a\" -}}[{{ .x }}{{ include \"b\" . }}]{{- end -}}{{- define \"b\" -}}<{{ $.x }}>{{- end -}}", want: "[1<1>]<5>" },
  { name: "variable in define not visible", tpl: "{{ $outer := 1 }}{{ include \"v\" . }}", helpers: "{{ define \"v\" }}{{ $outer }}{{ end }}", want: { error: "parse error at (c/templates/_helpers.tpl:1): undefined variable \"$outer\"" } },
  { name: "range map one var and assign", tpl: "{{ $last := \"\" }}{{ range $v := .Values.m }}{{ $last = $v }}{{ end }}{{ $last }} {{ range $k, $v := dict }}x{{ end }}", values: V, want: "map[true:25 z:26] " },
  { name: "range nil element field", tpl: "{{ range (list (dict \"a\" 1) nil) }}{{ .a }}{{ end }}", want: { error: "template: c/templates/t.yaml:1:38: executing \"c/templates/t.yaml\" at <.a>: nil pointer evaluating interface {}.a" } },
  { name: "range nil element var field", tpl: "{{ range $e := (list nil) }}{{ $e.a }}{{ end }}", want: { error: "template: c/templates/t.yaml:1:33: executing \"c/templates/t.yaml\" at <$e.a>: nil pointer evaluating interface {}.a" } },
  { name: "var of missing then field", tpl: "{{ $x := .Values.missing }}[{{ $x.y }}]", values: V, want: "[]" },
  { name: "with missing dot field", tpl: "{{ with $x := index .Values \"m\" }}{{ $x.a }}{{ end }}", values: V, want: "1" },
  { name: "template data pipeline", tpl: "{{ template \"t\" \"a\" | printf \"%s!\" }}", helpers: "{{ define \"t\" }}{{ . }}{{ end }}", want: "a!" },
  { name: "pipe into method", tpl: "{{ \"apps/v1\" | .Capabilities.APIVersions.Has }}", want: "true" },
  { name: "chain on function", tpl: "{{ (fromYaml \"a: {b: 1}\").a.b }} {{ (dict \"k\" (list 1)).k }}", want: "1 [1]" },
  { name: "field on list result", tpl: "{{ (list 1 2).x }}", want: { error: "template: c/templates/t.yaml:1:11: executing \"c/templates/t.yaml\" at <2>: can't evaluate field x in type []interface {}" } },
  { name: "toYaml long quoted and keys", tpl: "{{ toYaml .Values }}", values: "long: \"key: value key: value key: value key: value key: value key: value key: value key: value key: value key: value key: value key: value\"\ndq: \"tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there\"\n\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\": v\n\"multi\\nkey\": v\nlist:\n- \"a\\nb\"\n- {x: \"c\\nd\\n\", y: [\"e\"]}\n- - \"f\\ng\"\n", want: "dq: \"tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there tab\\there\n  tab\\there tab\\there tab\\there tab\\there\"\n? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: v\nlist:\n- |-\n  a\n  b\n- \"true\":\n  - e\n  x: |\n    c\n    d\n- - |-\n    f\n    g\nlong: 'key: value key: value key: value key: value key: value key: value key: value\n  key: value key: value key: value key: value key: value'\n? |-\n  multi\n  key\n: v" },
  { name: "toYaml unicode", tpl: "{{ toYaml .Values }}", values: "a: \"\\u00a0nbsp\"\nb: \"zero\\u200bwidth\"\nc: \"\\u0085nel\"\nd: \"bom\\ufeff\"\ne: \"emoji 🎉\"\nf: \"ctl\\u0001\"\nh: \"---\"\ni: \"...x\"\nj: \"a: \"\nk: \"?x\"\nl: \"x?\"\nm: \"-x\"\nn: \"x:y\"\no: \"x #y\"\np: \"x# y\"\nq: \"x, y\"\nr: \"[x\"\n", want: "a:  nbsp\nb: zero​width\nc: ' nel'\nd: \"bom\\uFEFF\"\ne: \"emoji \\U0001F389\"\nf: \"ctl\\x01\"\n\"false\": x:y\nh: '---'\ni: '...x'\nj: 'a: '\nk: ?x\nl: x?\nm: -x\no: 'x #y'\np: x# y\nq: x, y\nr: '[x'" },
  { name: "toYaml with DEL fails", tpl: "[{{ toYaml .Values }}]", values: "g: \"del\\u007f\"\n", want: "[]" },
  { name: "toYaml NEL folding", tpl: "{{ toYaml .Values }}", values: "a: \"x \\u0085 y\"\nb: \"x\\u0085\\u0085y\"\nc: \"\\u0085lead\"\n", want: "a: x y\nb: |-\n  x\n  y\nc: ' lead'" },
  { name: "quote unicode", tpl: "{{ quote .Values.a }} {{ quote .Values.b }} {{ quote .Values.c }} {{ printf \"%q\" .Values.e }} {{ toJson .Values }}", values: "a: \"\\u00a0nbsp\"\nb: \"zero\\u200bwidth\"\nc: \"\\u0001\\u007f\\t\"\ne: \"é🎉\\u2028\"\n", want: "\"\\u00a0nbsp\" \"zero\\u200bwidth\" \"\\x01\\x7f\\t\" \"é🎉\\u2028\" {\"a\":\" nbsp\",\"b\":\"zero​width\",\"c\":\"\\u0001\\t\",\"e\":\"é🎉\\u2028\"}" },
  { name: "field on literal", tpl: "{{ \"x\".y }}", want: { error: "parse error at (c/templates/t.yaml:1): unexpected . after term \"\\\"x\\\"\"" } },
  { name: "non executable pipeline stage", tpl: "{{ 1 | 2 }}", want: { error: "parse error at (c/templates/t.yaml:1): non executable command in pipeline stage 2" } },
  { name: "empty pipeline", tpl: "{{ }}", want: { error: "parse error at (c/templates/t.yaml:1): missing value for command" } },
  { name: "if without pipeline", tpl: "{{ if }}x{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): missing value for if" } },
  { name: "unclosed action", tpl: "{{ .Values.x ", want: { error: "parse error at (c/templates/t.yaml:1): unclosed action" } },
  { name: "unclosed paren", tpl: "{{ (print 1 }}", want: { error: "parse error at (c/templates/t.yaml:1): unclosed left paren" } },
  { name: "bad number", tpl: "{{ 3x }}", want: { error: "parse error at (c/templates/t.yaml:1): \"3x\"" } },
  { name: "unterminated string", tpl: "{{ \"abc }}", want: { error: "parse error at (c/templates/t.yaml:1): unterminated quoted string" } },
  { name: "comment unclosed", tpl: "{{/* abc }}", want: { error: "parse error at (c/templates/t.yaml:1): unclosed comment" } },
  { name: "raw string in define name", tpl: "{{ define `d` }}D{{ end }}{{ template `d` }}", want: "D" },
  { name: "multiple definition in one file", tpl: "{{ define \"d\" }}1{{ end }}{{ define \"d\" }}2{{ end }}", want: { error: "parse error at (c/templates/t.yaml:1): multiple definition of template \"d\"" } },
  { name: "redefine empty in one file", tpl: "{{ define \"d\" }}1{{ end }}{{ define \"d\" }} {{ end }}{{ template \"d\" }}", want: "1" },
  { name: "shared context order", tpl: "[{{ .Values.setByA }}][{{ .Values.setByZ }}]", files: {"a.yaml":"{{ $_ := set .Values \"setByA\" 1 }}","z.yaml":"{{ $_ := set .Values \"setByZ\" 2 }}"}, want: "[][2]" },
  { name: "set dot values persists", tpl: "{{ .Values.x }}", values: "x: orig\n", files: {"u.yaml":"{{ $_ := set . \"Values\" (dict \"x\" \"replaced\") }}"}, want: "replaced" },
  { name: "parent define wins over subchart", tpl: "{{ include \"shared\" . }} {{ include \"subonly\" . }}", helpers: "{{ define \"shared\" }}parent{{ end }}", sub: {"files":{"_h.tpl":"{{ define \"shared\" }}sub{{ end }}{{ define \"subonly\" }}S{{ .Values.k }}{{ end }}"}}, want: "parent S" },
  { name: "subchart values and globals", tpl: "{{ toYaml .Values }}", values: "global: {g: parent, t: {a: 1}}\nsub: {k: fromparent}\n", user: {"global":{"t":{"b":2}},"sub":{"u":1,"global":{"g":"user-sub"}}}, sub: {"values":"k: default\nd: 1\nglobal: {g: sub, s: 1, t: {c: 3}}\n","files":{"_h.tpl":""}}, want: "global:\n  g: parent\n  t:\n    a: 1\n    b: 2\nsub:\n  d: 1\n  global:\n    g: parent\n    s: 1\n    t:\n      a: 1\n      b: 2\n      c: 3\n  k: fromparent\n  u: 1" },
  { name: "subchart renders with its context", tpl: "root", sub: {"values":"k: v\n","files":{"s.yaml":"{{ .Values.k }} {{ .Chart.Name }} {{ .Chart.IsRoot }} {{ .Template.Name }} {{ .Template.BasePath }} {{ .Values.global }}"}}, want: "root\n---sub---\nv sub false c/charts/sub/templates/s.yaml c/charts/sub/templates map[]" },
  { name: "subcharts map", tpl: "{{ .Subcharts.sub.Values.k }} {{ .Subcharts.sub.Chart.Name }}", sub: {"values":"k: v\n","files":{}}, want: "v sub" },
  { name: "tpl in subchart sees both", tpl: "x", helpers: "{{ define \"p\" }}P{{ end }}", sub: {"files":{"s.yaml":"{{ tpl \"{{ include \\\"p\\\" . }}\" . }}"}}, want: "x\n---sub---\nP" },
  { name: "tpl does not see own file defines", tpl: "{{ define \"own\" }}O{{ end }}{{ tpl \"{{ include \\\"own\\\" . }}\" . }}", want: { error: "template: c/templates/t.yaml:1:31: executing \"c/templates/t.yaml\" at <tpl \"{{ include \\\"own\\\" . }}\" .>: error calling tpl: error during tpl function execution for \"{{ include \\\"own\\\" . }}\": template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <include \"own\" .>: error calling include: template: no template \"own\" associated with template \"gotpl\"" } },
  { name: "tpl nested", tpl: "{{ tpl \"{{ tpl \\\"{{ .Release.Name }}\\\" . }}\" . }}", want: "rel" },
  { name: "values yaml 1.1", tpl: "{{ toJson .Values }}", values: "a: yes\nb: off\nc: ~\nd: 0o17\ne: 0b101\nf: +12\ng: .5\nh: 1_000\ni: 2001-12-14t21:59:43.10-05:00\nj: !!str 12\nk: !!float 3\nl: 0x_1F\n\"q\": \"quoted yes\"\nm: 'single'\nn: |\n  lit\no: >\n  folded\n  text\np: [1, 2.5, true, null]\n? complex key\n: v\n1.5: float key\n2: int key\ntrue: bool key\nr: &anchor {x: 1}\ns: *anchor\nt:\n  <<: *anchor\n  y: 2\n", want: "{\"1.5\":\"float key\",\"2\":\"int key\",\"a\":true,\"b\":false,\"c\":null,\"complex key\":\"v\",\"d\":15,\"e\":5,\"f\":12,\"false\":\"lit\\n\",\"g\":0.5,\"h\":1000,\"i\":\"2001-12-14t21:59:43.10-05:00\",\"j\":\"12\",\"k\":3,\"l\":31,\"m\":\"single\",\"o\":\"folded text\\n\",\"p\":[1,2.5,true,null],\"q\":\"quoted yes\",\"r\":{\"x\":1},\"s\":{\"x\":1},\"t\":{\"true\":2,\"x\":1},\"true\":\"bool key\"}" },
  { name: "values block scalar at end of file", tpl: "{{ .Values.a | quote }} {{ .Values.b | quote }}", values: "b: |\n  kept\na: |\n  x\n  y  ", want: "\"x\\ny  \" \"kept\\n\"" },
  { name: "values keep chomping at end", tpl: "{{ .Values.a | quote }}", values: "a: |+\n  x\n\n  y", want: "\"x\\n\\ny\"" },
  { name: "values multi-document", tpl: "{{ toJson .Values }}", values: "a: 1\n---\nb: 2\n", want: "{\"a\":1}" },
  { name: "values empty", tpl: "{{ toJson .Values }} {{ kindOf .Values }}", values: "# nothing\n", want: "{} map" },
  { name: "values inf", tpl: "{{ .Values.a }}", values: "a: .inf\n", want: { error: "cannot load values.yaml: error converting YAML to JSON: json: unsupported value: +Inf" } },
  { name: "must forms", tpl: "{{ mustFirst .Values.list }} {{ mustLast .Values.list }} {{ mustRest .Values.list }} {{ mustInitial .Values.list }} {{ mustAppend .Values.list 1 }} {{ mustPrepend .Values.list 0 }} {{ mustReverse .Values.list }} {{ mustUniq (list 1 1) }} {{ mustWithout .Values.list \"a\" }} {{ mustHas \"a\" .Values.list }} {{ mustCompact (list 0 1) }} {{ mustToJson .Values.m }} {{ mustToRawJson \"<\" }} {{ mustToPrettyJson (list 1) }} {{ mustFromJson \"[1, {\\\"a\\\": null}]\" }} {{ mustFromJson \"3\" }}", values: V, want: "a c [b c] [a b] [a b c 1] [0 a b c] [c b a] [1] [b c] true [1] {\"a\":1,\"b\":2,\"c\":{\"true\":25,\"z\":26}} \"<\" [\n  1\n] [1 map[a:<nil>]] 3" },
  { name: "mustFromJson invalid", tpl: "{{ mustFromJson \"{\" }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <mustFromJson \"{\">: error calling mustFromJson: unexpected end of JSON input" } },
  { name: "mustFirst of number", tpl: "{{ mustFirst 3 }}", want: { error: "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at <mustFirst 3>: error calling mustFirst: Cannot find first on type int" } },
  { name: "misc helpers", tpl: "{{ deepEqual .Values.m (deepCopy .Values.m) }} {{ deepEqual 1 1.0 }} {{ deepEqual (list 1) (list 1) }} {{ typeIsLike \"int\" 1 }} {{ typeIsLike \"chart.Maintainer\" 1 }} {{ hello }} {{ adler32sum \"Wikipedia\" }} {{ osBase \"a/b\" }} {{ osDir \"a/b\" }} {{ osExt \"x.y\" }} {{ osClean \"a/../b\" }} {{ osIsAbs \"b\" }}", values: V, want: "true false true true false Hello! 300286872 b a .y b false" },
  { name: "env is removed by Helm", tpl: "{{ env \"HOME\" }}", want: { error: "parse error at (c/templates/t.yaml:1): function \"env\" not defined" } },
  { name: "expandenv is removed by Helm", tpl: "{{ expandenv \"$HOME\" }}", want: { error: "parse error at (c/templates/t.yaml:1): function \"expandenv\" not defined" } },
  { name: "lookup and getHostByName", tpl: "{{ lookup \"v1\" \"Secret\" \"ns\" \"x\" }} [{{ getHostByName \"example.com\" }}]", want: "map[] []" },
  { name: "user values over defaults", tpl: "{{ toYaml .Values }}", values: "a: 1\nb: {x: 1, y: 2}\nc: keep\nd: {deep: {k: v}}\n", user: {"a":2,"b":{"y":null,"z":3},"c":null,"e":null,"d":{"deep":null}}, want: "a: 2\nb:\n  \"true\": 2\n  x: 1\n  \"y\": null\n  z: 3\nd: {}\ne: null" },
  { name: "fromJson 0", tpl: "{{ fromJson \"\" | toJson }}|{{ fromJsonArray \"\" | toJson }}", want: "{\"Error\":\"unexpected end of JSON input\"}|[\"unexpected end of JSON input\"]" },
  { name: "fromJson 1", tpl: "{{ fromJson \" \" | toJson }}|{{ fromJsonArray \" \" | toJson }}", want: "{\"Error\":\"unexpected end of JSON input\"}|[\"unexpected end of JSON input\"]" },
  { name: "fromJson 2", tpl: "{{ fromJson \"{\" | toJson }}|{{ fromJsonArray \"{\" | toJson }}", want: "{\"Error\":\"unexpected end of JSON input\"}|[\"unexpected end of JSON input\"]" },
  { name: "fromJson 3", tpl: "{{ fromJson \"[1,\" | toJson }}|{{ fromJsonArray \"[1,\" | toJson }}", want: "{\"Error\":\"unexpected end of JSON input\"}|[\"unexpected end of JSON input\"]" },
  { name: "fromJson 4", tpl: "{{ fromJson \"{\\\"a\\\"\" | toJson }}|{{ fromJsonArray \"{\\\"a\\\"\" | toJson }}", want: "{\"Error\":\"unexpected end of JSON input\"}|[\"unexpected end of JSON input\"]" },
  { name: "fromJson 5", tpl: "{{ fromJson \"{\\\"a\\\":}\" | toJson }}|{{ fromJsonArray \"{\\\"a\\\":}\" | toJson }}", want: "{\"Error\":\"invalid character '}' looking for beginning of value\"}|[\"invalid character '}' looking for beginning of value\"]" },
  { name: "fromJson 6", tpl: "{{ fromJson \"{\\\"a\\\" 1}\" | toJson }}|{{ fromJsonArray \"{\\\"a\\\" 1}\" | toJson }}", want: "{\"Error\":\"invalid character '1' after object key\"}|[\"invalid character '1' after object key\"]" },
  { name: "fromJson 7", tpl: "{{ fromJson \"[1 2]\" | toJson }}|{{ fromJsonArray \"[1 2]\" | toJson }}", want: "{\"Error\":\"invalid character '2' after array element\"}|[\"invalid character '2' after array element\"]" },
  { name: "fromJson 8", tpl: "{{ fromJson \"tru\" | toJson }}|{{ fromJsonArray \"tru\" | toJson }}", want: "{\"Error\":\"invalid character ' ' in literal true (expecting 'e')\"}|[\"invalid character ' ' in literal true (expecting 'e')\"]" },
  { name: "fromJson 9", tpl: "{{ fromJson \"nul\" | toJson }}|{{ fromJsonArray \"nul\" | toJson }}", want: "{\"Error\":\"invalid character ' ' in literal null (expecting 'l')\"}|[\"invalid character ' ' in literal null (expecting 'l')\"]" },
  { name: "fromJson 10", tpl: "{{ fromJson \"falsy\" | toJson }}|{{ fromJsonArray \"falsy\" | toJson }}", want: "{\"Error\":\"invalid character 'y' in literal false (expecting 'e')\"}|[\"invalid character 'y' in literal false (expecting 'e')\"]" },
  { name: "fromJson 11", tpl: "{{ fromJson \"\\\"abc\" | toJson }}|{{ fromJsonArray \"\\\"abc\" | toJson }}", want: "{\"Error\":\"unexpected end of JSON input\"}|[\"unexpected end of JSON input\"]" },
  { name: "fromJson 12", tpl: "{{ fromJson \"\\\"a\\\\qb\\\"\" | toJson }}|{{ fromJsonArray \"\\\"a\\\\qb\\\"\" | toJson }}", want: "{\"Error\":\"invalid character 'q' in string escape code\"}|[\"invalid character 'q' in string escape code\"]" },
  { name: "fromJson 13", tpl: "{{ fromJson \"\\\"\\\\u12g4\\\"\" | toJson }}|{{ fromJsonArray \"\\\"\\\\u12g4\\\"\" | toJson }}", want: "{\"Error\":\"invalid character 'g' in \\\\u hexadecimal character escape\"}|[\"invalid character 'g' in \\\\u hexadecimal character escape\"]" },
  { name: "fromJson 14", tpl: "{{ fromJson \"01\" | toJson }}|{{ fromJsonArray \"01\" | toJson }}", want: "{\"Error\":\"invalid character '1' after top-level value\"}|[\"invalid character '1' after top-level value\"]" },
  { name: "fromJson 15", tpl: "{{ fromJson \"-\" | toJson }}|{{ fromJsonArray \"-\" | toJson }}", want: "{\"Error\":\"invalid character ' ' in numeric literal\"}|[\"invalid character ' ' in numeric literal\"]" },
  { name: "fromJson 16", tpl: "{{ fromJson \"1.\" | toJson }}|{{ fromJsonArray \"1.\" | toJson }}", want: "{\"Error\":\"invalid character ' ' after decimal point in numeric literal\"}|[\"invalid character ' ' after decimal point in numeric literal\"]" },
  { name: "fromJson 17", tpl: "{{ fromJson \"1e\" | toJson }}|{{ fromJsonArray \"1e\" | toJson }}", want: "{\"Error\":\"invalid character ' ' in exponent of numeric literal\"}|[\"invalid character ' ' in exponent of numeric literal\"]" },
  { name: "fromJson 18", tpl: "{{ fromJson \"1e+\" | toJson }}|{{ fromJsonArray \"1e+\" | toJson }}", want: "{\"Error\":\"invalid character ' ' in exponent of numeric literal\"}|[\"invalid character ' ' in exponent of numeric literal\"]" },
  { name: "fromJson 19", tpl: "{{ fromJson \"-x\" | toJson }}|{{ fromJsonArray \"-x\" | toJson }}", want: "{\"Error\":\"invalid character 'x' in numeric literal\"}|[\"invalid character 'x' in numeric literal\"]" },
  { name: "fromJson 20", tpl: "{{ fromJson \"{} x\" | toJson }}|{{ fromJsonArray \"{} x\" | toJson }}", want: "{\"Error\":\"invalid character 'x' after top-level value\"}|[\"invalid character 'x' after top-level value\"]" },
  { name: "fromJson 21", tpl: "{{ fromJson \"[1]]\" | toJson }}|{{ fromJsonArray \"[1]]\" | toJson }}", want: "{\"Error\":\"invalid character ']' after top-level value\"}|[\"invalid character ']' after top-level value\"]" },
  { name: "fromJson 22", tpl: "{{ fromJson \"{'a':1}\" | toJson }}|{{ fromJsonArray \"{'a':1}\" | toJson }}", want: "{\"Error\":\"invalid character '\\\\'' looking for beginning of object key string\"}|[\"invalid character '\\\\'' looking for beginning of object key string\"]" },
  { name: "fromJson 23", tpl: "{{ fromJson \"é\" | toJson }}|{{ fromJsonArray \"é\" | toJson }}", want: "{\"Error\":\"invalid character 'Ã' looking for beginning of value\"}|[\"invalid character 'Ã' looking for beginning of value\"]" },
  { name: "fromJson 24", tpl: "{{ fromJson \"\\\"\\t\\\"\" | toJson }}|{{ fromJsonArray \"\\\"\\t\\\"\" | toJson }}", want: "{\"Error\":\"invalid character '\\\\t' in string literal\"}|[\"invalid character '\\\\t' in string literal\"]" },
  { name: "fromJson 25", tpl: "{{ fromJson \"{\\\"a\\\":1,}\" | toJson }}|{{ fromJsonArray \"{\\\"a\\\":1,}\" | toJson }}", want: "{\"Error\":\"invalid character '}' looking for beginning of object key string\"}|[\"invalid character '}' looking for beginning of object key string\"]" },
  { name: "fromJson 26", tpl: "{{ fromJson \"[,1]\" | toJson }}|{{ fromJsonArray \"[,1]\" | toJson }}", want: "{\"Error\":\"invalid character ',' looking for beginning of value\"}|[\"invalid character ',' looking for beginning of value\"]" },
  { name: "fromJson 27", tpl: "{{ fromJson \"null\" | toJson }}|{{ fromJsonArray \"null\" | toJson }}", want: "null|null" },
  { name: "fromJson 28", tpl: "{{ fromJson \"3\" | toJson }}|{{ fromJsonArray \"3\" | toJson }}", want: "{\"Error\":\"json: cannot unmarshal number into Go value of type map[string]interface {}\"}|[\"json: cannot unmarshal number into Go value of type []interface {}\"]" },
  { name: "fromJson 29", tpl: "{{ fromJson \"\\\"s\\\"\" | toJson }}|{{ fromJsonArray \"\\\"s\\\"\" | toJson }}", want: "{\"Error\":\"json: cannot unmarshal string into Go value of type map[string]interface {}\"}|[\"json: cannot unmarshal string into Go value of type []interface {}\"]" },
  { name: "fromJson 30", tpl: "{{ fromJson \"true\" | toJson }}|{{ fromJsonArray \"true\" | toJson }}", want: "{\"Error\":\"json: cannot unmarshal bool into Go value of type map[string]interface {}\"}|[\"json: cannot unmarshal bool into Go value of type []interface {}\"]" },
  { name: "fromJson 31", tpl: "{{ fromJson \"[1,2]\" | toJson }}|{{ fromJsonArray \"[1,2]\" | toJson }}", want: "{\"Error\":\"json: cannot unmarshal array into Go value of type map[string]interface {}\"}|[1,2]" },
  { name: "fromJson 32", tpl: "{{ fromJson \"{\\\"a\\\":{\\\"b\\\":[1,null]}}\" | toJson }}|{{ fromJsonArray \"{\\\"a\\\":{\\\"b\\\":[1,null]}}\" | toJson }}", want: "{\"a\":{\"b\":[1,null]}}|[\"json: cannot unmarshal object into Go value of type []interface {}\"]" },
  { name: "fromJson 33", tpl: "{{ fromJson \" {\\\"a\\\" : 1 } \" | toJson }}|{{ fromJsonArray \" {\\\"a\\\" : 1 } \" | toJson }}", want: "{\"a\":1}|[\"json: cannot unmarshal object into Go value of type []interface {}\"]" },
];

describe("helm-template renders what Go's text/template, Sprig and Helm's engine render", () => {
  for (const c of cases) {
    it(c.name, () => {
      if (typeof c.want === "string") assert.equal(render(c), c.want);
      else assert.throws(() => render(c), Error, `Go fails here (${c.want.error}) but the engine rendered`);
    });
  }
});

describe("helm-template renders DIGIT 2.9 LTS byte for byte as Helm does", () => {
  it("every template of every release of the helmfile groups renders to the text Go rendered (sha256)", () => {
    const golden = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "helm-golden", "digests.json"), "utf8"));
    const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
    const got: Record<string, Record<string, string>> = {};
    for (const group of Object.keys(groupHelmfiles) as Group[]) {
      for (const r of readHelmfile(groupHelmfiles[group]).releases) {
        // the texts renderGroup rendered (when another test already asked for them), as releases.ts renders them
        const texts = renderedTexts(devopsTree, r.chart, { releaseName: r.name, namespace: r.namespace, values: environmentValues() as Record<string, unknown> });
        const digests = texts.map(({ name, text }): [string, string] => [name, sha256(text)]);
        got[`${group}/${r.name}`] = Object.fromEntries(digests.sort(([a], [b]) => (a < b ? -1 : 1)));
      }
    }
    assert.equal(Object.values(got).reduce((n, r) => n + Object.keys(r).length, 0), golden.header.files);
    assert.deepEqual(got, golden.releases);
  });
});
