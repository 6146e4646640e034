// `npm start`: checks the example claims with the built CLI and shows its report.
// examples/mistakes.claim is meant to have problems, so the CLI's exit 1 there is success here;
// the run fails when clean.claim gets any diagnostic or the CLI itself fails (exit 2).
import { spawnSync } from 'node:child_process';

const cli = (args) => spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' }).status;

console.log('$ claimcheck examples/clean.claim');
const clean = cli(['examples/clean.claim']);
console.log('\n$ claimcheck examples/mistakes.claim');
const mistakes = cli(['examples/mistakes.claim']);
if (clean !== 0 || mistakes !== 1) {
  console.error(`\nunexpected: clean.claim exited ${clean} (want 0), mistakes.claim exited ${mistakes} (want 1)`);
  process.exit(1);
}
console.log('\nclean.claim: no problems; mistakes.claim: the problems above (exit 1, as intended).');
