// Types of schema-complete.js for the unit tests (the browser loads the .js as it is).
export type Path = (string | number)[];
export type JsonSchema = Record<string, unknown>;
export interface Context {
  path: Path;
  position: 'key' | 'value';
  word: string;
  from: number;
  present: string[];
  quoted: string;
}
export interface Option {
  label: string;
  kind: 'property' | 'value';
  detail: string;
  info: string;
  required?: boolean;
  value?: unknown;
  apply?: string;
}
export function alternatives(root: JsonSchema, node: unknown): JsonSchema[];
export function schemaAt(schema: JsonSchema, path: Path): JsonSchema[];
export function propertyOptions(schema: JsonSchema, path: Path, present?: string[]): Option[];
export function valueOptions(schema: JsonSchema, path: Path): Option[];
export function yamlLine(line: string): { indent: number; dashes: number[]; col: number; rest: string; key?: string; value: string; blank: boolean };
export function yamlContext(text: string, offset: number): Context;
export function jsonContext(text: string, offset: number): Context;
export function yamlScalar(v: unknown): string;
export function complete(schema: JsonSchema, text: string, offset: number, lang: 'yaml' | 'json'): { from: number; path: Path; position: 'key' | 'value'; options: Option[] };
