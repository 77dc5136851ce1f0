/**
 * Preload for CLI tests (`NODE_OPTIONS=--import <this file's URL>`): writes to a path containing
 * FAIL_WRITES_MATCH fail with the errno code FAIL_WRITES_CODE (EROFS, EACCES, ENOSPC…), the way a
 * read-only folder or a full disk fails. ENOSPC leaves half the bytes behind first, as a full disk
 * does. Tests run as root in CI, where chmod does not stop writes, and a disk cannot be filled.
 */
import fs from 'node:fs';

const match = process.env.FAIL_WRITES_MATCH;
const code = process.env.FAIL_WRITES_CODE ?? 'EROFS';

function fail(syscall, file) {
  const error = new Error(`${code}: simulated failure, ${syscall} '${file}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = String(file);
  return error;
}

if (match) {
  const { writeFileSync, renameSync } = fs;
  fs.writeFileSync = function (file, data, ...rest) {
    if (typeof file === 'string' && file.includes(match)) {
      if (code === 'ENOSPC') writeFileSync.call(fs, file, String(data).slice(0, Math.floor(String(data).length / 2)), ...rest);
      throw fail('open', file);
    }
    return writeFileSync.call(fs, file, data, ...rest);
  };
  fs.renameSync = function (from, to) {
    if (typeof to === 'string' && to.includes(match)) throw fail('rename', from);
    return renameSync.call(fs, from, to);
  };
}
