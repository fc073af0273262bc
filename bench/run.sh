#!/usr/bin/env bash
# The timeline benchmark (issue 6): timeline against Hugo on the same articles,
# the write floor of the same output tree, and serve --watch latencies.
#
#   bench/run.sh                 # 1k and 10k
#   bench/run.sh --big           # also 100k (slow: generating it alone takes minutes),
#                                # and 10k/100k alternated to time how the build scales
#   bench/run.sh --sizes "1000"  # only 1k
#   bench/run.sh --no-hugo --no-watch --runs 3
#
# Environment: WORK (scratch folder, default /tmp/tl-bench), SEED (1), RUNS (5
# timed runs after 1 warm-up), RSS_RUNS (3 runs under /usr/bin/time), SCALING_ROUNDS
# (with --big: 5 rounds of one 10k and one 100k build, output on tmpfs), PLACES
# ("disk tmpfs"; "tmpfs" alone spares the disk: the moved-aside outputs of a 100k run
# on disk take ~40 GB until the end; "none": only the scaling rounds), WATCH_SIZES
# (default: the sizes run, at most 10k), WATCH_EDITS (5), KEEP_TRASH (1: leave the
# moved-aside outputs in $WORK/trash), CARGO_TARGET_DIR,
# THEME=worktree|head (the theme copied into the corpus: the working tree's, the
# default, or the last commit's), SEARCH_ON (1: also time each size up to 10k with
# `search = false`, alternated with the same build with search, one run of each per
# round, to print what the search index adds; 0: skip).
# Needs: cargo, rustc, python3, hyperfine, GNU time (/usr/bin/time); hugo is optional.
# Results: $WORK/results/ (hyperfine JSON, *.rss, write floor, watch JSON, table.md).
#
# Clean output folder, measured fairly: before each run the previous output is
# moved aside into $WORK/trash (deleted at the end), not deleted. On ext4, creating
# tens of thousands of files within minutes of deleting as many is several times
# slower (the kernel's inode allocator skips recently deleted inodes:
# find_inode_bit/recently_deleted), so `rm -rf public` before each run would
# measure that penalty, not the build. Each size is also measured with its output on
# tmpfs (/dev/shm), which shows the CPU cost without the disk.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
WORK="${WORK:-/tmp/tl-bench}"
SEED="${SEED:-1}"
RUNS="${RUNS:-5}"
RSS_RUNS="${RSS_RUNS:-3}"
SCALING_ROUNDS="${SCALING_ROUNDS:-5}"
PLACES="${PLACES:-disk tmpfs}"
WATCH_EDITS="${WATCH_EDITS:-5}"
THEME="${THEME:-worktree}"
SIZES="1000 10000"
HUGO_ON=1
WATCH_ON=1
while [ $# -gt 0 ]; do
  case "$1" in
    --big) SIZES="$SIZES 100000" ;;
    --sizes) SIZES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --no-hugo) HUGO_ON=0 ;;
    --no-watch) WATCH_ON=0 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
RES="$WORK/results"
TRASH="$WORK/trash"
SHM="${SHM:-/dev/shm/tl-bench}"
mkdir -p "$WORK" "$RES" "$TRASH"
for tool in hyperfine python3 rustc cargo; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y hyperfine)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "missing GNU time: apt-get install -y time" >&2; exit 1; }
HUGO="$(command -v hugo || true)"
[ "$HUGO_ON" = 1 ] && [ -z "$HUGO" ] && echo "hugo not installed: skipping it (apt-get install -y hugo)" >&2
[ "$HUGO_ON" = 1 ] || HUGO=""

log() { echo "== $*" >&2; }
machine() {
  echo "load $(cut -d' ' -f1-3 /proc/loadavg), cpu pressure $(head -1 /proc/pressure/cpu 2>/dev/null | cut -d' ' -f2 || echo n/a)"
}

# -- binaries ---------------------------------------------------------------
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
BIN="$CARGO_TARGET_DIR/release/timeline"
log "cargo build --release ($CARGO_TARGET_DIR)"
if ! (cd "$REPO" && cargo build --release --quiet); then
  [ -x "$BIN" ] || { echo "the build failed and there is no earlier binary" >&2; exit 1; }
  echo "WARNING: cargo build failed (the tree is being edited?); using the binary of $(date -r "$BIN" -u '+%F %T UTC')" >&2
fi
# `stash DIR`: move DIR out of the way (into the trash) without deleting it
STASH="$WORK/stash.sh"
printf '#!/bin/sh\nfor d; do [ -e "$d" ] || continue; case "$d" in /dev/shm/*) rm -rf "$d" ;; *) mv "$d" "%s/$(date +%%s%%N)" ;; esac; done\n' "$TRASH" > "$STASH"
chmod +x "$STASH"
# KEEP_TRASH=1 leaves the moved-aside outputs for the next run to delete: deleting
# gigabytes just before another run would slow that run's file creation on ext4.
# Mind the disk: every run's output stays (a 100k output is 3.5 GB).
cleanup() { [ "${KEEP_TRASH:-0}" = 1 ] || rm -rf "$TRASH"; rm -rf "$SHM"; }
trap cleanup EXIT
FLOOR="$WORK/write_floor"
if [ ! -x "$FLOOR" ] || [ "$HERE/write_floor.rs" -nt "$FLOOR" ]; then
  rustc -O --edition 2021 "$HERE/write_floor.rs" -o "$FLOOR"
fi

# -- corpora (cached per generator version and seed) ----------------------------
GEN_SUM="$(cksum < "$HERE/gen_corpus.py" | cut -d' ' -f1)"
theme_src() { # the theme folder to copy into a corpus
  if [ "$THEME" = head ]; then
    local t="$WORK/theme-head"
    rm -rf "$t" && mkdir -p "$t"
    (cd "$REPO" && git archive HEAD themes/default) | tar -x -C "$t"
    echo "$t/themes/default"
  else
    echo "$REPO/themes/default"
  fi
}
corpus() { # layout n -> folder
  local dir="$WORK/$1-$2" stamp="seed$SEED-gen$GEN_SUM"
  if [ "$(cat "$dir/.bench-stamp" 2>/dev/null)" != "$stamp" ]; then
    log "generating $1 corpus, $2 articles"
    python3 "$HERE/gen_corpus.py" --force --seed "$SEED" --n "$2" --layout "$1" "$dir" >&2
    echo "$stamp" > "$dir/.bench-stamp"
  fi
  if [ "$1" = timeline ]; then # the theme is refreshed every run
    rm -rf "$dir/themes/default" && mkdir -p "$dir/themes" && cp -r "$(theme_src)" "$dir/themes/default"
  fi
  echo "$dir"
}

# -- measurements -------------------------------------------------------------
peak_rss() { # name dir prepare cmd out -> $RES/name.rss: wall user sys maxrss_kib per run
  local name="$1" dir="$2" prep="$3" cmd="$4"
  : > "$RES/$name.rss"
  for _ in $(seq "$RSS_RUNS"); do
    (cd "$dir" && sh -c "$prep" && /usr/bin/time -f '%e %U %S %M' -o "$RES/$name.time" \
      sh -c "exec $cmd" >/dev/null 2>&1) || { echo "FAILED: $cmd" >&2; return 1; }
    cat "$RES/$name.time" >> "$RES/$name.rss"
  done
}
measure() { # name dir prepare cmd out
  local name="$1" dir="$2" prep="$3" cmd="$4" out="$5"
  log "$name ($(machine))"
  (cd "$dir" && hyperfine --style basic --runs "$RUNS" --warmup 1 --prepare "$prep" \
    --export-json "$RES/$name.json" "$cmd") >&2
  peak_rss "$@"
  find "$out" -type f -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %d\n", n, b}' > "$RES/$name.out"
  kinds "$out" > "$RES/$name.kinds"
}
kinds() { # out -> "kind files bytes" lines: where the bytes of an output go
  find "$1" -type f -printf '%s %P\n' | awk '
    { p = $2; sub(/^en\//, "", p); split(p, seg, "/")
      if (p ~ /^pagefind\//) k = "search index"
      else if (p ~ /\.html$/) k = (seg[2] == "" ? "other pages" : seg[1] " pages")
      else if (p ~ /\.xml$/) k = (p ~ /sitemap/ ? "sitemap" : "feeds")
      else if (p ~ /\.(json|csv|geojson)$/) k = "data exports"
      else k = "static and other"
      n[k]++; b[k] += $1 }
    END { for (k in n) printf "%s\t%d\t%d\n", k, n[k], b[k] }' | sort -t "$(printf '\t')" -k3,3nr
}
floor() { # name tree dst: the write floor of a built tree (and cp -r of it, on disk)
  local name="$1" tree="$2" dst="$3" src="$SHM/floor-src"
  mkdir -p "$SHM" && rm -rf "$src" && cp -r "$tree" "$src"
  : > "$RES/$name.floor"
  for _ in $(seq "$RUNS"); do
    "$STASH" "$dst"
    "$FLOOR" "$src" "$dst" >> "$RES/$name.floor"
  done
  "$STASH" "$dst"
  if [ "${dst#/dev/shm/}" = "$dst" ]; then
    log "$name: cp -r of the same tree"
    hyperfine --style basic --runs "$RUNS" --prepare "$STASH $dst" \
      --export-json "$RES/$name-cp.json" "cp -r $src $dst" >&2
    "$STASH" "$dst"
  fi
  rm -rf "$src"
}

for n in $SIZES; do
  d="$(corpus timeline "$n")"
  h=""
  if [ -n "$HUGO" ]; then
    h="$(corpus hugo "$n")"
    "$STASH" "$h/public" "$h/resources"
  fi
  "$STASH" "$d/public"
  for where in $PLACES; do
    case "$where" in disk|tmpfs) ;; *) continue ;; esac
    if [ "$where" = disk ]; then o="$d/public" ho="$h/public" sfx=""; else o="$SHM/tl-out" ho="$SHM/hugo-out" sfx="-tmpfs"; fi
    measure "timeline-$n$sfx" "$d" "$STASH $o" "$BIN build --root . --output $o" "$o"
    if [ "$where" = disk ]; then fd="$WORK/floor-dst"; else fd="$SHM/floor-dst"; fi
    floor "floor-$n$sfx" "$o" "$fd"
    "$STASH" "$o"
    if [ -n "$HUGO" ]; then
      measure "hugo-$n$sfx" "$h" "$STASH $ho $h/resources $WORK/hugo-cache" \
        "$HUGO --quiet --cacheDir $WORK/hugo-cache --destination $ho" "$ho"
      "$STASH" "$ho" "$h/resources"
    fi
  done
done

# -- what the search index adds: the same build with `search = false` (tmpfs) ---------
SEARCH_ON="${SEARCH_ON:-1}"
if [ "$SEARCH_ON" = 1 ]; then
  for n in $SIZES; do
    [ "$n" -le 10000 ] || continue # a copy of the corpus without search: 70 MB at 10k
    d="$(corpus timeline "$n")" off="$WORK/timeline-$n-nosearch" o="$SHM/search-out"
    rm -rf "$off" && mkdir -p "$off" && cp -r "$d/content" "$d/themes" "$off/"
    { echo "search = false"; cat "$d/site.toml"; } > "$off/site.toml"
    log "search on and off, $n articles, alternated over $RUNS rounds ($(machine))"
    mkdir -p "$SHM"
    rm -f "$RES/search-$n"-*.json
    # One run of each per round (on, off, on, off…), so that both see the same machine.
    for r in $(seq "$RUNS"); do
      warm=0 && [ "$r" = 1 ] && warm=1
      hyperfine --style basic --runs 1 --warmup "$warm" --prepare "$STASH $o" \
        --export-json "$RES/search-$n-$r.json" \
        -n "search on" "$BIN build --root $d --output $o" \
        -n "search off" "$BIN build --root $off --output $o" >&2
    done
    "$STASH" "$o"
    rm -rf "$off"
  done
fi

# -- scaling: 10k and 100k alternated, so that both see the same machine --------------
# (a shared machine's speed drifts over minutes; a ratio of two hyperfine runs taken
# a quarter of an hour apart measures the drift as much as the build)
: > "$RES/scaling.txt"
case " $SIZES " in *" 100000 "*) case " $SIZES " in *" 10000 "*)
  for r in $(seq "$SCALING_ROUNDS"); do
    for n in 10000 100000; do
      o="$SHM/scaling-out"
      "$STASH" "$o"
      log "scaling round $r: $n articles ($(machine))"
      /usr/bin/time -f "$n %e %U %S %M" -a -o "$RES/scaling.txt" \
        "$BIN" build --root "$WORK/timeline-$n" --output "$o" >/dev/null 2>&1
    done
  done
  "$STASH" "$SHM/scaling-out"
  for n in 10000 100000; do
    echo "$n $(find "$WORK/timeline-$n/content" -name '*.md' | wc -l)"
  done > "$RES/scaling-articles.txt" ;;
esac ;; esac

# -- serve --watch --------------------------------------------------------------
WATCH_SIZES="${WATCH_SIZES:-$(for n in $SIZES; do [ "$n" -le 10000 ] && echo -n "$n "; done; true)}"
if [ "$WATCH_ON" = 1 ]; then
  for n in $WATCH_SIZES; do
    d="$(corpus timeline "$n")"
    port=$((18000 + RANDOM % 1000))
    log "serve --watch latency, $n articles ($(machine))"
    python3 "$HERE/incr_latency.py" --site "$d" --port "$port" --edits "$WATCH_EDITS" \
      --label "timeline-$n" --log "$RES/serve-$n.log" -- \
      "$BIN" serve --watch --port "$port" > "$RES/watch-$n.json" || echo "watch run failed" >&2
  done
fi

# -- table ---------------------------------------------------------------------------
python3 - "$RES" "$SIZES" "$([ -n "$HUGO" ] && "$HUGO" version | cut -d' ' -f2)" \
  "$("$BIN" --version)" "$WATCH_ON" "$WATCH_SIZES" <<'EOF' | tee "$RES/table.md"
import glob, json, os, statistics, sys
res, sizes, hugo_v, tl_v, watch_on, watch_sizes = sys.argv[1:7]
def hf(name):
    p = os.path.join(res, name + ".json")
    if not os.path.exists(p):
        return None
    try:
        r = json.load(open(p))["results"][0]
    except (ValueError, KeyError, IndexError):  # a run that failed half-way
        return None
    t = r["times"]
    return {"med": statistics.median(t), "min": min(t), "max": max(t),
            "cpu": r["user"] + r["system"]}
def rss(name):
    p = os.path.join(res, name + ".rss")
    rows = [l.split() for l in open(p)] if os.path.exists(p) else []
    return max((int(r[3]) for r in rows), default=None)
def out(name):
    p = os.path.join(res, name + ".out")
    return open(p).read().split() if os.path.exists(p) else ["?", "0"]
def floor(name):
    p = os.path.join(res, name + ".floor")
    if not os.path.exists(p):
        return None
    return statistics.median(float(l.split("seconds=")[1]) for l in open(p) if "seconds=" in l)
cpu = os.cpu_count()
print(f"\nMachine: {cpu} CPUs, {os.uname().release}; {tl_v}; hugo {hugo_v or 'not installed'}; "
      f"load at the end {open('/proc/loadavg').read().split()[0]}\n")
print("| N | output on | tool | files out | MB out | wall s median (min–max) | CPU s (user+sys) | peak RSS MiB | ratio |")
print("|---:|---|---|---:|---:|---|---:|---:|---|")
for n in sizes.split():
  for where in ("", "-tmpfs"):
    place = "disk (ext4)" if not where else "tmpfs"
    t = hf(f"timeline-{n}{where}")
    for tool in ("timeline", "hugo"):
        r = hf(f"{tool}-{n}{where}")
        if not r:
            continue
        f, b = out(f"{tool}-{n}{where}")
        m = rss(f"{tool}-{n}{where}")
        ratio = "" if tool == "timeline" else f"hugo ÷ timeline = {r['med'] / t['med']:.2f}" if t else ""
        print(f"| {int(n):,} | {place} | {tool} | {f} | {int(float(b)) / 1e6:.0f} | {r['med']:.2f} ({r['min']:.2f}–{r['max']:.2f}) "
              f"| {r['cpu']:.2f} | {m / 1024 if m else 0:.0f} | {ratio} |")
    fl = floor(f"floor-{n}{where}")
    if fl is not None and t:
        f, b = out(f"timeline-{n}{where}")
        print(f"| {int(n):,} | {place} | write floor (same tree, {cpu} threads) | {f} | {int(float(b)) / 1e6:.0f} | {fl:.2f} "
              f"| | | timeline ÷ floor = {t['med'] / fl:.1f} |")
    cp = hf(f"floor-{n}{where}-cp")
    if cp:
        print(f"| {int(n):,} | {place} | `cp -r` of the same tree | | | {cp['med']:.2f} | {cp['cpu']:.2f} | | |")
for n in sizes.split():
  for where in ("", "-tmpfs"):
    p = os.path.join(res, f"timeline-{n}{where}.kinds")
    rows = [l.rstrip("\n").split("\t") for l in open(p)] if os.path.exists(p) else []
    if not rows:
        continue
    total = sum(int(r[2]) for r in rows) or 1
    print(f"\nWhere the bytes go, timeline, {int(n):,} articles ({'tmpfs' if where else 'disk'}):\n")
    print("| kind | files | MB | share |")
    print("|---|---:|---:|---:|")
    for k, f, b in rows:
        print(f"| {k} | {int(f):,} | {int(b) / 1e6:.1f} | {100 * int(b) / total:.1f}% |")
    break
for n in sizes.split():
    # One file per round, each with one run of "search on" and one of "search off".
    rounds = []
    for p in sorted(glob.glob(os.path.join(res, f"search-{n}-*.json"))):
        try:
            rounds.append(json.load(open(p))["results"][:2])
        except (OSError, ValueError, KeyError):
            pass
    if not rounds:
        continue
    on_t = [t for on, _ in rounds for t in on["times"]]
    off_t = [t for _, off in rounds for t in off["times"]]
    cpu = lambda r: statistics.mean(x["user"] + x["system"] for x in r)
    a, b = statistics.median(on_t), statistics.median(off_t)
    print(f"\nWhat the search index adds, {int(n):,} articles (tmpfs, {len(rounds)} alternated "
          f"rounds): {a:.2f} s with it, {b:.2f} s without (medians), so **{a - b:.2f} s, "
          f"{100 * (a - b) / a:.0f}% of the build** (the issue's bound: a third); CPU "
          f"{cpu([on for on, _ in rounds]):.2f} s against {cpu([off for _, off in rounds]):.2f} s "
          f"(mean per run)")
scaling = [l.split() for l in open(os.path.join(res, "scaling.txt"))] \
    if os.path.exists(os.path.join(res, "scaling.txt")) else []
if scaling:
    articles = dict(l.split() for l in open(os.path.join(res, "scaling-articles.txt")))
    small = [float(r[1]) for r in scaling if r[0] == "10000"]
    big = [float(r[1]) for r in scaling if r[0] == "100000"]
    rounds = [b / s for s, b in zip(small, big)]
    print("\n| scaling (tmpfs, alternated) | 10k s median | 100k s median | 100k ÷ 10k | each round | articles 100k ÷ 10k | peak RSS 100k ÷ 10k |")
    print("|---|---:|---:|---:|---|---:|---:|")
    rss_of = lambda n: max(int(r[4]) for r in scaling if r[0] == n)
    print(f"| timeline, {len(rounds)} rounds | {statistics.median(small):.2f} | {statistics.median(big):.2f} "
          f"| **{statistics.median(big) / statistics.median(small):.2f}×** | {', '.join(f'{x:.1f}' for x in rounds)} "
          f"| {int(articles['100000']) / int(articles['10000']):.2f} | {rss_of('100000') / rss_of('10000'):.1f} |")
if watch_on == "1":
    print("\n| N | serve --watch | startup s | body → page ms (min/med/max) | body → reload event ms | title → topic page ms | title → all pages showing it ms | stale |")
    print("|---:|---|---:|---|---|---|---|---|")
    for n in watch_sizes.split():
        p = os.path.join(res, f"watch-{n}.json")
        try:
            w = json.loads(open(p).read().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            print(f"| {int(n):,} | no result | | | | | | |")
            continue
        if "skipped" in w:
            print(f"| {int(n):,} | skipped: {w['skipped']} | | | | | | |")
            continue
        def s(k):
            x = w.get(k, {})
            if not x.get("n"):
                return "–"
            t = f" ({x['timeouts']} timeouts)" if x.get("timeouts") else ""
            return f"{x['min']:.0f} / {x['median']:.0f} / {x['max']:.0f}{t}"
        print(f"| {int(n):,} | timeline | {w.get('startup_s', '')} | {s('body')} | {s('reload')} | {s('title_topic')} "
              f"| {s('title_all')} ({len(w.get('title_pages', []))} pages) | {len(w.get('stale', []))} edits |")
EOF
