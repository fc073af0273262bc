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

/** Whether an entry of facets `f` passes the filters `s` (`from`, `to`: day numbers). */
function passes(f, s, from, to) {
  const has = (list, id) => (list || []).some((x) => x[0] === id);
  return (
    (!s.topic || f.t.includes(s.topic)) &&
    (!s.actor || has(f.a, s.actor)) &&
    (!s.place || has(f.p, s.place)) &&
    (!s.status || f.s === s.status) &&
    (from === null || f.u === undefined || f.u >= from) &&
    (to === null || f.f === undefined || f.f <= to)
  );
}

/** A list cut into pages: every event of it, from its `list.json` (none on failure:
 * the filters then cover the page in view). */
async function wholeList(form) {
  if (!form.dataset.list) return null;
  try {
    const r = await fetch(form.dataset.list);
    if (!r.ok) return null;
    const data = await r.json();
    const here = data.pages.indexOf(location.pathname);
    return data.events.filter((e) => e.p !== here);
  } catch {
    return null;
  }
}

async function setupFilters(form) {
  const timeline = form.parentElement.querySelector(".timeline");
  if (!timeline) return;
  const elsewhere = await wholeList(form);
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
  const facets = items.map((i) => i.f).concat((elsewhere || []).map((e) => e.x));
  for (const [name, key] of [["actor", "a"], ["place", "p"]]) {
    const names = new Map();
    for (const f of facets) for (const [id, n] of f[key] || []) names.set(id, n);
    const select = field(name);
    const sorted = [...names].sort((x, y) => collator.compare(x[1], y[1]));
    for (const [id, n] of sorted) select.append(new Option(n, id));
  }
  const present = { topic: new Set(facets.flatMap((f) => f.t)), status: new Set(facets.map((f) => f.s)) };
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
    let shown = 0;
    for (const { li, f } of items) {
      const keep = passes(f, s, from, to);
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
    const others = filtered && elsewhere ? elsewhere.filter((e) => passes(e.x, s, from, to)) : [];
    showElsewhere(form, others, zero);
    empty.hidden = shown + others.length > 0;
    status.textContent = filtered ? fill(form.dataset.shown, { shown, n: items.length }, zero) : "";
    document.dispatchEvent(new CustomEvent("explore:filtered"));
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

/** The events on the other pages of the list that pass the filters, as links. */
function showElsewhere(form, others, zero) {
  const box = form.querySelector(".filter-elsewhere");
  if (!box) return;
  box.hidden = others.length === 0;
  box.querySelector(".filter-elsewhere-title").textContent = fill(form.dataset.elsewhere, { n: others.length }, zero);
  box.querySelector("ol").replaceChildren(
    ...others.slice(0, 200).map((e) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.n;
      const date = document.createElement("span");
      date.className = "filter-elsewhere-date";
      date.textContent = e.d;
      li.append(a, " ", date);
      return li;
    }),
  );
}

// ---------- Overview ----------

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;

/** yyyymmdd → milliseconds (any year: setUTCFullYear does not read 50 as 1950). */
function dayTime(n) {
  if (n === undefined || n === null) return null;
  const year = Math.floor(n / 10000);
  const rest = n - year * 10000;
  const d = new Date(0);
  d.setUTCFullYear(year, Math.floor(rest / 100) - 1, rest % 100);
  return d.getTime();
}

function el(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function setupOverview(fig) {
  const timeline = fig.parentElement.querySelector(".timeline");
  const view = fig.querySelector(".overview-view");
  const status = fig.querySelector(".overview-status");
  if (!timeline || !view) return;
  const rtl = getComputedStyle(fig).direction === "rtl";
  const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;
  const lanes = [...fig.querySelectorAll(".overview-lanes li")].map((li) => ({
    id: li.dataset.topic,
    title: li.textContent,
    color: li.style.getPropertyValue("--topic").trim() || "currentColor",
  }));
  const all = [...timeline.querySelectorAll(".tl-entries > li")].flatMap((li) => {
    const holder = li.querySelector("[data-facets]");
    const link = li.querySelector(".entry-title a");
    let f;
    try {
      f = JSON.parse(holder.dataset.facets);
    } catch {
      return [];
    }
    const start = dayTime(f.f ?? f.u);
    const end = dayTime(f.u ?? f.f) + DAY;
    if (start === null || !link) return [];
    const date = li.querySelector(".entry-date")?.textContent.trim() || "";
    return [{ li, link, title: link.textContent.trim(), date, topics: f.t, start, end }];
  });
  if (!all.length || !lanes.length) return;
  all.sort((a, b) => a.start - b.start);
  const phases = [...document.querySelectorAll(".phase-list .phase")].flatMap((p) => {
    const time = p.querySelector("time[datetime]");
    const m = time && /^(-?\d+)(?:-(\d\d))?(?:-(\d\d))?/.exec(time.getAttribute("datetime"));
    if (!m) return [];
    const n = Number(m[1]) * 10000 + Number(m[2] || 1) * 100 + Number(m[3] || 1);
    return [{ title: p.querySelector(".phase-title")?.textContent.trim() || "", start: dayTime(n) }];
  });
  const lo = Math.min(...all.map((e) => e.start), ...phases.map((p) => p.start));
  const hi = Math.max(...all.map((e) => e.end));
  const pad = Math.max((hi - lo) * 0.03, 15 * DAY);
  const full = [lo - pad, hi + pad];
  let range = [...full];
  let events = all;
  let chosen = -1;
  const laneOf = (e) => (lanes.length === 1 ? [0] : lanes.flatMap((l, i) => (e.topics.includes(l.id) ? [i] : [])));
  // The axis in the page's digits (site.toml's `digits`), whatever the browser's default.
  const numbering = `${lang}-u-nu-${document.querySelector("[data-filters]")?.dataset.digits === "٠" ? "arab" : "latn"}`;
  const yearFormat = new Intl.DateTimeFormat(numbering, { year: "numeric", timeZone: "UTC" });
  const monthFormat = new Intl.DateTimeFormat(numbering, { month: "short", year: "numeric", timeZone: "UTC" });

  const draw = () => {
    const width = Math.max(view.clientWidth, 200);
    const laneHeight = 30;
    const labelHeight = lanes.length > 1 ? 16 : 0;
    const top = 6;
    const height = top + lanes.length * (laneHeight + labelHeight) + 30;
    const [v0, v1] = range;
    const x = (t) => {
      const p = 8 + ((t - v0) / (v1 - v0)) * (width - 16);
      return rtl ? width - p : p;
    };
    const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true", class: "overview-svg" });
    phases.forEach((p, i) => {
      const end = i + 1 < phases.length ? phases[i + 1].start : hi + pad;
      const [a, b] = [x(p.start), x(end)].sort((m, n) => m - n);
      svg.append(el("rect", { x: a, y: 0, width: Math.max(b - a, 1), height: height - 28, class: `overview-phase overview-phase-${i % 2}` }));
      svg.append(el("text", { x: rtl ? b - 4 : a + 4, y: 12, class: "overview-phase-label", "text-anchor": "start" }, p.title));
    });
    lanes.forEach((lane, li) => {
      const y0 = top + li * (laneHeight + labelHeight);
      const y = y0 + labelHeight + laneHeight / 2;
      if (labelHeight) svg.append(el("text", { x: rtl ? width - 8 : 8, y: y0 + 11, class: "overview-lane-label", "text-anchor": "start" }, lane.title));
      svg.append(el("line", { x1: 0, x2: width, y1: y, y2: y, class: "overview-lane", style: `--topic: ${lane.color}` }));
      // Marks in order on screen; those closer than 14 px make one cluster, and
      // clusters whose badges would overlap (a dot's radius is 6, a badge's 11) one.
      const marks = events.map((e, i) => ({ e, i, at: x(e.start) })).filter((m) => laneOf(m.e).includes(li));
      marks.sort((a, b) => a.at - b.at);
      const groups = [];
      const centre = (g) => g.reduce((s, m) => s + m.at, 0) / g.length;
      const radius = (g) => (g.length > 1 ? 11 : 6);
      for (const m of marks) {
        const last = groups[groups.length - 1];
        if (last && Math.abs(m.at - last[last.length - 1].at) < 14) last.push(m);
        else groups.push([m]);
        while (groups.length > 1) {
          const [a, b] = groups.slice(-2);
          if (Math.abs(centre(b) - centre(a)) >= radius(a) + radius(b) + 2) break;
          groups.splice(-2, 2, a.concat(b));
        }
      }
      // Bars of events that last first, so that no bar hides a dot or a badge.
      const bars = [];
      const dots = [];
      for (const g of groups) {
        const at = centre(g);
        if (at < -20 || at > width + 20) continue;
        const style = `--topic: ${lane.color}`;
        if (g.length === 1) {
          const { e, i } = g[0];
          const [a, b] = [x(e.start), x(e.end)].sort((m, n) => m - n);
          if (b - a > 12) bars.push(el("rect", { x: a, y: y - 5, width: b - a, height: 10, rx: 5, class: "overview-mark", "data-i": i, style }));
          else dots.push(el("circle", { cx: at, cy: y, r: 6, class: "overview-mark", "data-i": i, style }));
          if (i === chosen) dots.push(el("circle", { cx: at, cy: y, r: 10, class: "overview-chosen" }));
        } else {
          const ids = g.map((m) => m.i);
          dots.push(el("circle", { cx: at, cy: y, r: 11, class: "overview-cluster", "data-cluster": ids.join(","), style }));
          dots.push(el("text", { x: at, y: y + 4, class: "overview-cluster-count", "text-anchor": "middle" }, digits(g.length, form0())));
          if (ids.includes(chosen)) dots.push(el("circle", { cx: at, cy: y, r: 15, class: "overview-chosen" }));
        }
      }
      svg.append(...bars, ...dots);
    });
    // The axis: years, or months when the view spans less than two years.
    const axisY = height - 24;
    svg.append(el("line", { x1: 0, x2: width, y1: axisY, y2: axisY, class: "overview-axis" }));
    const span = v1 - v0;
    const months = span < 2 * 365 * DAY;
    const step = months ? [1, 2, 3, 6].find((m) => (span / (m * 30 * DAY)) * 70 < width) || 12 : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((y) => (span / (y * 365 * DAY)) * 60 < width) || 1000;
    const d = new Date(v0);
    d.setUTCDate(1);
    d.setUTCHours(0, 0, 0, 0);
    if (!months) {
      d.setUTCMonth(0);
      d.setUTCFullYear(Math.ceil(d.getUTCFullYear() / step) * step);
    }
    for (let k = 0; k < 400 && d.getTime() <= v1; k++) {
      const t = d.getTime();
      if (t >= v0) {
        svg.append(el("line", { x1: x(t), x2: x(t), y1: axisY, y2: axisY + 5, class: "overview-axis" }));
        svg.append(el("text", { x: x(t), y: axisY + 18, class: "overview-tick", "text-anchor": "middle" }, (months ? monthFormat : yearFormat).format(d)));
      }
      if (months) d.setUTCMonth(d.getUTCMonth() + step);
      else d.setUTCFullYear(d.getUTCFullYear() + step);
    }
    view.replaceChildren(svg);
  };
  const form0 = () => document.querySelector("[data-filters]")?.dataset.digits || "0";

  const zoom = (factor, around) => {
    const [v0, v1] = range;
    const span = Math.min(Math.max((v1 - v0) * factor, 20 * DAY), full[1] - full[0]);
    const c = around ?? (v0 + v1) / 2;
    const share = (c - v0) / (v1 - v0);
    let a = c - span * share;
    a = Math.min(Math.max(a, full[0]), full[1] - span);
    range = [a, a + span];
    draw();
  };
  const pan = (ms) => {
    const span = range[1] - range[0];
    const a = Math.min(Math.max(range[0] + ms, full[0]), full[1] - span);
    range = [a, a + span];
    draw();
  };
  const timeAt = (clientX) => {
    const r = view.getBoundingClientRect();
    let p = (clientX - r.left - 8) / Math.max(r.width - 16, 1);
    if (rtl) p = 1 - p;
    return range[0] + p * (range[1] - range[0]);
  };
  const choose = (i) => {
    chosen = Math.max(0, Math.min(i, events.length - 1));
    const e = events[chosen];
    const span = range[1] - range[0];
    if (e.start < range[0] || e.start > range[1]) pan(e.start - (range[0] + span / 2));
    else draw();
    status.textContent = `${e.title} — ${e.date}`;
  };
  const go = (i) => {
    const e = events[i];
    if (!e) return;
    e.li.scrollIntoView({ behavior: reduced ? "auto" : "smooth", block: "center" });
    e.link.focus({ preventScroll: true });
    e.li.classList.add("is-chosen");
    setTimeout(() => e.li.classList.remove("is-chosen"), 2000);
  };

  view.addEventListener("keydown", (ev) => {
    const later = rtl ? "ArrowLeft" : "ArrowRight";
    const earlier = rtl ? "ArrowRight" : "ArrowLeft";
    const keys = {
      [later]: () => choose(chosen < 0 ? 0 : chosen + 1),
      [earlier]: () => choose(chosen < 0 ? events.length - 1 : chosen - 1),
      Home: () => choose(0),
      End: () => choose(events.length - 1),
      "+": () => zoom(0.5, events[chosen]?.start),
      "=": () => zoom(0.5, events[chosen]?.start),
      "-": () => zoom(2, events[chosen]?.start),
      Enter: () => go(chosen),
      " ": () => go(chosen),
    };
    const act = keys[ev.key];
    if (!act) return;
    ev.preventDefault();
    act();
  });
  view.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    zoom(Math.exp(ev.deltaY * 0.002), timeAt(ev.clientX));
  }, { passive: false });
  const pointers = new Map();
  let moved = 0;
  view.addEventListener("pointerdown", (ev) => {
    pointers.set(ev.pointerId, ev.clientX);
    moved = 0;
    view.setPointerCapture(ev.pointerId);
  });
  view.addEventListener("pointermove", (ev) => {
    if (!pointers.has(ev.pointerId)) return;
    const before = pointers.get(ev.pointerId);
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pointers.set(ev.pointerId, ev.clientX);
      const [c, d] = [...pointers.values()];
      const was = Math.abs(a - b), now = Math.abs(c - d);
      if (was > 10 && now > 10) zoom(was / now, timeAt((c + d) / 2));
      moved += 10;
      return;
    }
    pointers.set(ev.pointerId, ev.clientX);
    const dx = ev.clientX - before;
    moved += Math.abs(dx);
    const perPixel = (range[1] - range[0]) / Math.max(view.clientWidth - 16, 1);
    pan((rtl ? dx : -dx) * perPixel);
  });
  const up = (ev) => {
    pointers.delete(ev.pointerId);
    if (moved > 4) return;
    const target = document.elementFromPoint(ev.clientX, ev.clientY);
    const mark = target?.closest?.("[data-i], [data-cluster]");
    if (!mark) return;
    if (mark.dataset.cluster) {
      const ids = mark.dataset.cluster.split(",").map(Number);
      const a = events[ids[0]].start, b = events[ids[ids.length - 1]].end;
      const span = Math.max(b - a, 20 * DAY) * 1.6;
      range = [Math.max(full[0], (a + b) / 2 - span / 2), 0];
      range[1] = Math.min(full[1], range[0] + span);
      choose(ids[0]);
    } else {
      choose(Number(mark.dataset.i));
      go(chosen);
    }
  };
  view.addEventListener("pointerup", up);
  view.addEventListener("pointercancel", (ev) => pointers.delete(ev.pointerId));
  document.addEventListener("explore:filtered", () => {
    events = all.filter((e) => !e.li.hidden && !e.li.closest("[hidden]"));
    chosen = -1;
    draw();
  });
  fig.hidden = false;
  events = all.filter((e) => !e.li.closest("[hidden]"));
  new ResizeObserver(() => draw()).observe(view);
  draw();
}

const box = document.querySelector("[data-search]");
if (box) setupSearch(box);
for (const fig of document.querySelectorAll("[data-overview]")) setupOverview(fig);
for (const form of document.querySelectorAll("[data-filters]")) setupFilters(form);
