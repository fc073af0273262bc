// timeline, default theme: search and filters (issue 14). An enhancement only: the
// search box and the filters are `hidden` in the HTML and shown here, so that without
// JavaScript a page lists every event as before. Nothing is loaded from another host:
// the search index and its script (Pagefind's) are files of the site itself.

const lang = document.documentElement.lang || "en";
const plurals = new Intl.PluralRules(lang);

/** `n` in the page's digits (`zero`: how the page writes 0, "0" or "٠"). */
function digits(n, zero) {
  const s = String(n);
  if (!zero || zero === "0") return s;
  const base = zero.charCodeAt(0);
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(base + d.charCodeAt(0) - 48));
}

/** A message with `{n}` (and `{shown}`) filled in. */
function fill(text, values, zero) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? digits(values[k], zero) : m));
}

// ---------- Search ----------

function setupSearch(box) {
  const form = box.querySelector("form");
  const input = box.querySelector("input");
  const status = box.querySelector(".search-status");
  const list = box.querySelector(".search-results");
  let loading = null;
  let asked = 0;
  const load = () => {
    loading ??= import(box.dataset.search + "pagefind.js").then(async (pagefind) => {
      await pagefind.options({ excerptLength: 24 });
      pagefind.init();
      return pagefind;
    });
    return loading;
  };
  const clear = () => {
    list.replaceChildren();
    status.textContent = "";
  };
  const run = async () => {
    const query = input.value.trim();
    const mine = ++asked;
    if (!query) return clear();
    let found;
    try {
      const pagefind = await load();
      const search = await pagefind.search(query);
      found = { count: search.results.length, data: await Promise.all(search.results.slice(0, 12).map((r) => r.data())) };
    } catch (e) {
      if (mine === asked) status.textContent = status.dataset.failed;
      return;
    }
    if (mine !== asked) return;
    list.replaceChildren(...found.data.map(result));
    status.textContent = found.count
      ? fill(status.dataset.count, { n: found.count }, status.dataset.digits)
      : status.dataset.none;
  };
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 180);
  });
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      input.value = "";
      clear();
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  box.hidden = false;
}

/** One result: its title linked, the event's date and topics (or the entity's kind),
 * and the excerpt with the words found marked. */
function result(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  const title = document.createElement("p");
  title.className = "search-title";
  title.append(a);
  li.append(title);
  const facts = [data.meta.date, data.meta.topics, data.meta.kind].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "search-meta";
    for (const f of facts) {
      const span = document.createElement("span");
      span.textContent = f;
      meta.append(span);
    }
    li.append(meta);
  }
  if (data.excerpt) {
    const p = document.createElement("p");
    p.className = "search-excerpt";
    p.append(...marked(data.excerpt));
    li.append(p);
  }
  return li;
}

/** Pagefind's excerpt (escaped text with <mark>) as nodes: text, and <mark> only. */
function marked(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  return [...t.content.childNodes].map((n) => {
    if (n.nodeName !== "MARK") return document.createTextNode(n.textContent);
    const m = document.createElement("mark");
    m.textContent = n.textContent;
    return m;
  });
}

// ---------- Filters ----------

const FIELDS = ["topic", "actor", "place", "status", "from", "to"];

/** "2022-07-15" → 20220715, as the entries' days are written. */
function dayNumber(value) {
  const m = /^(-?\d+)-(\d\d)-(\d\d)$/.exec(value);
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : null;
}

function setupFilters(form) {
  const timeline = form.parentElement.querySelector(".timeline");
  if (!timeline) return;
  const items = [...timeline.querySelectorAll(".tl-entries > li")].flatMap((li) => {
    const el = li.querySelector("[data-facets]");
    try {
      return el ? [{ li, f: JSON.parse(el.dataset.facets) }] : [];
    } catch {
      return [];
    }
  });
  if (!items.length) return;
  const field = (name) => form.elements.namedItem(name);
  const collator = new Intl.Collator(lang);
  // The actors and places the list has, by name; a choice the list cannot use is
  // left out (a topic page's topic, statuses no event has).
  for (const [name, key] of [["actor", "a"], ["place", "p"]]) {
    const names = new Map();
    for (const { f } of items) for (const [id, n] of f[key] || []) names.set(id, n);
    const select = field(name);
    const sorted = [...names].sort((x, y) => collator.compare(x[1], y[1]));
    for (const [id, n] of sorted) select.append(new Option(n, id));
  }
  const present = { topic: new Set(items.flatMap((i) => i.f.t)), status: new Set(items.map((i) => i.f.s)) };
  for (const name of ["topic", "status"]) {
    const select = field(name);
    if (!select) continue;
    for (const o of [...select.options]) if (o.value && !present[name].has(o.value)) o.remove();
  }
  for (const name of ["topic", "actor", "place", "status"]) {
    const select = field(name);
    if (select && select.options.length < 2) select.closest(".filter-field").hidden = true;
  }

  const years = [...timeline.querySelectorAll(".tl-year")].map((section) => ({
    section,
    count: section.querySelector(".tl-year-count"),
    months: [...section.querySelectorAll(".tl-month")],
  }));
  for (const y of years) if (y.count) y.count.dataset.all = y.count.textContent;
  const status = form.querySelector(".filter-status");
  const empty = form.querySelector(".filter-empty");
  const zero = form.dataset.digits;
  const events = (n) => fill(form.dataset[plurals.select(n)] || form.dataset.other, { n }, zero);

  const state = () => {
    const s = {};
    for (const name of FIELDS) {
      const el = field(name);
      if (el && !el.closest("[hidden]") && el.value) s[name] = el.value;
    }
    return s;
  };
  const apply = () => {
    const s = state();
    const from = dayNumber(s.from || "");
    const to = dayNumber(s.to || "");
    const has = (list, id) => (list || []).some((x) => x[0] === id);
    let shown = 0;
    for (const { li, f } of items) {
      const keep =
        (!s.topic || f.t.includes(s.topic)) &&
        (!s.actor || has(f.a, s.actor)) &&
        (!s.place || has(f.p, s.place)) &&
        (!s.status || f.s === s.status) &&
        (from === null || f.u === undefined || f.u >= from) &&
        (to === null || f.f === undefined || f.f <= to);
      li.hidden = !keep;
      if (keep) shown++;
    }
    const filtered = Object.keys(s).length > 0;
    for (const y of years) {
      let inYear = 0;
      for (const m of y.months) {
        const n = m.querySelectorAll(".tl-entries > li:not([hidden])").length;
        m.hidden = n === 0;
        inYear += n;
      }
      y.section.hidden = inYear === 0;
      if (y.count) y.count.textContent = filtered ? events(inYear) : y.count.dataset.all;
    }
    empty.hidden = shown > 0;
    status.textContent = filtered ? fill(form.dataset.shown, { shown, n: items.length }, zero) : "";
  };
  const fromUrl = () => {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const el = field(name);
      if (!el) continue;
      const v = params.get(name) || "";
      el.value = v;
      // A value the list has no option for (a shared link to another page) is none.
      if (el.value !== v) el.value = "";
    }
  };
  const toUrl = () => {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) params.delete(name);
    for (const [k, v] of Object.entries(state())) params.set(k, v);
    const q = params.toString();
    const url = location.pathname + (q ? "?" + q : "");
    if (url !== location.pathname + location.search) history.pushState(null, "", url);
  };
  form.addEventListener("change", () => {
    apply();
    toUrl();
  });
  form.addEventListener("reset", () =>
    setTimeout(() => {
      apply();
      toUrl();
    }),
  );
  form.addEventListener("submit", (e) => e.preventDefault());
  window.addEventListener("popstate", () => {
    fromUrl();
    apply();
  });
  form.hidden = false;
  fromUrl();
  apply();
}

const box = document.querySelector("[data-search]");
if (box) setupSearch(box);
for (const form of document.querySelectorAll("[data-filters]")) setupFilters(form);
