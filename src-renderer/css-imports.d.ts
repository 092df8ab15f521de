// Stylesheets are imported for their side effect (vite bundles them); TypeScript 7 checks
// side-effect imports by default (noUncheckedSideEffectImports), and a .css file has no types.
declare module '*.css';
