//! Lists of posts: the home page, the blog's pages, the tag index and each tag's pages.

use std::borrow::Cow;

use super::{Job, Kind, Posts};
use crate::output::Body;
use crate::picture::PictureView;
use crate::render::site::{PageCx, Site};
use crate::render::views::{Paginator, PostSummary, TagLink, TagRef, TestimonialView};
use crate::render::{HOME_POSTS, HOME_TESTIMONIALS, Renderer, page_count};
use crate::{error::Diagnostic, routes};

/// `/`: the intro, the newest posts, featured testimonials and the contact data.
#[derive(Debug, Hash)]
pub struct Home<'r> {
    posts: Posts<'r>,
    /// The pictures of the posts' cards.
    cards: Cards,
    /// The photo at the top (`hero` in `site.yaml`); boxed, as every job is as large as the
    /// largest kind.
    hero: Option<Box<PictureView>>,
}

/// The pictures the cards of a list show, one for each post: made from the image files,
/// whose size and variants the posts' fingerprints do not hold.
#[derive(Debug, Hash)]
struct Cards(Box<[Option<PictureView>]>);

impl Cards {
    fn of(r: &Renderer, posts: &[std::sync::Arc<crate::content::Post>]) -> Cards {
        let config = &r.content.config;
        Cards(
            (posts.iter())
                .map(|p| r.site.images.post_card(p, config))
                .collect(),
        )
    }
}

impl<'r> Kind<'r> for Home<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let posts = &r.content.posts[..r.content.posts.len().min(HOME_POSTS)];
        vec![Home {
            posts: Posts(posts),
            cards: Cards::of(r, posts),
            hero: r.site.images.hero(&r.content.config).map(Box::new),
        }]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed("")
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page("", |p| {
            let config = site.config;
            p.meta.jsonld = site.jsonld();
            p.insert("intro_html", &site.intro_html);
            p.insert(
                "posts",
                &summaries(self.posts, &self.cards, config, site.lang()),
            );
            p.insert("hero", &self.hero);
            let featured: Vec<_> = (site.testimonials.iter())
                .filter(|t| t.featured)
                .take(HOME_TESTIMONIALS)
                .map(|t| TestimonialView::new(t, config, &site.images, site.lang()))
                .collect();
            p.insert("testimonials", &featured);
            p.insert("blog_url", &config.url(routes::BLOG));
            p.insert(
                "testimonials_url",
                &(!site.testimonials.is_empty()).then(|| config.url(routes::TESTIMONIALS)),
            );
            "index.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// One page of a list of posts: which page, of how many, and the posts it shows.
#[derive(Debug, Hash)]
struct ListPage<'r> {
    page: usize,
    pages: usize,
    posts: Posts<'r>,
    cards: Cards,
}

impl<'r> ListPage<'r> {
    /// Every page of `all`, `per` posts a page.
    fn all(
        r: &Renderer,
        all: &'r [std::sync::Arc<crate::content::Post>],
        per: usize,
    ) -> Vec<ListPage<'r>> {
        let pages = page_count(all.len(), per);
        (0..pages)
            .map(|page| {
                let posts = &all[(page * per).min(all.len())..((page + 1) * per).min(all.len())];
                ListPage {
                    page,
                    pages,
                    posts: Posts(posts),
                    cards: Cards::of(r, posts),
                }
            })
            .collect()
    }

    /// Inserts `posts` and `paginator` for a list at `base`.
    fn insert(&self, p: &mut PageCx, site: &Site, base: &str) {
        let config = site.config;
        let n = self.page;
        let url = |k: usize| config.url(&routes::list_page(base, k));
        p.insert(
            "posts",
            &summaries(self.posts, &self.cards, config, site.lang()),
        );
        p.insert(
            "paginator",
            &Paginator {
                current: n + 1,
                total: self.pages,
                prev_url: (n > 0).then(|| url(n - 1)),
                next_url: (n + 1 < self.pages).then(|| url(n + 1)),
                first_url: url(0),
                last_url: url(self.pages - 1),
            },
        );
    }
}

fn summaries<'p>(
    posts: Posts<'p>,
    cards: &Cards,
    config: &'p crate::config::Config,
    lang: &crate::i18n::Language,
) -> Vec<PostSummary<'p>> {
    (posts.0.iter().zip(&cards.0))
        .map(|(p, card)| PostSummary {
            image: card.clone(),
            ..PostSummary::new(p, config, lang)
        })
        .collect()
}

/// `/blog/` (page 0) and `/blog/page/N/`.
#[derive(Debug, Hash)]
pub struct Blog<'r>(ListPage<'r>);

impl<'r> Kind<'r> for Blog<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let per = r.content.config.posts_per_page;
        (ListPage::all(r, &r.content.posts, per).into_iter())
            .map(Blog)
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(routes::list_page(routes::BLOG, self.0.page))
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(&self.route(), |p| {
            let lang = site.lang();
            let heading = match self.0.page {
                0 => lang.t("blog_title", &[]),
                n => lang.t("blog_title_page", &[("page", &lang.number(n as i64 + 1))]),
            };
            p.describe(lang.t("blog_description", &[("site", site.name())]));
            p.titled(&heading, None);
            self.0.insert(p, site, routes::BLOG);
            "blog.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// `/tags/`: every tag, with how many posts carry it.
#[derive(Debug)]
pub struct Tags<'r> {
    tags: &'r [crate::content::tags::Tag],
}

impl std::hash::Hash for Tags<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        for t in self.tags {
            (&t.name, &t.slug, t.posts.len()).hash(h);
        }
    }
}

impl<'r> Kind<'r> for Tags<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        vec![Tags {
            tags: &r.content.tags.list,
        }]
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Borrowed(routes::TAGS)
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        site.page(routes::TAGS, |p| {
            let lang = site.lang();
            p.describe(lang.t("tags_description", &[("site", site.name())]));
            p.titled(&lang.t("tags_title", &[]), None);
            let tags: Vec<_> = (self.tags.iter())
                .map(|t| TagLink {
                    name: &t.name,
                    url: site.config.url(&routes::tag(&t.slug)),
                    count: t.posts.len(),
                })
                .collect();
            p.insert("tags", &tags);
            "tags.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}

/// A page of a tag's list.
#[derive(Debug, Hash)]
pub struct Tag<'r> {
    name: &'r str,
    slug: &'r str,
    list: ListPage<'r>,
}

impl<'r> Kind<'r> for Tag<'r> {
    fn all(r: &'r Renderer<'r>, _: &[Job<'r>]) -> Vec<Self> {
        let per = r.content.config.posts_per_page;
        (r.content.tags.list.iter())
            .flat_map(|tag| {
                ListPage::all(r, &tag.posts, per)
                    .into_iter()
                    .map(|list| Tag {
                        name: &tag.name,
                        slug: &tag.slug,
                        list,
                    })
            })
            .collect()
    }

    fn route(&self) -> Cow<'r, str> {
        Cow::Owned(routes::list_page(&routes::tag(self.slug), self.list.page))
    }

    fn output(&self, site: &Site) -> Result<Body, Diagnostic> {
        let base = routes::tag(self.slug);
        site.page(&self.route(), |p| {
            let lang = site.lang();
            let heading = match self.list.page {
                0 => lang.t("tag_title", &[("tag", self.name)]),
                n => lang.t(
                    "tag_title_page",
                    &[("tag", self.name), ("page", &lang.number(n as i64 + 1))],
                ),
            };
            p.describe(lang.t("tag_description", &[("site", site.name())]));
            p.titled(&heading, None);
            p.insert(
                "tag",
                &TagRef {
                    name: self.name.to_string(),
                    url: site.config.url(&base),
                },
            );
            self.list.insert(p, site, &base);
            "tag.html"
        })
    }

    fn listed(&self) -> Option<Option<crate::content::date::Date>> {
        Some(None)
    }
}
