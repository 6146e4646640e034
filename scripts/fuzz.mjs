// The long fuzz run: the property suite (test/property) with FUZZ_RUNS cases per property,
// one property per worker process, as many workers as cores. Prints the cases run and the time.
//   npm run fuzz                 1,000,000 cases in all (default)
//   FUZZ_TOTAL=50000 npm run fuzz
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const DIR = 'test/property';
const files = readdirSync(DIR).filter((f) => f.endsWith('.property.test.ts')).map((f) => join(DIR, f));
// Each property is one `test('…', …)` in those files; a worker runs one of them by name.
const properties = files.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^test\('([^']+)'/gm)].map((m) => ({ file, name: m[1] })),
);
const total = Number(process.env.FUZZ_TOTAL ?? 1_000_000);
const perProperty = Math.ceil(total / properties.length);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const started = Date.now();
console.log(`fuzz: ${properties.length} properties × ${perProperty} cases = ${properties.length * perProperty} cases, ${availableParallelism()} workers`);

let failed = 0;
const queue = [...properties];
async function worker() {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { file, name } = next;
    const t0 = Date.now();
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', `--test-name-pattern=^${escape(name)}$`, file], {
        env: { ...process.env, FUZZ_RUNS: String(perProperty) },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('exit', (status) => resolve(status ?? 1));
    });
    if (code !== 0) failed++;
    console.log(`fuzz: ${code === 0 ? 'ok  ' : 'FAIL'} ${perProperty} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${name}`);
  }
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), properties.length) }, worker));
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`fuzz: ${properties.length * perProperty} cases, ${failed} failing properties, ${seconds} s`);
process.exit(failed === 0 ? 0 : 1);
