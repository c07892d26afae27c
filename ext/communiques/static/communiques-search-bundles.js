// The language's search index as one: every Pagefind bundle its list names, searched together.
//
// The index is split in bundles so that a new release re-indexes only the
// current one (communiques.search.shards): <lang>/pagefind/ holds every page
// but past years' releases, <lang>/pagefind/archive/<years>/ those, and
// <lang>/pagefind/shards.json lists them, newest first. Each bundle is its own
// copy of pagefind.js (a module keeps one index), imported from its folder.
//
// Results are merged as Pagefind's own mergeIndex does (by relevance), except
// when sorted: Pagefind's merge would sort them by relevance again, but the
// bundles hold consecutive years, so each one's sorted results are put end
// to end, newest bundle first (or last, oldest first). Filter counts add up.
//
// One rule of Pagefind's would differ from a single index's: a word that is
// in no page of a bundle is left out of the query there (so that a typo does
// not empty the results), and "l'économie" would then list, from a bundle
// without "économie", every page with "l". So a bundle that lacks a word of
// the query which another bundle has answers nothing, as a single index
// would have (its pages do not have the word).

export async function loadBundles(siteRoot, options) {
  const root = new URL("pagefind/", siteRoot);
  const listed = await bundleList(root);
  const modules = await Promise.all(
    listed.map(async ({ path }) => {
      const folder = new URL(path, root);
      const module = await import(new URL("pagefind.js", folder).href);
      await module.options({ ...options, bundlePath: folder.pathname });
      await module.init();
      return module;
    }),
  );
  return new Bundles(modules);
}

// The bundles the list names; the current bundle alone if there is no list
// (an index built before bundles were split).
async function bundleList(root) {
  try {
    const response = await fetch(new URL("shards.json", root));
    if (response.ok) {
      const { bundles } = await response.json();
      if (Array.isArray(bundles) && bundles.length) return bundles;
    }
  } catch (error) {
    console.warn("communiques: no list of search bundles, searching the current one", error);
  }
  return [{ path: "" }];
}

const NOTHING = { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };

class Bundles {
  constructor(modules) {
    this.modules = modules;
    this.latest = 0;
  }

  async search(term, options = {}) {
    const [answers, lacking] = await Promise.all([
      Promise.all(this.modules.map((module) => module.search(term, options))),
      this.lacking(term),
    ]);
    const kept = answers.map((answer, i) => (lacking[i] ? NOTHING : answer));
    return merged(kept, options.sort);
  }

  // For each bundle, whether it lacks a word of *term* that another bundle has.
  async lacking(term) {
    const words = term ? [...new Set(term.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))] : [];
    // One word that a bundle lacks already finds nothing there.
    if (this.modules.length < 2 || words.length < 2) return this.modules.map(() => false);
    const has = async (module, word) => (await module.search(word)).results.length > 0;
    const found = await Promise.all(this.modules.map((module) => Promise.all(words.map((word) => has(module, word)))));
    const somewhere = words.map((_, j) => found.some((bundle) => bundle[j]));
    return found.map((bundle) => words.some((_, j) => somewhere[j] && !bundle[j]));
  }

  // Like Pagefind's debouncedSearch: null when a newer call came in the meantime.
  async debouncedSearch(term, options, wait) {
    const mine = ++this.latest;
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (mine !== this.latest) return null;
    const answer = await this.search(term, options);
    return mine === this.latest ? answer : null;
  }

  async filters() {
    return addedCounts(await Promise.all(this.modules.map((module) => module.filters())));
  }
}

function merged(answers, sort) {
  const key = sort && Object.keys(sort)[0];
  let results;
  if (key) {
    const ordered = sort[key] === "asc" ? [...answers].reverse() : answers;
    results = ordered.flatMap((answer) => answer.results);
  } else {
    results = answers.flatMap((answer) => answer.results).sort((a, b) => b.score - a.score);
  }
  return {
    results,
    unfilteredResultCount: answers.reduce((sum, answer) => sum + answer.unfilteredResultCount, 0),
    filters: addedCounts(answers.map((answer) => answer.filters)),
    totalFilters: addedCounts(answers.map((answer) => answer.totalFilters)),
  };
}

// {filter: {value: count}} of several bundles, added up.
function addedCounts(all) {
  const sum = {};
  for (const counts of all) {
    for (const [key, values] of Object.entries(counts || {})) {
      sum[key] ||= {};
      for (const [value, count] of Object.entries(values)) sum[key][value] = (sum[key][value] || 0) + count;
    }
  }
  return sum;
}
