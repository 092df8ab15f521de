// Starts the crash-safety child (a CommonJS bundle, argv[2]) with V8's code cache (argv[3]),
// so each of the test's 100 starts skips compiling the 1.9 MB bundle and the functions that
// starting a station runs. The cache is only compiled code: the child runs exactly the same
// statements with or without it (V8 drops a cache that does not fit and compiles afresh).
// With `--write-cache`, the child runs until it has confirmed its first entry, saves the code
// cache of everything compiled until then and exits (the test does that once, on a copy of the
// database).
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const writeCache = process.argv[2] === '--write-cache';
if (writeCache) process.argv.splice(2, 1);
const [bundle, cacheFile] = process.argv.splice(2, 2);
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData: writeCache ? undefined : fs.readFileSync(cacheFile),
});
if (writeCache) {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    const done = write(chunk, ...rest);
    if (String(chunk).startsWith('ok ')) {
      fs.writeFileSync(cacheFile, script.createCachedData());
      process.exit(0);
    }
    return done;
  };
}
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
