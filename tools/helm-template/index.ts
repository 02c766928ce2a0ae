/**
 * A Go-template engine with Helm's and Sprig's functions, enough to render eGov's DIGIT charts
 * exactly as `helm template` does (used by the catalog importer and the conformance tests; it is
 * not part of the published package). It mirrors Go 1.19's text/template, Sprig v3.2.3 and
 * Helm v3.13.3's engine; tests/helm-template.test.ts holds it to what they produce.
 */
export { parseTemplate, TemplateError } from "./parse";
export type { Tree } from "./parse";
export { TemplateSet, truthy, builtins } from "./exec";
export type { GoFunc, FuncMap, ParamType } from "./exec";
export { goString, goQuote, sprintf, formatFloat } from "./gofmt";
export { GoInt, GoStruct, GoTime, Method, IFACE_NIL } from "./gotypes";
export type { Value } from "./gotypes";
export { helmFuncs, capabilities, strval } from "./funcs";
export { toYaml, parseYaml, parseValues } from "./goyaml";
export { marshalJson } from "./gojson";
export { coalesceValues, mergoMerge, mergeOverwrite, mergeValueFiles, deepCopy } from "./values";
export { renderChart, loadChart, renderInputs, renderTexts, renderedTexts, defaultApis } from "./chart";
export type { FileTree, RenderedDocument, RenderOptions, RenderInput } from "./chart";
