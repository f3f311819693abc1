// Shortens the names by which a release build's WASM and its wasm-bindgen glue know each
// other (issue 11: what the browser downloads before the app takes over). wasm-bindgen
// names every import after the function it binds plus a 16-digit hash
// (`__wbg_get_with_ref_key_fc601247060b7204`) and every closure shim after its whole type
// (up to 300 characters); each name stands in the WASM and again in the glue, and the
// hashes do not compress. Here the glue's own imports and its internal exports get names
// of two or three characters, in both files, the glue's module name (repeated with each
// import) becomes `$`, the custom sections no browser reads and wasm-split's marker are
// dropped, and the two files' integrity hashes in index.html follow.
//
// Untouched: the snippets' imports (their names are the snippets' exported functions),
// and the exports the page or the browser may use by name (`memory`, `main`, and any not
// made by wasm-bindgen).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { replaceIntegrity } from './minify.mjs';

// The glue's own module, as the WASM's imports name it (`./beboerblad_bg.js`, 228 times).
const GLUE_MODULE = '$';
// Custom sections no browser reads: the toolchain's names and versions, the target's
// features, wasm-split's marker.
const UNUSED_SECTIONS = new Set(['producers', 'target_features', '__wasm_split_unstable']);
const INTERNAL_EXPORT = /^(wasm_bindgen_[0-9a-f]{16}_|__wbindgen_|__wbg_|__externref_|intounderlying)/;
// wasm-split's version marker: an export only its build tool reads (this build does not
// split), named with a hash of the crate's build, so the WASM differed with the path of
// the checkout. Dropped.
const SPLIT_MARKER = /^_WASM_SPLIT_MARKER_/;

// --- reading and writing the WASM binary format (sections, LEB128, names) ---

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [value, at];
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString('utf8'), start + length];
}

const name = (text) => {
  const utf8 = Buffer.from(text, 'utf8');
  return [...u32(utf8.length), ...utf8];
};

/** The end of an import's description (after its kind byte) starting at `at`. */
function skipImportDesc(bytes, kind, at) {
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = readU32(bytes, p); // min (an i64 for memory64 reads the same way)
    if (flags & 1) [, p] = readU32(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return readU32(bytes, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: reference type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability (no reference types with indices here)
    case 4: return readU32(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${kind}`);
  }
}

/** The WASM with its import and export names passed through `rename(kind, module, name)`
 * (kind "import" or "export"; return the name to keep it, or for an export null to drop
 * it), its imports' module names through `renameModule`, and without the custom sections
 * that `drop` names. */
function renameWasm(bytes, rename, renameModule, drop) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WASM file');
  const out = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readU32(bytes, at + 1);
    const end = start + size;
    if (id === 0 && drop.has(readName(bytes, start)[0])) {
      at = end;
      continue;
    }
    if (id !== 2 && id !== 7) {
      out.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = readU32(bytes, start);
    const payload = [];
    let kept = 0;
    while (count--) {
      if (id === 2) {
        let module, field;
        [module, p] = readName(bytes, p);
        [field, p] = readName(bytes, p);
        const kind = bytes[p];
        const descEnd = skipImportDesc(bytes, kind, p + 1);
        payload.push(...name(renameModule(module)), ...name(rename('import', module, field)), ...bytes.subarray(p, descEnd));
        kept += 1;
        p = descEnd;
      } else {
        let field;
        [field, p] = readName(bytes, p);
        const [, indexEnd] = readU32(bytes, p + 1); // after the kind byte, the index
        const renamed = rename('export', null, field);
        if (renamed !== null) {
          payload.push(...name(renamed), ...bytes.subarray(p, indexEnd));
          kept += 1;
        }
        p = indexEnd;
      }
    }
    if (p !== end) throw new Error(`section ${id}: read ${p - start} of ${size} bytes`);
    const section = [...u32(kept), ...payload];
    out.push(Buffer.from([id, ...u32(section.length), ...section]));
    at = end;
  }
  return Buffer.concat(out);
}

// --- the glue ---

const token = (text) => new RegExp(`(?<![\\w$])${text.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');

/** Shortens the names shared by `dir`'s `*_bg.wasm` and its glue; returns how many. */
export function shortenWasmNames(dir) {
  const wasmFile = readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
  if (!wasmFile) throw new Error(`${dir}: no *_bg.wasm`);
  const glueFile = wasmFile.replace(/_bg\.wasm$/, '.js');
  const wasmBefore = readFileSync(join(dir, wasmFile));
  const glueBefore = readFileSync(join(dir, glueFile), 'utf8');

  const renamed = new Map();
  let next = 0;
  const shortName = () => {
    for (;;) {
      const candidate = `$${(next++).toString(36)}`;
      if (!token(candidate).test(glueBefore)) return candidate;
    }
  };
  const glueModules = new Set();
  const wasmAfter = renameWasm(
    wasmBefore,
    (kind, module, field) => {
      if (kind === 'export' && SPLIT_MARKER.test(field)) return null;
      const ours = kind === 'import' ? module.endsWith('_bg.js') : INTERNAL_EXPORT.test(field);
      if (!ours) return field;
      if (!renamed.has(field)) renamed.set(field, shortName());
      return renamed.get(field);
    },
    (module) => {
      if (!module.endsWith('_bg.js')) return module;
      glueModules.add(module);
      return GLUE_MODULE;
    },
    UNUSED_SECTIONS,
  );

  // Every name the glue uses, renamed (an export it does not use, such as
  // `__wbindgen_free`, is renamed in the WASM alone).
  let glue = glueBefore;
  for (const [long, short] of renamed) glue = glue.replace(token(long), () => short);
  for (const module of glueModules) {
    const key = new RegExp(`(["'])${module.replace(/[.]/g, '\\.')}\\1`, 'g');
    const before = glue;
    glue = glue.replace(key, () => JSON.stringify(GLUE_MODULE));
    if (glue === before) throw new Error(`${glueFile}: no import object for ${module}`);
  }
  // Compile and check: every import the WASM asks for is one the glue provides.
  const module = new WebAssembly.Module(wasmAfter);
  for (const { module: from, name: field } of WebAssembly.Module.imports(module)) {
    if (from === GLUE_MODULE && !token(field).test(glue)) {
      throw new Error(`${glueFile}: the import ${field} is missing after renaming`);
    }
  }

  writeFileSync(join(dir, wasmFile), wasmAfter);
  writeFileSync(join(dir, glueFile), glue);
  replaceIntegrity(dir, wasmBefore, wasmAfter);
  replaceIntegrity(dir, glueBefore, glue);
  return renamed.size;
}
