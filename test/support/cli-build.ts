/**
 * The CLI built once per test run, for the tests that start it again and
 * again (test/support/server-process.ts). Through tsx every start resolves
 * and loads each module through loader hooks, about 1.7 s of CPU on this
 * machine before the command begins; built, the same source starts in a
 * fraction of that. It is built by esbuild, as tsx transforms it: packages
 * stay where they are (imported by absolute path, so the build may live in
 * a temporary directory), and each file keeps its own import.meta.url, so the
 * clause templates and reference lists are read from where they are.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whose path a child process runs the built CLI from, when set (by test/support/global-setup.ts). */
export const BUILT_CLI_ENV = 'KLAUSUL_TEST_BUILT_CLI';

const inPlace: esbuild.Plugin = {
  name: 'klausul-in-place',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.external ? args.path : resolved.path, external: true };
    });
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
    }));
  },
};

/** Builds src/cli/main.ts into the directory; returns the file to run with node. */
export async function buildCli(outdir: string): Promise<string> {
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'src/cli/main.ts')],
    absWorkingDir: REPO_ROOT,
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    plugins: [inPlace],
    logLevel: 'error',
  });
  return join(outdir, 'main.js');
}
