// Which crate the app's WASM bytes come from: reads `twiggy top --format csv` of a build
// that keeps function names (bench/crates.sh makes one) and prints a Markdown table.
// A function counts for the first crate its (demangled) name mentions: `<T as
// tachys::…>::into_any` is tachys, `beboerblad::…::<impl serde::Deserialize for …>` is
// ours. Generic code instantiated for our types is therefore counted under the crate
// that defines it. Names containing `hydrate_async` get an extra line.
//   node bench/crates.mjs top.csv
import { readFileSync } from "node:fs";

function parseCsv(text) {
  // Name,ShallowSize,…: the name is quoted (with "" inside) when it holds a comma or quote.
  return text
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const m = line.match(/^"((?:[^"]|"")*)",(\d+),/) ?? line.match(/^(.*?),(\d+),[\d.]+,/);
      return { name: m[1].replaceAll('""', '"'), bytes: Number(m[2]) };
    });
}

export function crateOf(name) {
  if (name.startsWith("data segment")) return "(data: strings, tables)";
  if (/subsection|custom section|^table|^elem|^type|^import|^export|^code section|header/.test(name))
    return "(wasm sections: names, types, imports, exports)";
  const m = name.match(/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (!m) return "(unnamed)";
  const crate = m[1];
  return crate === "_" ? "(unnamed)" : crate;
}

export function breakdown(rows) {
  const code = rows.filter((r) => !r.name.includes("function names"));
  const total = code.reduce((s, r) => s + r.bytes, 0);
  const by = new Map();
  for (const r of code) {
    const c = crateOf(r.name);
    const e = by.get(c) ?? { bytes: 0, items: 0 };
    e.bytes += r.bytes;
    e.items += 1;
    by.set(c, e);
  }
  const async = code.filter((r) => r.name.includes("hydrate_async"));
  const asyncBytes = async.reduce((s, r) => s + r.bytes, 0);
  const lines = [
    "| crate | KB (raw, after wasm-opt) | share | functions |",
    "| --- | ---: | ---: | ---: |",
  ];
  const sorted = [...by].sort((a, b) => b[1].bytes - a[1].bytes);
  const shown = sorted.filter(([, e]) => e.bytes / total >= 0.005);
  const other = sorted.filter(([, e]) => e.bytes / total < 0.005);
  const row = (c, e) =>
    `| ${c} | ${(e.bytes / 1024).toFixed(1)} | ${((100 * e.bytes) / total).toFixed(1)} % | ${e.items} |`;
  for (const [c, e] of shown) lines.push(row(c, e));
  if (other.length)
    lines.push(
      row(`${other.length} others (${other.map(([c]) => c).join(", ")})`, {
        bytes: other.reduce((s, [, e]) => s + e.bytes, 0),
        items: other.reduce((s, [, e]) => s + e.items, 0),
      }),
    );
  lines.push(`| **total** | **${(total / 1024).toFixed(1)}** | 100 % | ${code.length} |`);
  lines.push(
    "",
    `Functions named \`hydrate_async\` (any crate): ${(asyncBytes / 1024).toFixed(1)} KB, ` +
      `${((100 * asyncBytes) / total).toFixed(1)} % of the total, ${async.length} functions.`,
  );
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(breakdown(parseCsv(readFileSync(process.argv[2], "utf8"))));
