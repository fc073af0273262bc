#!/usr/bin/env python3
"""Deterministic benchmark corpus for `timeline` (and the same articles for Hugo).

    gen_corpus.py OUT --n 10000 [--seed 1] [--layout timeline|hugo]
                      [--translated 0.3] [--theme PATH] [--force]

`timeline` layout (default): OUT/site.toml (languages ar, the default, and en;
5 topics), OUT/content/event-NNNNNN.md (the default language) and, for about
30 % of them, OUT/content/event-NNNNNN.en.md (an English translation), and a
copy of the theme at OUT/themes/default (from --theme, default: the repo's).

`hugo` layout: the same articles as a multilingual Hugo site (ar default at
/, en under /en/, translations by file name), front matter reshaped where Hugo
needs it (a `date` Hugo can parse: the first day of the event; the timeline
date kept as `event_date`), and minimal templates doing comparable work: one
page per article, one page per topic listing all its articles (newest first),
a home page with the topic links and the newest articles.

Article i depends only on (seed, i): the 1k corpus is a prefix of the 10k one,
and the translation of article i only on (seed, i, "en"). Standard library only.
"""

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# (id, English title, Arabic title, colour)
TOPICS = [
    ("economy", "Economy", "الاقتصاد", "#b45309"),
    ("climate", "Climate and water", "المناخ والمياه", "#047857"),
    ("technology", "Technology", "التقنية", "#1d4ed8"),
    ("health", "Public health", "الصحة العامة", "#be123c"),
    ("culture", "Culture", "الثقافة", "#7c3aed"),
]

EN = (
    "the a of and to in on for with from by at as after before during while "
    "government ministry minister parliament council court agency officials "
    "report survey study data figures budget deficit inflation currency bank "
    "loans debt exports imports trade port harbour market prices wages jobs "
    "workers farmers companies startups investors investment growth recession "
    "drought rainfall river dam reservoir heatwave emissions solar wind grid "
    "power outage network internet mobile platform software data centre cable "
    "hospital clinic patients doctors vaccine outbreak cases testing nurses "
    "festival museum theatre film music poetry novel archive heritage exhibition "
    "city village coast desert valley capital province region border highway "
    "announced said reported confirmed denied approved rejected launched "
    "opened closed signed delayed expanded reduced raised cut warned estimated "
    "new old large small first second last annual monthly record sharp modest "
    "public private local national regional international official independent"
).split()

AR = (
    "في من على إلى عن مع بعد قبل خلال بين حتى منذ عند "
    "الحكومة الوزارة الوزير البرلمان المجلس المحكمة الهيئة المسؤولون "
    "التقرير المسح الدراسة البيانات الأرقام الميزانية العجز التضخم العملة "
    "البنك القروض الديون الصادرات الواردات التجارة الميناء السوق الأسعار "
    "الأجور الوظائف العمال المزارعون الشركات المستثمرون الاستثمار النمو "
    "الركود الجفاف الأمطار النهر السد الخزان الحر الانبعاثات الشمسية الرياح "
    "الشبكة الكهرباء الانقطاع الإنترنت الهاتف المنصة البرمجيات الكابل "
    "المستشفى العيادة المرضى الأطباء اللقاح التفشي الإصابات الفحوص "
    "المهرجان المتحف المسرح السينما الموسيقى الشعر الرواية الأرشيف التراث "
    "المدينة القرية الساحل الصحراء الوادي العاصمة المحافظة المنطقة الحدود "
    "أعلن قال أفاد أكد نفى وافق رفض أطلق افتتح أغلق وقع أرجأ وسع خفض رفع "
    "حذر قدر جديد قديم كبير صغير أول ثاني أخير سنوي شهري قياسي حاد محدود "
    "العام الخاص المحلي الوطني الإقليمي الدولي الرسمي المستقل "
    "القاهرة بيروت عمان الرباط تونس الخرطوم بغداد دمشق الرياض الدوحة الجزائر"
).split()

HEAD_EN = ["Background", "What happened", "Why it matters", "In numbers",
           "Reactions", "What comes next", "Context", "On the ground",
           "Key dates", "The debate", "Earlier warnings", "Open questions"]
HEAD_AR = ["خلفية", "ماذا حدث", "لماذا يهم", "بالأرقام", "ردود الفعل",
           "ما التالي", "السياق", "على الأرض", "تواريخ رئيسية", "النقاش",
           "تحذيرات سابقة", "أسئلة مفتوحة"]

TAGS_EN = ["analysis", "interview", "explainer", "data", "policy", "markets",
           "energy", "water", "elections", "migration", "education", "trade"]
TAGS_AR = ["تحليل", "مقابلة", "شرح", "بيانات", "سياسات", "أسواق", "طاقة",
           "مياه", "انتخابات", "هجرة", "تعليم", "تجارة"]

PUBLISHERS = [
    ("Reuters", "reuters"), ("Associated Press", "apnews"),
    ("Agence France-Presse", "afp"), ("BBC News", "bbc"),
    ("The Guardian", "theguardian"), ("Al Jazeera", "aljazeera"),
    ("الأهرام", "ahram"), ("الشرق الأوسط", "aawsat"), ("العربية", "alarabiya"),
    ("World Bank", "worldbank"), ("WHO", "who"), ("UN News", "news.un"),
]

ACTORS = ["الأمم المتحدة", "البنك الدولي", "وزارة المالية", "منظمة الصحة العالمية",
          "European Union", "IMF", "نقابة العمال", "Central Bank"]
PLACES = ["القاهرة", "بيروت", "عمان", "تونس", "الرباط", "Beirut", "Amman", "Cairo"]

FIRST = dt.date(1990, 1, 1)
DAYS = 36 * 365


def q(s):
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(s, ensure_ascii=False)


class Writer:
    """Random text in one language: words, sentences, paragraphs, blocks."""

    def __init__(self, r):
        self.r = r

    def words(self, lang, lo, hi):
        pool = AR if lang == "ar" else EN
        return [self.r.choice(pool) for _ in range(self.r.randint(lo, hi))]

    def plain(self, lang, lo, hi, end=""):
        w = self.words(lang, lo, hi)
        if lang == "en":
            w[0] = w[0].capitalize()
        return " ".join(w) + end

    def sentence(self, lang, lo=7, hi=18):
        r = self.r
        w = self.words(lang, lo, hi)
        if lang == "en":
            w[0] = w[0].capitalize()
        if len(w) > 5 and r.random() < 0.2:
            k = r.randrange(1, len(w))
            w[k] = f"*{w[k]}*"
        if len(w) > 5 and r.random() < 0.15:
            k = r.randrange(1, len(w) - 1)
            w[k], w[k + 1] = f"**{w[k]}", f"{w[k + 1]}**"
        if len(w) > 7 and r.random() < 0.25:
            k = r.randrange(1, len(w) - 2)
            name, host = r.choice(PUBLISHERS)
            w[k] = f"[{w[k]} {w[k + 1]}](https://www.{host}.example/{r.randrange(10**6)})"
            del w[k + 1]
        if r.random() < 0.05:
            w.append(f"`{r.randrange(1000, 99999)}`")
        return " ".join(w) + ("." if lang == "en" else ".")

    def paragraph(self, lang):
        return " ".join(self.sentence(lang) for _ in range(self.r.randint(2, 5)))


class Article:
    """One event in the default language (ar), optionally with an English translation."""

    def __init__(self, seed, i, translated):
        r = random.Random(f"{seed}:{i}")
        self.i = i
        self.key = f"event-{i:06d}"
        roll = r.random()
        # The default-language file: Arabic, English or mixed by paragraph.
        self.lang = "ar" if roll < 0.5 else ("en" if roll < 0.75 else "mixed")
        self.date, self.first_day, self.year = self.make_date(r)
        k = r.choice([1, 1, 1, 2, 2, 3])
        self.topics = [t[0] for t in r.sample(TOPICS, k)]
        self.status = "confirmed" if r.random() < 0.85 else r.choice(["reported", "disputed"])
        self.sources = self.make_sources(r)
        self.actors = r.sample(ACTORS, r.randint(1, 3)) if r.random() < 0.3 else []
        self.places = r.sample(PLACES, r.randint(1, 2)) if r.random() < 0.3 else []
        self.ar = self.version(r, self.lang)
        tr = random.Random(f"{seed}:{i}:t").random() < translated
        self.en = self.version(random.Random(f"{seed}:{i}:en"), "en") if tr else None

    @staticmethod
    def make_date(r):
        """(timeline date text, first day as ISO, year): every precision the model knows."""
        day = FIRST + dt.timedelta(days=r.randrange(DAYS))
        roll = r.random()
        if roll < 0.50:
            text = day.isoformat()
        elif roll < 0.62:
            hh, mm = r.randrange(24), r.randrange(0, 60, 5)
            tz = r.choice(["Z", "+03:00", "+02:00", "-05:00"])
            text = f"{day.isoformat()}T{hh:02d}:{mm:02d}{tz}"
        elif roll < 0.77:
            text = f"{day.year}-{day.month:02d}"
            day = day.replace(day=1)
        elif roll < 0.85:
            text = f"{day.year}"
            day = day.replace(month=1, day=1)
        elif roll < 0.93:  # ranges: days or months
            if r.random() < 0.5:
                end = day + dt.timedelta(days=r.randint(1, 20))
                text = f"{day.isoformat()}/{end.isoformat()}"
            else:
                months = r.randint(2, 30)
                y, m = divmod(day.month - 1 + months, 12)
                text = f"{day.year}-{day.month:02d}/{day.year + y}-{m + 1:02d}"
                day = day.replace(day=1)
        elif roll < 0.97:  # approximate or uncertain
            mark = r.choice(["~", "~", "?", "%"])
            if r.random() < 0.5:
                text = f"{day.year}-{day.month:02d}{mark}"
                day = day.replace(day=1)
            else:
                text = f"{day.year}{mark}"
                day = day.replace(month=1, day=1)
        elif roll < 0.99:  # ongoing
            text = f"{day.year}-{day.month:02d}/.."
            day = day.replace(day=1)
        else:  # approximate start of a range
            text = f"{day.year}~/{day.year + r.randint(1, 4)}"
            day = day.replace(month=1, day=1)
        return text, day.isoformat(), day.year

    @staticmethod
    def make_sources(r):
        out = []
        for _ in range(r.randint(1, 4)):
            name, host = r.choice(PUBLISHERS)
            lang = "ar" if any("\u0600" <= c <= "\u06ff" for c in name) else "en"
            title = Writer(r).plain(lang, 4, 9)
            url = f"https://www.{host}.example/{r.randrange(1990, 2026)}/{r.randrange(10**7):07d}"
            out.append({"title": title, "url": url, "publisher": name})
        return out

    def version(self, r, lang):
        """Title, summary, tags and body of one language version."""
        w = Writer(r)
        tlang = lang if lang != "mixed" else r.choice(["ar", "en"])
        title = w.plain(tlang, 4, 10)
        if tlang == "en":
            title = title.title()
        if r.random() < 0.08:
            title += ": " + w.plain(tlang, 2, 4)
        summary = w.plain(tlang, 14, 28, end=".")
        tags = r.sample(TAGS_AR if tlang == "ar" else TAGS_EN, r.randint(1, 4))
        return {"title": title, "summary": summary, "tags": tags,
                "body": self.body(r, w, lang)}

    @staticmethod
    def body(r, w, lang):
        def pick():
            return lang if lang != "mixed" else r.choice(["ar", "en"])

        target = r.randint(2800, 5200)  # bytes of Markdown
        out = [w.paragraph(pick()), ""]
        quoted = False
        table = r.random() < 0.2
        size = len(out[0].encode())
        while size < target:
            l = pick()
            block = [f"## {r.choice(HEAD_AR if l == 'ar' else HEAD_EN)}", "", w.paragraph(l), ""]
            kind = r.random()
            if kind < 0.25:
                ordered = r.random() < 0.35
                for k in range(r.randint(3, 6)):
                    block.append(f"{k + 1}. " if ordered else "- ")
                    block[-1] += w.sentence(l, 4, 12)
                block.append("")
            elif kind < 0.4 and not quoted:
                quoted = True
                name = r.choice(PUBLISHERS)[0]
                block += [f"> {w.sentence(l, 10, 22)}", ">", f"> — {name}", ""]
            elif kind < 0.5 and table:
                table = False
                cols = ["السنة", "القيمة", "التغير"] if l == "ar" else ["Year", "Value", "Change"]
                block += ["| " + " | ".join(cols) + " |", "|---|---:|---:|"]
                v = r.randint(100, 9000)
                for y in range(r.randint(3, 7)):
                    v += r.randint(-400, 700)
                    block.append(f"| {2010 + y} | {v:,} | {r.uniform(-9, 12):+.1f}% |")
                block.append("")
            elif kind < 0.7:
                block += [f"### {r.choice(HEAD_AR if l == 'ar' else HEAD_EN)}", "",
                          w.paragraph(l), ""]
            else:
                block += [w.paragraph(l), ""]
            out += block
            size += sum(len(x.encode()) + 1 for x in block)
        if not quoted:
            out += [f"> {w.sentence(pick(), 10, 22)}", ""]
        return "\n".join(out).rstrip() + "\n"

    # -- files -------------------------------------------------------
    def front_matter(self, v, hugo):
        fm = [f"title: {q(v['title'])}"]
        if hugo:
            fm.append(f"date: {self.first_day}")
            fm.append(f"event_date: {q(self.date)}")
        else:
            fm.append(f"date: {q(self.date)}")
        fm.append("topics: [" + ", ".join(self.topics) + "]")
        fm.append(f"summary: {q(v['summary'])}")
        if self.status != "confirmed":
            fm.append(f"status: {self.status}")
        fm.append("tags: [" + ", ".join(q(t) for t in v["tags"]) + "]")
        if self.actors:
            fm.append("actors: [" + ", ".join(q(a) for a in self.actors) + "]")
        if self.places:
            fm.append("places: [" + ", ".join(q(p) for p in self.places) + "]")
        fm.append("sources:")
        for s in self.sources:
            fm.append(f"  - title: {q(s['title'])}")
            fm.append(f"    url: {q(s['url'])}")
            fm.append(f"    publisher: {q(s['publisher'])}")
        return "---\n" + "\n".join(fm) + "\n---\n\n" + v["body"]

    def files(self, hugo=False):
        """[(file name, text)]: the default-language file and its translation, if any."""
        out = [(self.key + ".md", self.front_matter(self.ar, hugo))]
        if self.en:
            out.append((self.key + ".en.md", self.front_matter(self.en, hugo)))
        return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def site_toml():
    topics = []
    for tid, en, ar, colour in TOPICS:
        topics.append(f"""
[[topics]]
id = "{tid}"
color = "{colour}"
title = {{ ar = {q(ar)}, en = {q(en)} }}
description = {{ ar = {q("أحداث " + ar + " عبر السنين.")}, en = {q(en + " events over the years.")} }}
""")
    phase = """
[[topics.phases]]
title = { ar = "سنوات الإصلاح", en = "The reform years" }
date = "2003/2008"
"""
    topics[0] += phase
    return f"""# Benchmark corpus generated by bench/gen_corpus.py; do not edit.
title = "خط زمني للأخبار"
description = "مدونة أحداث في خمسة مواضيع."
base_url = "https://bench.example/"
default_language = "ar"
theme = "default"

[dates]
month_names = "both"
digits = "western"

[[languages]]
code = "ar"
name = "العربية"

[[languages]]
code = "en"
name = "English"
title = "A news timeline"
description = "Events in five topics."
""" + "".join(topics)


def hugo_site(out):
    topics = ", ".join("{ id = %s, en = %s, ar = %s }" % (q(t), q(e), q(a))
                       for t, e, a, _ in TOPICS)
    write(os.path.join(out, "config.toml"), f"""\
baseURL = "https://bench.example/"
title = "خط زمني للأخبار"
defaultContentLanguage = "ar"
defaultContentLanguageInSubdir = false
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]

[taxonomies]
  topic = "topics"

[languages.ar]
  weight = 1
  languageName = "العربية"
  languageDirection = "rtl"
[languages.en]
  weight = 2
  languageName = "English"
  title = "A news timeline"

[params]
  topics = [{topics}]
""")
    write(os.path.join(out, "static", "style.css"),
          "body{font-family:sans-serif;max-width:48rem;margin:auto}\n")
    for lang in ("", ".en"):
        write(os.path.join(out, "content", f"_index{lang}.md"), "---\ntitle: \"Timeline\"\n---\n")
        # The /posts/ section page is not compared (timeline has none); its pages are.
        write(os.path.join(out, "content", "posts", f"_index{lang}.md"),
              "---\ntitle: \"Posts\"\n_build:\n  render: never\n---\n")
    lay = os.path.join(out, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ .Site.Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | absURL }}"></head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Params.topics }}<a href="{{ printf "topics/%s/" .id | relLangURL }}">{{ if eq $.Site.Language.Lang "ar" }}{{ .ar }}{{ else }}{{ .en }}{{ end }}</a> {{ end }}</nav>
{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""")
    write(os.path.join(lay, "_default", "single.html"), """\
{{ define "main" }}<article>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Params.event_date }}</time></p>
<h1 dir="auto">{{ .Title }}</h1>
<p class="lede" dir="auto">{{ .Params.summary }}</p>
<ul class="badges">{{ range .Params.topics }}<li><a href="{{ printf "topics/%s/" . | relLangURL }}">{{ . }}</a></li>{{ end }}</ul>
<div dir="auto">{{ .Content }}</div>
<h2>Sources</h2>
<ol>{{ range .Params.sources }}<li><a href="{{ .url }}" dir="auto">{{ .title }}</a> — <bdi>{{ .publisher }}</bdi></li>{{ end }}</ol>
<p>{{ range .Params.tags }}<bdi>{{ . }}</bdi> {{ end }}</p>
</article>{{ end }}
""")
    item = ('<li><article><p><time>{{ .Params.event_date }}</time></p>'
            '<h4><a href="{{ .RelPermalink }}" dir="auto">{{ .Title }}</a></h4>'
            '<p dir="auto">{{ .Params.summary }}</p>'
            '<ul class="badges">{{ range .Params.topics }}<li>{{ . }}</li>{{ end }}</ul>'
            '<span>{{ len .Params.sources }}</span></article></li>')
    write(os.path.join(lay, "_default", "term.html"),
          '{{ define "main" }}<h1>{{ .Title }}</h1>\n<p>{{ len .Pages }}</p>\n'
          '<ol class="timeline">{{ range .Pages.ByDate.Reverse }}' + item +
          '\n{{ end }}</ol>{{ end }}\n')
    write(os.path.join(lay, "_default", "terms.html"),
          '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}'
          '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>'
          '{{ end }}</ul>{{ end }}\n')
    write(os.path.join(lay, "_default", "list.html"),
          '{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}\n')
    write(os.path.join(lay, "index.html"),
          '{{ define "main" }}<h1>{{ .Site.Title }}</h1>\n<ul>{{ range .Site.Params.topics }}'
          '<li><a href="{{ printf "topics/%s/" .id | relLangURL }}">{{ .en }} · {{ .ar }}</a></li>'
          '{{ end }}</ul>\n<ol>{{ range first 20 .Site.RegularPages.ByDate.Reverse }}' + item +
          '\n{{ end }}</ol>{{ end }}\n')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=1000, help="articles (events) in the default language")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", choices=["timeline", "hugo"], default="timeline")
    ap.add_argument("--translated", type=float, default=0.3,
                    help="fraction of articles with an .en.md translation")
    ap.add_argument("--theme", default=os.path.join(REPO, "themes", "default"),
                    help="theme folder copied to OUT/themes/default (timeline layout)")
    ap.add_argument("--force", action="store_true", help="delete OUT first")
    a = ap.parse_args(argv)

    if os.path.exists(a.out) and os.listdir(a.out):
        if not a.force:
            sys.exit(f"{a.out} is not empty (use --force)")
        shutil.rmtree(a.out)
    os.makedirs(a.out, exist_ok=True)
    hugo = a.layout == "hugo"
    if hugo:
        hugo_site(a.out)
        posts = os.path.join(a.out, "content", "posts")
    else:
        write(os.path.join(a.out, "site.toml"), site_toml())
        if not os.path.isdir(a.theme):
            sys.exit(f"no theme at {a.theme}")
        shutil.copytree(a.theme, os.path.join(a.out, "themes", "default"))
        posts = os.path.join(a.out, "content")
    os.makedirs(posts, exist_ok=True)

    total = files = 0
    for i in range(a.n):
        for name, text in Article(a.seed, i, a.translated).files(hugo):
            with open(os.path.join(posts, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            total += len(text.encode("utf-8"))
            files += 1
    print(f"wrote {a.n} articles in {files} files ({total / 1e6:.1f} MB, "
          f"{total / max(files, 1) / 1024:.1f} KiB per file) to {a.out} "
          f"[layout={a.layout}, seed={a.seed}, translated={a.translated}]")


if __name__ == "__main__":
    main()
