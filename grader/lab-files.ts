// Reads lab folders the way the grader needs them: the parsed lab.yaml with source positions, so any problem found
// in a field (a check's typo, a missing hint) is reported as `file:line: message` an instructor can jump to.
import fs from 'node:fs';
import path from 'node:path';
import YAML, { LineCounter, isNode, type Document } from 'yaml';
import type { FieldPath } from './checks/fields';

export interface LabFile {
  /** Folder name = lab id. */
  id: string;
  dir: string;
  /** Path of lab.yaml. */
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The parsed mapping (plain JS). */
  data: any;
  /** YAML syntax errors, already as `file:line: message`. */
  syntaxErrors: string[];
}

export const LAB_MANIFEST = 'lab.yaml';

/** Lab folders under `labsDir` (those holding a lab.yaml), sorted by name. */
export function listLabDirs(labsDir: string): string[] {
  if (!fs.existsSync(labsDir)) throw new Error(`labs directory ${labsDir} does not exist`);
  return fs
    .readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(labsDir, d.name, LAB_MANIFEST)))
    .map((d) => path.join(labsDir, d.name))
    .sort();
}

export function readLabFile(dir: string): LabFile {
  const file = path.join(dir, LAB_MANIFEST);
  const text = fs.readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxErrors = doc.errors.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  return { id: path.basename(dir), dir, file, doc, lineCounter, data: syntaxErrors.length ? {} : doc.toJS() ?? {}, syntaxErrors };
}

/** The line of the deepest node that exists along `path` (a missing field points at its parent). */
export function lineOf(lab: LabFile, fieldPath: FieldPath): number {
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = n === 0 ? lab.doc.contents : lab.doc.getIn(fieldPath.slice(0, n), true);
    if (isNode(node) && node.range) return lab.lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Finds the path of a step by id in lab.yaml's `steps:` list (for messages about a step as a whole). */
export function stepPath(lab: LabFile, stepId: string): FieldPath {
  const steps: any[] = Array.isArray(lab.data?.steps) ? lab.data.steps : [];
  const i = steps.findIndex((s) => s?.id === stepId);
  return i >= 0 ? ['steps', i] : ['steps'];
}

export function at(lab: LabFile, fieldPath: FieldPath, message: string): string {
  return `${lab.file}:${lineOf(lab, fieldPath)}: ${message}`;
}
