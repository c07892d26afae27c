// A query through Pagefind's own runtime: the bundle's pagefind.js and WebAssembly, in Node.js.
//
// Run by communiques.search.verify (node pagefind_query.mjs '<json arguments>'); prints one
// line of JSON: {count, rank, first, problems, ms}. The bundle's pagefind.js is imported
// from its source (Node 18 would take the file for CommonJS without a package.json saying
// "type": "module"), with the bundle's folder as its base path, and its fetches are
// answered from that folder only. console.error/warn are collected: Pagefind logs, and
// carries on, when a chunk fails to load. Node has no search API of Pagefind's own
// (Pagefind/pagefind#519); pagefind.js has supported Node since 1.4.0 (Pagefind/pagefind#828).
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import path from "node:path";
import vm from "node:vm";

const { bundle, query, suffix, maxResults } = JSON.parse(process.argv.at(-1));
const root = path.resolve(bundle) + path.sep;
const problems = [];
for (const level of ["error", "warn"]) {
  console[level] = (...args) => problems.push(`pagefind logged (${level}): ${args.join(" ")}`);
}
// Pagefind starts some loads without awaiting them: their failures surface here.
process.on("unhandledRejection", (e) => problems.push(`pagefind failed: ${e?.stack || e}`));
globalThis.fetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url);
  const file = url.protocol === "file:" ? fileURLToPath(url) : "";
  if (!file.startsWith(root)) throw new Error(`fetch outside the bundle: ${url}`);
  try {
    return new Response(await readFile(file), { status: 200 });
  } catch (e) {
    return new Response(null, { status: 404, statusText: String(e) });
  }
};
const out = { count: 0, rank: null, first: [], problems };
const started = performance.now();
try {
  // Browsers run the search in pagefind-worker.js (a classic script), which Node does not:
  // at least check that it is whole (a file cut short does not parse).
  const worker = await readFile(path.join(root, "pagefind-worker.js"), "utf8").catch(() => null);
  if (worker !== null) {
    try {
      new vm.Script(worker, { filename: "pagefind-worker.js" });
    } catch (e) {
      problems.push(`pagefind-worker.js does not parse: ${e}`);
    }
  }
  // Imported from its source, not its path: without a package.json saying "type": "module",
  // Node 18 would read pagefind.js as CommonJS. Its base path is then given explicitly.
  const source = await readFile(path.join(root, "pagefind.js"));
  const pagefind = await import(`data:text/javascript;base64,${source.toString("base64")}`);
  await pagefind.options({ basePath: pathToFileURL(root).href, baseUrl: "/" });
  await pagefind.init();
  await pagefind.filters();
  const search = query ? await pagefind.search(query) : { results: [] };
  out.count = search.results.length;
  const results = search.results.slice(0, maxResults);
  for (let start = 0; start < results.length && out.rank === null; start += 10) {
    const data = await Promise.all(results.slice(start, start + 10).map((r) => r.data()));
    data.forEach((d, i) => {
      if (out.first.length < 5) out.first.push(d.url);
      if (out.rank === null && d.url.split("#")[0].endsWith(suffix)) out.rank = start + i + 1;
    });
  }
} catch (e) {
  problems.push(`pagefind failed: ${e?.stack || e}`);
}
out.ms = performance.now() - started;
process.stdout.write(JSON.stringify(out) + "\n");
