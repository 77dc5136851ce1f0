// After `tsc -p tsconfig.build.json`: copy the files the compiled code reads at run time (the
// segmentation rules), then stamp the build (pipeline/cli/fresh-build.ts compares sources with it).
import fs from 'node:fs';

fs.cpSync('pipeline/segmenter/rules', 'build/pipeline/segmenter/rules', { recursive: true });
fs.writeFileSync('build/.built', `${new Date().toISOString()}\n`);
