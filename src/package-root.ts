/**
 * Where this package's own files are (package.json, scenarios/, bin/, dist/, k6/). From a clone this
 * file runs as src/package-root.ts; in the built CLI it is bundled into a file of dist/. Both sit one
 * folder below the package root, so '..' is the root either way (scripts/build.ts keeps every output
 * file directly in dist/ for this reason). Never the user's working directory: run outputs go there.
 */
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
