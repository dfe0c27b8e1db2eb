//! Tags: which posts carry each tag, newest first. Grouped once when the posts are
//! assembled, then kept up to date by the preview's updates: an edited, added or removed
//! post changes only the lists of its own tags, so an edit does not group every post
//! again. [`Tags::update`] must give what [`Tags::new`] gives for the same posts (the
//! randomized serve-vs-build tests check it).

use std::sync::Arc;

use super::{Post, post_order};
use crate::error::Diagnostic;

/// Every tag, sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    /// The tags, sorted by slug.
    pub list: Vec<Tag>,
}

/// A tag and the posts that carry it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The name as the newest post carrying it writes it.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// The posts, newest first.
    pub posts: Vec<Arc<Post>>,
    /// Spellings that differ from `name` (not only in letter case), as `C++` and `c` do:
    /// they would share one page. Errors, reported with both places.
    pub clashes: Vec<Diagnostic>,
}

impl Tags {
    /// Groups `posts` (sorted newest first, as the content's list) by tag.
    pub fn new(posts: &[Arc<Post>]) -> Tags {
        let mut by_slug: crate::hash::FastMap<&str, Vec<Arc<Post>>> = Default::default();
        for p in posts {
            for slug in distinct_slugs(p) {
                by_slug.entry(slug).or_default().push(p.clone());
            }
        }
        let mut list: Vec<Tag> = by_slug
            .into_iter()
            .map(|(slug, posts)| Tag::of(slug.to_string(), posts))
            .collect();
        list.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
        Tags { list }
    }

    /// Every clash of two spellings.
    pub fn clashes(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter().flat_map(|t| &t.clashes)
    }

    /// Replaces the posts `removed` (as they were in the list) by the posts `added`.
    pub fn update(&mut self, removed: &[Arc<Post>], added: &[Arc<Post>]) {
        // Tags whose name or clashes must be worked out again from their posts.
        let mut unsettled: Vec<String> = Vec::new();
        for old in removed {
            for slug in distinct_slugs(old) {
                let Ok(t) = self.list.binary_search_by(|t| t.slug.as_str().cmp(slug)) else {
                    continue;
                };
                let tag = &mut self.list[t];
                let at = match tag.posts.binary_search_by(|p| post_order(p, old)) {
                    Ok(i) if Arc::ptr_eq(&tag.posts[i], old) => Some(i),
                    _ => tag.posts.iter().position(|p| Arc::ptr_eq(p, old)),
                };
                if let Some(i) = at {
                    tag.posts.remove(i);
                    if i == 0 || !tag.clashes.is_empty() || !spelled_as(old, slug, &tag.name) {
                        unsettled.push(slug.to_string());
                    }
                }
            }
        }
        for new in added {
            for slug in distinct_slugs(new) {
                let t = match self.list.binary_search_by(|t| t.slug.as_str().cmp(slug)) {
                    Ok(t) => t,
                    Err(t) => {
                        self.list.insert(t, Tag::of(slug.to_string(), Vec::new()));
                        t
                    }
                };
                let tag = &mut self.list[t];
                let at = tag
                    .posts
                    .binary_search_by(|p| post_order(p, new))
                    .unwrap_or_else(|i| i);
                tag.posts.insert(at, new.clone());
                if at == 0 || !tag.clashes.is_empty() || !spelled_as(new, slug, &tag.name) {
                    unsettled.push(slug.to_string());
                }
            }
        }
        unsettled.sort_unstable();
        unsettled.dedup();
        for slug in unsettled {
            if let Ok(t) = self.list.binary_search_by(|t| t.slug.cmp(&slug)) {
                self.list[t].settle();
            }
        }
        self.list.retain(|t| !t.posts.is_empty());
    }
}

impl Tag {
    fn of(slug: String, posts: Vec<Arc<Post>>) -> Tag {
        let mut tag = Tag {
            name: String::new(),
            slug,
            posts,
            clashes: Vec::new(),
        };
        tag.settle();
        tag
    }

    /// Works out the name (the newest post's spelling) and the clashes from the posts.
    fn settle(&mut self) {
        self.clashes.clear();
        let mut first: Option<(&Post, usize)> = None;
        for p in &self.posts {
            for (i, (t, slug)) in p.src.tags.iter().zip(&p.src.tag_slugs).enumerate() {
                if *slug != self.slug {
                    continue;
                }
                let Some((f, at)) = first else {
                    first = Some((p, i));
                    self.name = t.clone();
                    continue;
                };
                if self.name != *t && self.name.to_lowercase() != t.to_lowercase() {
                    let (line, col) = p.src.tag_positions.get(i).copied().unwrap_or((1, 1));
                    let (l0, c0) = f.src.tag_positions.get(at).copied().unwrap_or((1, 1));
                    self.clashes.push(Diagnostic::at(
                        &p.src.source,
                        line,
                        col,
                        format!(
                            "tag {t:?} makes the same page (/tags/{}/) as the tag written at {}:{l0}:{c0}: spell them the same, or rename one",
                            self.slug,
                            f.src.source.display()
                        ),
                    ));
                }
            }
        }
    }
}

/// A post's tag slugs, each once.
fn distinct_slugs(p: &Post) -> impl Iterator<Item = &str> {
    let slugs = &p.src.tag_slugs;
    (slugs.iter().enumerate())
        .filter(|(i, s)| !slugs[..*i].contains(s))
        .map(|(_, s)| s.as_str())
}

/// True when every tag of `p` with this slug is written `name`.
fn spelled_as(p: &Post, slug: &str, name: &str) -> bool {
    (p.src.tags.iter().zip(&p.src.tag_slugs)).all(|(t, s)| s != slug || t == name)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn post(file: &str, date: &str, tags: &str) -> Arc<Post> {
        let text = format!("---\ntitle: {file}\ndate: {date}\ntags: [{tags}]\n---\nText.\n");
        let rel = format!("posts/{file}.md");
        let src = crate::content::post::parse(Path::new(&rel), &text).unwrap();
        let config = crate::config::parse("title: T\nbase_url: https://ex.com/\n", None).unwrap();
        let links = crate::content::links::SiteLinks::new(&config, &[], &[], None);
        Arc::new(crate::content::render_post(
            Arc::new(src),
            &links,
            None,
            Path::new("."),
        ))
    }

    /// What the tags show: each tag's name, slug, posts (by file) and clashes.
    fn shown(t: &Tags) -> Vec<String> {
        (t.list.iter())
            .map(|t| {
                let posts: Vec<_> = t.posts.iter().map(|p| p.src.source.clone()).collect();
                let clashes: Vec<_> = t.clashes.iter().map(ToString::to_string).collect();
                format!("{} {} {posts:?} {clashes:?}", t.name, t.slug)
            })
            .collect()
    }

    fn sorted(mut posts: Vec<Arc<Post>>) -> Vec<Arc<Post>> {
        crate::content::sort_posts(&mut posts);
        posts
    }

    #[test]
    fn an_update_gives_what_grouping_again_gives() {
        let a = post("a", "2024-01-03", "Red, blue");
        let b = post("b", "2024-01-02", "red, C++");
        let c = post("c", "2024-01-01", "c, blue");
        let mut tags = Tags::new(&sorted(vec![a.clone(), b.clone(), c.clone()]));
        // `C++` and `c` share /tags/c/: one clash, at the older post.
        assert_eq!(tags.clashes().count(), 1);
        // Each step: the posts removed, the posts added.
        type Step = (Vec<Arc<Post>>, Vec<Arc<Post>>);
        let steps: Vec<Step> = vec![
            // The newest post renames its tag: the name follows it.
            (vec![a.clone()], vec![post("a", "2024-01-03", "RED, blue")]),
            // The clash goes with the post that wrote `C++`.
            (vec![b.clone()], vec![post("b", "2024-01-02", "red")]),
            // A new newest post, a new tag, and the clash back in another spelling.
            (vec![], vec![post("d", "2024-02-01", "green, C")]),
            (vec![c.clone()], vec![post("c", "2023-12-31", "c++")]),
        ];
        let mut all = vec![a, b, c];
        for (removed, added) in steps {
            tags.update(&removed, &added);
            all.retain(|p| !removed.iter().any(|r| Arc::ptr_eq(p, r)));
            all.extend(added);
            assert_eq!(shown(&tags), shown(&Tags::new(&sorted(all.clone()))));
        }
        assert!(tags.list.iter().any(|t| t.slug == "green"));
        assert_eq!(tags.clashes().count(), 1);
    }
}
