// Lets a child process started from TypeScript sources (under jest) require .ts files:
// SWC compiles each file on load, as @swc/jest does for the tests themselves. Test-only.
// The compiled code is kept on disk, keyed by the source, the options and SWC's version:
// the import tests start a parsing process per file (the fuzz test well over a hundred),
// and each compiled the same dozen files again.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
const cacheDir = path.join(os.tmpdir(), `crm-swc-register-${process.getuid?.() ?? 'user'}`);
// SWC itself (a native module) is loaded only when a file is not in the cache yet.
const optionsKey = `${require('@swc/core/package.json').version}\0${JSON.stringify(options)}`;

function compile(source, filename) {
  const key = createHash('sha256').update(optionsKey).update('\0').update(filename).update('\0').update(source);
  const cached = path.join(cacheDir, `${key.digest('hex')}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const { code } = require('@swc/core').transformSync(source, { ...options, filename });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written aside then renamed: a process reading it meanwhile sees all of it or nothing.
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  } catch {
    // a read-only or full disk only loses the cache
  }
  return code;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
