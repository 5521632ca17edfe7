// Minifies Emscripten's JS glue with terser (Debian's node-terser): emcc only strips whitespace
// here, since its Closure Compiler step is unavailable; it also minifies the page's own scripts.
// Local names are mangled and dead code dropped; top-level names stay, and the glue uses no eval
// (-sDYNAMIC_EXECUTION=0), so renaming locals is safe.
// --module (the Emscripten glue): the glue declares its hundreds of functions and variables at the
// top level of a classic script, i.e. as globals, whose names cannot be mangled. Wrapped in a
// function, they are locals and get short names (~3 KB gzip less); only `Module` stays global, as
// the page sets it before the glue runs and calls into it afterwards.
//   node minify_js.cjs IN OUT [--module]       (NODE_PATH must include /usr/share/nodejs)
'use strict';
const fs = require('fs');
const { minify } = require('terser');

const MODULE_DECL = 'var Module=typeof Module!="undefined"?Module:{};';

function wrapped(code, input) {
  if (!code.startsWith(MODULE_DECL)) throw new Error(input + ' does not start with ' + MODULE_DECL);
  return '(function(){var Module=window.Module=typeof window.Module!="undefined"?window.Module:{};' +
         code.slice(MODULE_DECL.length) + '\n})();';
}

(async () => {
  const [input, output, mode] = process.argv.slice(2);
  let code = fs.readFileSync(input, 'utf8');
  if (mode === '--module') code = wrapped(code, input);
  else if (mode !== undefined) throw new Error('unknown option ' + mode);
  const result = await minify(code, { ecma: 2018, compress: true, mangle: true });
  if (!result.code) throw new Error('terser returned no code for ' + input);
  fs.writeFileSync(output, result.code);
})().catch((e) => {
  console.error('minify_js: ' + (e && e.message ? e.message : e));
  process.exit(1);
});
