/**
 * A Go-template engine with Helm's and Sprig's functions, enough to render eGov's DIGIT charts
 * exactly as `helm template` does (used by the catalog importer and the conformance tests; it is
 * not part of the published package).
 */
export { parseTemplate, TemplateError } from "./parse";
export { TemplateSet, truthy, goString, Method } from "./exec";
export { helmFuncs, capabilities, goQuote, toYaml } from "./funcs";
export { coalesce, mergeOverwrite, mergeValueFiles, deepCopy } from "./values";
export { renderChart, loadChart, renderInputs, renderTexts } from "./chart";
export type { FileTree, RenderedDocument, RenderOptions, RenderInput } from "./chart";
