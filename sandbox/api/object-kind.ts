// Telling the kind of an object the generic API handed out: code that takes objects of any kind (the grader, the
// cluster map) looks at `kind` and then reads that kind's own fields. The API serves each object as the kind it says.
import type { KindObjects } from './objects';
import type { KubeObject } from './types';

/** Narrows `obj` to the kind's type when its `kind` says it is one. */
export function isKind<K extends keyof KindObjects>(obj: KubeObject, kind: K): obj is KindObjects[K] {
  return obj.kind === kind;
}
