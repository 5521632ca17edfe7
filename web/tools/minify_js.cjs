// Minifies Emscripten's JS glue with terser (Debian's node-terser): emcc only strips whitespace
// here, since its Closure Compiler step is unavailable. Local names are mangled and dead code
// dropped; top-level names stay, since the page and tcplab-api.js talk to `Module` by name, and
// the glue uses no eval (-sDYNAMIC_EXECUTION=0), so renaming locals is safe.
//   node minify_js.cjs IN OUT        (NODE_PATH must include /usr/share/nodejs)
'use strict';
const fs = require('fs');
const { minify } = require('terser');

(async () => {
  const [input, output] = process.argv.slice(2);
  const code = fs.readFileSync(input, 'utf8');
  const result = await minify(code, { ecma: 2018, compress: true, mangle: true });
  if (!result.code) throw new Error('terser returned no code for ' + input);
  fs.writeFileSync(output, result.code);
})().catch((e) => {
  console.error('minify_js: ' + (e && e.message ? e.message : e));
  process.exit(1);
});
