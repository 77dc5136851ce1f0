/** `npm run xliff`: placeholder until the command lands (issue 16). */
import '../pipeline/cli/fresh-build.ts';

process.stdout.write('Usage: npm run xliff -- (not built yet)\n');
