// Stylesheets are imported for esbuild to bundle; TypeScript only needs to know the import is allowed.
declare module '*.css';
