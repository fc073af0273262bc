#!/usr/bin/env python3
"""Edit-to-served latency of `timeline serve --watch` (or another server).

Starts the server on loopback in a site made by gen_corpus.py, waits until it
serves, then K times:

  body  - appends a marker paragraph to one article; polls the article's page
          until the marker is served; also notes when the live-reload event
          (server-sent events at --events, if the server has them) arrived;
  title - changes the article's title; polls its first topic page until the new
          title is served ("title→topic"), then every other page that showed
          the old title before the edit (other topic pages, home, year page,
          English fallbacks, neighbours and related articles linked from the
          article page) until all of them show it ("title→all"). A page that
          never follows is reported as stale.

Latency = from the edited file being closed to the first response containing
the marker (polls every 5 ms; each wait bounded by --timeout). The article is
restored and the server stopped by its PID at the end. If the server exits
before serving (e.g. `serve` is not implemented yet), prints a JSON line with
"skipped" and its message, and exits 0. Standard library only.

  incr_latency.py --site /tmp/tl-bench/timeline-1000 --port 18111 -- \\
      timeline serve --watch --port 18111
"""

import argparse
import html
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def get(url, timeout=10.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, ConnectionError, OSError):
        return None, ""


def wait_for(url, needle, timeout, interval=0.005, proc=None):
    deadline = time.perf_counter() + timeout
    polls = 0
    while time.perf_counter() < deadline:
        polls += 1
        status, body = get(url, timeout=max(0.5, min(10.0, deadline - time.perf_counter())))
        if status == 200 and needle in body:
            return time.perf_counter(), polls
        if proc is not None and proc.poll() is not None:
            return None, polls
        time.sleep(interval)
    return None, polls


class Events(threading.Thread):
    """Reads a server-sent-events stream; keeps (time, event name) of each event."""

    def __init__(self, host, port, path):
        super().__init__(daemon=True)
        self.addr, self.path = (host, port), path
        self.seen = []
        self.ok = False

    def run(self):
        try:
            s = socket.create_connection(self.addr, timeout=5)
            s.sendall(f"GET {self.path} HTTP/1.1\r\nHost: {self.addr[0]}\r\n"
                      "Accept: text/event-stream\r\n\r\n".encode())
            s.settimeout(None)
            buf = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return
                now = time.perf_counter()
                buf += chunk
                if not self.ok and b" 200 " in buf.split(b"\r\n", 1)[0]:
                    self.ok = True
                *lines, buf = buf.split(b"\n")
                for line in lines:
                    if line.startswith(b"event:"):
                        self.seen.append((now, line[6:].strip().decode()))
        except OSError:
            return

    def first_after(self, t0, name="reload", wait=2.0):
        """The first `name` event at or after t0; the stream is read on a thread of
        its own, so an event sent just after the page was served may not have been
        read yet: wait up to `wait` seconds for it."""
        deadline = time.perf_counter() + wait
        while True:
            t = next((t for t, n in list(self.seen) if t >= t0 and n == name), None)
            if t is not None or time.perf_counter() >= deadline:
                return t
            time.sleep(0.005)


def summary(xs):
    ok = [x for x in xs if x is not None]
    if not ok:
        return {"n": 0, "timeouts": len(xs)}
    return {"min": min(ok), "median": statistics.median(ok), "max": max(ok),
            "n": len(ok), "timeouts": len(xs) - len(ok)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--article", default="event-000500", help="file stem under content/")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--pause", type=float, default=1.5, help="seconds between edits")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--start-timeout", type=float, default=300.0)
    ap.add_argument("--events", default="/__timeline/events", help="SSE path ('' for none)")
    ap.add_argument("--max-pages", type=int, default=24, help="pages checked after a title edit")
    ap.add_argument("--label", default="")
    ap.add_argument("--log", default=None)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        sys.exit("no server command")

    art = os.path.join(a.site, "content", a.article + ".md")
    original = open(art, encoding="utf-8").read()
    fm = original.split("---", 2)[1]
    title = json.loads(re.search(r"^title: (.*)$", fm, re.M).group(1))
    topics = [t.strip() for t in re.search(r"^topics: \[(.*)\]$", fm, re.M).group(1).split(",")]
    year = re.search(r'^date: "?(\d{4})', fm, re.M).group(1)
    base = f"http://127.0.0.1:{a.port}"
    page_url = f"{base}/events/{a.article}/"
    topic_url = f"{base}/topics/{topics[0]}/"

    log = open(a.log or os.devnull, "w")
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=a.site, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    print(f"[{a.label}] started pid {proc.pid}: {' '.join(cmd)}", file=sys.stderr)
    res = {"label": a.label, "cmd": cmd, "article": a.article,
           "body_ms": [], "reload_ms": [], "title_topic_ms": [], "title_all_ms": [],
           "stale": []}
    try:
        t_ready, _ = wait_for(page_url, "</html>", a.start_timeout, interval=0.05, proc=proc)
        if t_ready is None:
            if proc.poll() is not None:
                log.flush()
                msg = ""
                if a.log:
                    with open(a.log, encoding="utf-8", errors="replace") as f:
                        msg = f.read().strip().splitlines()[-1:] or [""]
                        msg = msg[0]
                print(json.dumps({"label": a.label, "skipped": f"server exited "
                                  f"({proc.returncode}) before serving: {msg}"}))
                return
            sys.exit(f"server not ready within {a.start_timeout}s")
        res["startup_s"] = round(t_ready - t_start, 3)

        # Pages that show the title now: they must all follow a title edit.
        _, article_html = get(page_url)
        linked = re.findall(r'href="(/(?:en/)?events/[^"#]+/)"', article_html)
        candidates = [f"{base}{p}" for p in
                      [f"/topics/{t}/" for t in topics] + ["/", f"/years/{year}/"] +
                      [f"/en/topics/{t}/" for t in topics] + ["/en/", f"/en/years/{year}/"]]
        candidates += [f"{base}{p}" for p in dict.fromkeys(linked)]
        # A long topic timeline or year is cut into pages (topics/x/page/2/ ...) and
        # each page's pager lists only the first, the last and the nearby ones: the
        # event may be on any page, so the pages are followed from the first.
        for u in list(candidates):
            if re.search(r"/(topics|years)/[^/]+/$", u):
                seen, todo = {u}, [u]
                while todo and len(seen) < 500:
                    _, page = get(todo.pop())
                    for p in re.findall(r'href="(/[^"]*/page/\d+/)"', page or ""):
                        if f"{base}{p}".startswith(u) and f"{base}{p}" not in seen:
                            seen.add(f"{base}{p}")
                            todo.append(f"{base}{p}")
                candidates += sorted(seen - {u})
        needle = html.escape(title, quote=False)
        watched = []
        for u in dict.fromkeys(candidates):
            if u == page_url or len(watched) >= a.max_pages:
                continue
            status, body = get(u)
            if status == 200 and (needle in body or title in body):
                watched.append(u)
        # The page of its first topic's timeline that shows it is polled first.
        topic_url = next((u for u in watched if u.startswith(topic_url)), topic_url)
        if topic_url not in watched:
            watched.insert(0, topic_url)
        res["title_pages"] = [u[len(base):] for u in watched]
        print(f"[{a.label}] title shown on {len(watched)} pages: {res['title_pages']}",
              file=sys.stderr)

        ev = None
        if a.events:
            ev = Events("127.0.0.1", a.port, a.events)
            ev.start()
            time.sleep(0.3)
            if not ev.ok:
                ev = None
        time.sleep(a.pause)

        for k in range(a.edits):
            # body: marker appended, article page polled
            marker = f"MARKB{k}x{int(time.time() * 1000) % 10**8}"
            with open(art, "w", encoding="utf-8") as f:
                f.write(original.rstrip("\n") + f"\n\nEdited paragraph {marker}.\n")
            t0 = time.perf_counter()
            t1, polls = wait_for(page_url, marker, a.timeout)
            res["body_ms"].append(None if t1 is None else round((t1 - t0) * 1000, 1))
            if ev:
                tr = ev.first_after(t0)
                res["reload_ms"].append(None if tr is None else round((tr - t0) * 1000, 1))
            print(f"[{a.label}] edit {k} body: {res['body_ms'][-1]} ms "
                  f"(reload {res['reload_ms'][-1] if ev else '-'} ms, {polls} polls)",
                  file=sys.stderr)
            time.sleep(a.pause)

            # title: topic page first, then every page that showed the old title
            marker = f"MARKT{k}x{int(time.time() * 1000) % 10**8}"
            with open(art, "w", encoding="utf-8") as f:
                f.write(re.sub(r"^title: .*$", f'title: "Edited title {marker}"',
                               original, count=1, flags=re.M))
            t0 = time.perf_counter()
            t1, _ = wait_for(topic_url, marker, a.timeout)
            res["title_topic_ms"].append(None if t1 is None else round((t1 - t0) * 1000, 1))
            last, stale = t1, []
            for u in watched:
                if u == topic_url:
                    continue
                left = max(0.5, a.timeout - (time.perf_counter() - t0))
                tu, _ = wait_for(u, marker, left)
                if tu is None:
                    stale.append(u[len(base):])
                elif last is not None:
                    last = max(last, tu)
            res["title_all_ms"].append(
                None if (t1 is None or stale) else round((last - t0) * 1000, 1))
            if stale:
                res["stale"].append({"edit": k, "pages": stale})
            print(f"[{a.label}] edit {k} title: topic {res['title_topic_ms'][-1]} ms, "
                  f"all {len(watched)} pages {res['title_all_ms'][-1]} ms"
                  + (f", STALE: {stale}" if stale else ""), file=sys.stderr)
            # restore, and let the restore build settle before the next edit
            with open(art, "w", encoding="utf-8") as f:
                f.write(original)
            wait_for(topic_url, needle, a.timeout)
            time.sleep(a.pause)
    finally:
        with open(art, "w", encoding="utf-8") as f:
            f.write(original)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
    for key in ("body_ms", "reload_ms", "title_topic_ms", "title_all_ms"):
        res[key.replace("_ms", "")] = summary(res[key])
    print(json.dumps(res, ensure_ascii=False))


if __name__ == "__main__":
    main()
