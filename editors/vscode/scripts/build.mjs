// Bundles the extension (dist/extension.js) or, with --tests, the unit tests
// (out/test/*.test.js) with esbuild. --watch rebuilds the extension on change.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));

if (args.has('--tests')) {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  const tests = readdirSync(join(root, 'test'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(root, 'test', f));
  await esbuild.build({
    entryPoints: tests,
    outdir: join(root, 'out', 'test'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // the pure modules must not need VS Code: a `vscode` import fails the build
    external: [],
    logLevel: 'warning',
  });
} else {
  const options = {
    entryPoints: [join(root, 'src', 'extension.ts')],
    outfile: join(root, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: !args.has('--watch'),
    sourcemap: args.has('--watch') ? 'inline' : false,
    logLevel: 'info',
  };
  if (args.has('--watch')) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    await esbuild.build(options);
  }
}
