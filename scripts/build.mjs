// npm run build: the production build in dist/, run by plain Node (npm run start:prod) with no
// TypeScript loader. tsc emits one .js file per source file (rewriting the `.ts` import
// specifiers), so dist/ mirrors src/ at the same depth below the package root: every path the
// code finds from import.meta.dirname (templates and migrations beside it, frameworks/, data/,
// examples/, build/ and node_modules/ two levels up) is the same from src/ and from dist/.
// The files that are not TypeScript (templates, SQL migrations, scss, browser JS) are copied
// beside the compiled modules that read them.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const t0 = Date.now();

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

let copied = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (!name.endsWith('.ts')) {
      // Timestamps kept: the stylesheet is rebuilt only when its source is newer than build/assets/app.css.
      cpSync(p, join(dist, relative(src, p)), { preserveTimestamps: true });
      copied++;
    }
  }
};
walk(src);

// The stylesheet, compiled now rather than at the first start.
execFileSync(process.execPath, [join(dist, 'web', 'assets.js')], { cwd: root, stdio: 'inherit' });
console.log(
  `built dist/ (${copied} template, migration and asset files copied) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
