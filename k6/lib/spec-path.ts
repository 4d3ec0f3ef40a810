/**
 * Where the k6 entry reads SCENARIO_SPEC from. k6's open() resolves a relative path against the script's
 * own directory (dist/k6/), so `SCENARIO_SPEC=spec.json k6 run dist/k6/swap-scenario.js` from the repo
 * root looked for dist/k6/spec.json and k6 exited 107. A relative path is made absolute against the
 * working directory k6 runs in: k6 has no cwd() but passes the shell's environment, whose PWD is it.
 * Pure: no k6 import, so Node tests read it too.
 */
export function specFile(specPath: string | undefined, workingDir: string | undefined): string {
  if (!specPath || specPath.trim() === '')
    throw new Error(
      'environment variable SCENARIO_SPEC is required: the resolved scenario JSON (wfm-harness scenario show NAME ' +
        '--resolved writes it; compare writes one into its run directory)',
    );
  const path = specPath.trim();
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('file://')) return path;
  if (!workingDir)
    throw new Error(
      `SCENARIO_SPEC=${path} is relative and k6 does not know the working directory (PWD is not set): give an absolute path`,
    );
  return `${workingDir.replace(/[\\/]+$/, '')}/${path.replace(/^\.\//, '')}`;
}
