#!/usr/bin/env python3
"""Turns a Jekyll or Hugo site into a frontdesk site, as an owner moving over would:
posts, pages, the images they show and the settings frontdesk has a place for.

    bench/to-frontdesk.py SITE_DIR OUT_DIR [--base-url URL]

A folder with `hugo.yaml`, `hugo.toml`, `config.yaml` or `config.toml` and a `content/`
folder is read as Hugo: `content/posts/NAME/index.md` bundles (and `NAME.md`) become
posts with their files, the other `content/NAME/index.md` pages, `cover.image` the
post's `image`, `{{< figure >}}` an image; every other shortcode is dropped with a note.

What Jekyll has and frontdesk does not is translated or dropped, never guessed:
- `_posts/YYYY-MM-DD-slug.md` -> `posts/slug.md`, or a bundle `posts/slug/index.md`
  holding the images the post shows from the site's own folders (rewritten to their
  names in the bundle); `date`, `title`, `tags` (and `categories`), `description`
  (or `excerpt`), `published: false` -> `draft: true`, `image` when it is a file.
- Top-level `*.md` pages with a `title` -> `pages/NAME.md`.
- Liquid: `{{ site.url }}`, `{{ site.baseurl }}` and `{{ "/x" | relative_url }}` become
  plain paths, `{% post_url 2024-01-02-slug %}` a link to `slug.md`,
  `{% highlight lang %}` a fenced block, `{% raw %}` goes; every other `{% tag %}` is
  dropped with a note.
- kramdown's attribute lists (`{:class="x"}`, `{: .x}`) are removed; Markdown wrapped
  in an HTML block (`<span>![x](y)</span>`, which CommonMark leaves as HTML) is unwrapped
  when the block holds one line of Markdown.
- Every other file the posts link to under `/` is copied into `static/` at its path.

Prints one line per change it had to make, so the owner can check them.
"""

import argparse
import datetime
import os
import re
import shutil
import sys
import tomllib

import yaml

POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.(md|markdown)$")
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def slugify(text):
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:100] or "post"


def split_front(text):
    if text.startswith("+++"):
        end = re.search(r"^\+\+\+\s*$", text[3:], re.M)
        if end:
            front = tomllib.loads(text[3 : 3 + end.start()])
            return front, text[3 + end.end() :].lstrip("\n")
    if not text.startswith("---"):
        return {}, text
    end = re.search(r"^---\s*$", text[3:], re.M)
    if not end:
        return {}, text
    front = yaml.safe_load(text[3 : 3 + end.start()]) or {}
    return front, text[3 + end.end() :].lstrip("\n")


class Converter:
    def __init__(self, src, out, base_url):
        self.src = src
        self.out = out
        self.base_url = base_url
        self.notes = []
        self.static = set()

    def note(self, where, what):
        self.notes.append(f"{where}: {what}")

    def liquid(self, where, body):
        body = re.sub(r"\{\{\s*site\.(url|baseurl)\s*\}\}", "", body)
        body = re.sub(
            r"\{\{\s*['\"]([^'\"]+)['\"]\s*\|\s*(relative_url|absolute_url)\s*\}\}",
            r"\1",
            body,
        )

        def post_url(m):
            name = m.group(1).strip()
            found = POST_NAME.match(name + ".md")
            return (slugify(found.group(2)) if found else slugify(name)) + ".md"

        body = re.sub(r"\{%\s*post_url\s+([^%]+?)\s*%\}", post_url, body)
        body = re.sub(
            r"\{%\s*highlight\s+(\w+)[^%]*%\}\n?", lambda m: f"```{m.group(1)}\n", body
        )
        body = re.sub(r"\n?\{%\s*endhighlight\s*%\}", "\n```", body)
        body = re.sub(r"\{%\s*(end)?raw\s*%\}", "", body)

        def other(m):
            self.note(where, f"dropped the Liquid tag {m.group(0)!r}")
            return ""

        body = re.sub(r"\{%.*?%\}", other, body, flags=re.S)
        body = re.sub(r"\{\{.*?\}\}", other, body, flags=re.S)
        return body

    def kramdown(self, where, body):
        # Attribute lists after an element, or alone on a line.
        found = re.findall(r"\{:[^}\n]*\}", body)
        if found:
            self.note(where, f"removed {len(found)} kramdown attribute list(s)")
        body = re.sub(r"\{:[^}\n]*\}", "", body)

        # One line of Markdown inside an inline HTML wrapper (CommonMark keeps it as HTML).
        def unwrap(m):
            self.note(where, f"unwrapped Markdown from <{m.group(1)}>")
            return "\n" + m.group(2).strip() + "\n"

        return re.sub(
            r"^<(span|div|p|center)[^>]*>\s*\n\s*(!?\[[^\n]*\]\([^\n]*\))\s*\n\s*</\1>",
            unwrap,
            body,
            flags=re.M,
        )

    def site_file(self, path):
        """The file a root-relative path names in the Jekyll site, if there is one."""
        rel = path.split("#")[0].split("?")[0].lstrip("/")
        full = os.path.join(self.src, rel)
        return rel if rel and os.path.isfile(full) else None

    def keep_linked(self, body):
        """Copies into static/ every file of the site that `body` links to from `/`."""
        links = re.findall(r"\]\((/[^)\s]+)", body)
        links += re.findall(r"(?:src|href)=[\"'](/[^\"']+)", body)
        for link in links:
            rel = self.site_file(link)
            if rel:
                self.static.add(rel)

    def post(self, name):
        m = POST_NAME.match(name)
        if not m:
            self.note(f"_posts/{name}", "not named YYYY-MM-DD-slug.md: skipped")
            return
        where = f"_posts/{name}"
        with open(os.path.join(self.src, "_posts", name), encoding="utf-8") as f:
            front, body = split_front(f.read())
        slug = slugify(m.group(2))
        body = self.kramdown(where, self.liquid(where, body))
        # Images from the site's own folders go into the post's bundle.
        bundle = {}

        def image(m):
            rel = self.site_file(m.group(2))
            if rel and os.path.splitext(rel)[1].lower() in IMAGE_EXT:
                base = os.path.basename(rel)
                bundle[base] = rel
                return f"{m.group(1)}({base}"
            return m.group(0)

        body = re.sub(r"(!\[[^\]]*\])\((/[^)\s]+)", image, body)
        self.keep_linked(body)
        out = {}
        out["title"] = str(front.get("title") or m.group(2).replace("-", " "))
        date = front.get("date") or m.group(1)
        if isinstance(date, (datetime.date, datetime.datetime)):
            date = date.isoformat()
        out["date"] = str(date).strip()[:10] if len(str(date)) <= 10 else str(date)
        desc = front.get("description") or front.get("excerpt")
        if desc:
            out["description"] = " ".join(str(desc).split())
        tags = front.get("tags") or []
        cats = front.get("categories") or []
        tags = [tags] if isinstance(tags, str) else tags
        cats = [cats] if isinstance(cats, str) else cats
        tags = [str(t) for t in list(tags) + list(cats) if str(t).strip()]
        if tags:
            out["tags"] = list(dict.fromkeys(tags))[:20]
        if front.get("published") is False:
            out["draft"] = True
        head = "---\n" + yaml.safe_dump(out, allow_unicode=True, sort_keys=False) + "---\n"
        text = head + body
        folder = self.write_post(slug, text, bundled=bool(bundle))
        for base, rel in bundle.items():
            shutil.copyfile(os.path.join(self.src, rel), os.path.join(folder, base))

    def write_post(self, slug, text, bundled):
        """Writes a post as `posts/SLUG.md`, or as a bundle; returns the bundle's folder."""
        folder = os.path.join(self.out, "posts", slug if bundled else "")
        os.makedirs(folder, exist_ok=True)
        name = "index.md" if bundled else slug + ".md"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
        return folder

    def page(self, name):
        where = name
        with open(os.path.join(self.src, name), encoding="utf-8") as f:
            front, body = split_front(f.read())
        if not front.get("title"):
            return
        body = self.kramdown(where, self.liquid(where, body))
        self.keep_linked(body)
        out = {"title": str(front["title"])}
        if front.get("description"):
            out["description"] = " ".join(str(front["description"]).split())
        os.makedirs(os.path.join(self.out, "pages"), exist_ok=True)
        stem = slugify(os.path.splitext(name)[0])
        with open(os.path.join(self.out, "pages", stem + ".md"), "w", encoding="utf-8") as f:
            f.write("---\n" + yaml.safe_dump(out, allow_unicode=True, sort_keys=False) + "---\n" + body)

    def run(self):
        config = {}
        path = os.path.join(self.src, "_config.yml")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                config = yaml.safe_load(f) or {}
        os.makedirs(self.out, exist_ok=True)
        site = {
            "title": str(config.get("title") or "My site"),
            "base_url": self.base_url
            or (str(config.get("url") or "https://example.com").rstrip("/")
                + str(config.get("baseurl") or "")
                + "/").replace("http://", "https://"),
        }
        if config.get("description"):
            site["description"] = " ".join(str(config["description"]).split())
        if config.get("lang"):
            site["language"] = str(config["lang"])
        author = config.get("author")
        if isinstance(author, dict):
            author = author.get("name")
        if author:
            site["author"] = str(author)
        with open(os.path.join(self.out, "site.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(site, f, allow_unicode=True, sort_keys=False)
        posts = os.path.join(self.src, "_posts")
        for name in sorted(os.listdir(posts)) if os.path.isdir(posts) else []:
            if name.endswith((".md", ".markdown")):
                self.post(name)
        for name in sorted(os.listdir(self.src)):
            if name.endswith(".md") and name.lower() not in {"readme.md", "license.md", "changelog.md"}:
                self.page(name)
        for rel in sorted(self.static):
            dest = os.path.join(self.out, "static", rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(os.path.join(self.src, rel), dest)
        for n in self.notes:
            print(n)


class HugoConverter(Converter):
    """Hugo: posts and pages are `content/` bundles or files."""

    def shortcodes(self, where, body):
        def figure(m):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            return f"![{attrs.get('alt', attrs.get('caption', ''))}]({attrs.get('src', '')})"

        body = re.sub(r"\{\{[<%]\s*figure\s+(.*?)\s*[>%]\}\}", figure, body)

        def other(m):
            self.note(where, f"dropped the shortcode {m.group(0)!r}")
            return ""

        return re.sub(r"\{\{[<%].*?[>%]\}\}", other, body, flags=re.S)

    def front_of(self, front, m_date=None):
        out = {"title": str(front.get("title") or "Untitled")}
        date = front.get("date") or m_date
        if isinstance(date, (datetime.date, datetime.datetime)):
            date = date.isoformat()
        if date:
            out["date"] = str(date)
        desc = front.get("description") or front.get("summary")
        if desc:
            out["description"] = " ".join(str(desc).split())
        tags = front.get("tags") or []
        tags = [tags] if isinstance(tags, str) else tags
        tags += front.get("categories") or []
        tags = [str(t) for t in tags if str(t).strip()]
        if tags:
            out["tags"] = list(dict.fromkeys(tags))[:20]
        if front.get("draft") is True:
            out["draft"] = True
        return out

    def hugo_post(self, path, bundle_dir):
        where = os.path.relpath(path, self.src)
        with open(path, encoding="utf-8") as f:
            front, body = split_front(f.read())
        body = self.shortcodes(where, body)
        self.keep_linked(body)
        name = os.path.basename(bundle_dir) if bundle_dir else os.path.splitext(os.path.basename(path))[0]
        slug = slugify(front.get("slug") or re.sub(r"^\d+-", "", name))
        out = self.front_of(front)
        cover = front.get("cover") or {}
        if isinstance(cover, dict) and cover.get("image") and bundle_dir:
            if os.path.isfile(os.path.join(bundle_dir, cover["image"])):
                out["image"] = cover["image"]
                if cover.get("alt"):
                    out["image_alt"] = str(cover["alt"])
        text = "---\n" + yaml.safe_dump(out, allow_unicode=True, sort_keys=False) + "---\n" + body
        folder = self.write_post(slug, text, bundled=bool(bundle_dir))
        if bundle_dir:
            shutil.copytree(
                bundle_dir, folder, ignore=shutil.ignore_patterns("*.md"), dirs_exist_ok=True
            )

    def hugo_page(self, path, bundle_dir, name):
        where = os.path.relpath(path, self.src)
        with open(path, encoding="utf-8") as f:
            front, body = split_front(f.read())
        body = self.shortcodes(where, body)
        self.keep_linked(body)
        stem = "/".join(slugify(part) for part in name.split("/"))
        if bundle_dir:
            # A page's own files go to static/NAME/, and its relative links there.
            for entry in os.listdir(bundle_dir):
                full = os.path.join(bundle_dir, entry)
                if os.path.isfile(full) and not entry.endswith(".md"):
                    dest = os.path.join(self.out, "static", stem, entry)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    shutil.copyfile(full, dest)
                    body = body.replace(f"]({entry}", f"](/{stem}/{entry}")
        out = {"title": str(front.get("title") or name)}
        if front.get("description"):
            out["description"] = " ".join(str(front["description"]).split())
        target = os.path.join(self.out, "pages", stem + ".md")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write("---\n" + yaml.safe_dump(out, allow_unicode=True, sort_keys=False) + "---\n" + body)

    def hugo_section(self, base, section):
        """A section of pages: its `_index.md` is /SECTION/, each SUB/index.md /SECTION/SUB/."""
        if section == "tags":
            return
        found = False
        index = os.path.join(base, "_index.md")
        if os.path.isfile(index):
            self.hugo_page(index, None, section)
            found = True
        for entry in sorted(os.listdir(base)):
            full = os.path.join(base, entry)
            if os.path.isdir(full) and os.path.isfile(os.path.join(full, "index.md")):
                self.hugo_page(os.path.join(full, "index.md"), full, f"{section}/{entry}")
                found = True
        if not found:
            self.note(f"content/{section}", "holds no pages: not converted")

    def site_file(self, path):
        rel = path.split("#")[0].split("?")[0].lstrip("/")
        full = os.path.join(self.src, "static", rel)
        return rel if rel and os.path.isfile(full) else None

    def run(self):
        config = {}
        for name in ("hugo.yaml", "hugo.toml", "config.yaml", "config.toml"):
            path = os.path.join(self.src, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    config = tomllib.load(f) if name.endswith(".toml") else yaml.safe_load(f)
                break
        params = config.get("params") or {}
        os.makedirs(self.out, exist_ok=True)
        site = {
            "title": str(config.get("title") or "My site"),
            "base_url": self.base_url or str(config.get("baseURL") or "https://example.com/").replace("http://", "https://"),
        }
        if params.get("description"):
            site["description"] = " ".join(str(params["description"]).split())
        if params.get("author"):
            site["author"] = str(params["author"])
        if config.get("languageCode"):
            site["language"] = str(config["languageCode"])
        with open(os.path.join(self.out, "site.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(site, f, allow_unicode=True, sort_keys=False)
        content = os.path.join(self.src, "content")
        for section in sorted(os.listdir(content)):
            base = os.path.join(content, section)
            if section in ("posts", "post", "blog") and os.path.isdir(base):
                for entry in sorted(os.listdir(base)):
                    full = os.path.join(base, entry)
                    if os.path.isdir(full) and os.path.isfile(os.path.join(full, "index.md")):
                        self.hugo_post(os.path.join(full, "index.md"), full)
                    elif entry.endswith(".md") and not entry.startswith("_"):
                        self.hugo_post(full, None)
            elif os.path.isdir(base) and os.path.isfile(os.path.join(base, "index.md")):
                self.hugo_page(os.path.join(base, "index.md"), base, section)
            elif section.endswith(".md") and not section.startswith("_"):
                self.hugo_page(base, None, os.path.splitext(section)[0])
            elif os.path.isdir(base):
                self.hugo_section(base, section)
        for rel in sorted(self.static):
            dest = os.path.join(self.out, "static", rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(os.path.join(self.src, "static", rel), dest)
        for n in self.notes:
            print(n)


def is_hugo(src):
    configs = ("hugo.yaml", "hugo.toml", "config.yaml", "config.toml")
    return os.path.isdir(os.path.join(src, "content")) and any(
        os.path.isfile(os.path.join(src, c)) for c in configs
    )


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("site_dir")
    p.add_argument("out_dir")
    p.add_argument("--base-url")
    a = p.parse_args()
    if os.path.exists(a.out_dir) and os.listdir(a.out_dir):
        sys.exit(f"{a.out_dir}: not empty; give a new folder")
    kind = HugoConverter if is_hugo(a.site_dir) else Converter
    kind(a.site_dir, a.out_dir, a.base_url).run()


if __name__ == "__main__":
    main()
