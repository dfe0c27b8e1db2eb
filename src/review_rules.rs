//! The rules of the content review, by name: what `site.yaml` `review: {ignore: [...]}`
//! may name, and the one sentence each warning gives on why it matters to customers.

/// A review rule.
pub struct Rule {
    /// Its name, shown in every warning and used to silence it.
    pub name: &'static str,
    /// Why it matters to customers, in one sentence.
    pub why: &'static str,
}

/// Every rule.
pub const RULES: &[Rule] = &[
    Rule {
        name: "contact-response-time",
        why: "customers who write want to know when they will hear back",
    },
    Rule {
        name: "contact-named-person",
        why: "people write more readily to a named person than to a department",
    },
    Rule {
        name: "untranslated",
        why: "customers who read another of the site's languages find no version of this page, and the language switcher takes them to their home page instead",
    },
    Rule {
        name: "image-alt",
        why: "screen readers read the alt text aloud, and it shows when the image does not load",
    },
    Rule {
        name: "form-length",
        why: "every question beyond a handful loses people before they send the form",
    },
    Rule {
        name: "form-required",
        why: "each required answer is a reason to give up; ask for two at most",
    },
    Rule {
        name: "you-said-we-did",
        why: "customers keep suggesting when they see that suggestions change things",
    },
    Rule {
        name: "testimonial-date",
        why: "an undated testimonial could be ten years old, and readers discount it",
    },
    Rule {
        name: "link-as-text",
        why: "the page shows the brackets and the file name instead of the image or link",
    },
    Rule {
        name: "summary-length",
        why: "lists, feeds and search results show the summary, and cut a long one mid-sentence",
    },
    Rule {
        name: "title-length",
        why: "search results cut titles after about 60 characters",
    },
    Rule {
        name: "description-length",
        why: "search results cut descriptions after about 160 characters",
    },
    Rule {
        name: "duplicate-title",
        why: "two pages with one title look the same in search results and browser tabs",
    },
];

/// The rule of this name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}
