// OpenAPI for the mini API server: the documents kubectl reads (`apply`, `explain`) and the schema behind
// fieldValidation=Strict. Schemas are generated from kubernetes-models by scripts/gen-schema.ts into schemas.json.
export { openapiRouter } from './router';
export { unknownFields } from './unknown-fields';
export { schemaFor, definition, type SchemaNode, type GroupVersionKind } from './schema-store';
export { strictDecodingMessage, strictDecodingError, strictPatchError, unknownFieldWarnings } from './strict-errors';
