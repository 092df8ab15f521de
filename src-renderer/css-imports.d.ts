// Stylesheets are imported for their side effect (vite bundles them); TypeScript 7 checks
// side-effect imports by default (noUncheckedSideEffectImports), and a .css file has no types.
// This lets any *.css path through the typecheck: a mistyped one is caught by the UI build
// (`npm run build:ui`, part of install and CI's `npm ci`), which fails on a missing file.
declare module '*.css';
