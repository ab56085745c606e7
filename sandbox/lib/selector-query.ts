// How a selector arrives in a query string: Express hands a parameter given twice over as an array, and
// kube-apiserver reads the first one. Shared by the label and field selector parsers.

/** The selector text: a query parameter given twice arrives as an array, and the first one counts. */
export function firstValue(text: string | undefined): string {
  const raw: unknown = text;
  return Array.isArray(raw) ? String((raw as unknown[])[0] ?? '') : (text ?? '');
}
