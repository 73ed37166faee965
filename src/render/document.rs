//! A rendered release (headline and paragraphs) and its output formats.
//!
//! Templates produce plain text in the archive's own convention: the first
//! block is the headline, blocks are separated by blank lines. Keeping the
//! structure out of the templates means every format is escaped correctly
//! in one place.

use std::fmt::Write;

use crate::project::Office;
use crate::xml::escape;

/// An output format of `tilmech render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, as the press office publishes (`# headline`, paragraphs).
    Md,
    /// A complete HTML document with `lang` set.
    Html,
    /// Plain text.
    Txt,
    /// A Word document (binary: written to files, see [`Document::bytes`]).
    Docx,
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Txt => "txt",
            Format::Docx => "docx",
        }
    }
}

/// A release in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The language code.
    pub lang: String,
    /// The headline.
    pub headline: String,
    /// Paragraphs in order: dateline and lead first.
    pub paragraphs: Vec<String>,
}

impl Document {
    /// Splits template output into headline and paragraphs at blank lines.
    pub fn from_blocks(lang: &str, text: &str) -> Document {
        let mut blocks = Vec::new();
        let mut current = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() {
                if !current.is_empty() {
                    blocks.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            blocks.push(current.join(" "));
        }
        let mut blocks = blocks.into_iter();
        Document {
            lang: lang.to_string(),
            headline: blocks.next().unwrap_or_default(),
            paragraphs: blocks.collect(),
        }
    }

    /// The document in a text `format`; a Word document is binary, so for
    /// [`Format::Docx`] this is its plain text and [`Document::bytes`] the file.
    pub fn write(&self, format: Format) -> String {
        match format {
            Format::Md => {
                let mut out = format!("# {}\n", self.headline);
                for p in &self.paragraphs {
                    let _ = write!(out, "\n{p}\n");
                }
                out
            }
            Format::Txt | Format::Docx => {
                let mut out = format!("{}\n", self.headline);
                for p in &self.paragraphs {
                    let _ = write!(out, "\n{p}\n");
                }
                out
            }
            Format::Html => self.html(&Page::default()),
        }
    }

    /// The document in `format`, an HTML page with the office and the links
    /// of `page` around it.
    pub fn write_page(&self, format: Format, page: &Page) -> String {
        match format {
            Format::Html => self.html(page),
            _ => self.write(format),
        }
    }

    /// The document as the content of a file in `format`, with the office
    /// and links of `page` around an HTML page or a Word document.
    pub fn bytes(&self, format: Format, page: &Page) -> Result<Vec<u8>, super::docx::DocxError> {
        match format {
            Format::Docx => super::docx::write(self, page),
            _ => Ok(self.write_page(format, page).into_bytes()),
        }
    }

    /// The media type of a file in `format`.
    pub fn media_type(format: Format) -> &'static str {
        match format {
            Format::Md => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Txt => "text/plain; charset=utf-8",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// A complete, styled, printable HTML page: the office's name and logo,
    /// links to the other language versions, the release, the press contact.
    fn html(&self, page: &Page) -> String {
        let lang = escape(&self.lang);
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n",
            escape(&self.headline)
        );
        for (other, href) in &page.versions {
            let _ = writeln!(
                out,
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
                escape(other),
                escape(href)
            );
        }
        let _ = write!(out, "<style>\n{STYLE}</style>\n</head>\n<body>\n");
        let office = page
            .office
            .filter(|o| !o.name.is_empty() || o.logo.is_some());
        let name = page.office.and_then(|o| o.name.get(&self.lang));
        if office.is_some() || page.versions.len() > 1 {
            out.push_str("<header class=\"office\">\n");
            if let Some(logo) = page
                .office
                .and_then(|o| o.logo.as_deref())
                .and_then(data_uri)
            {
                let _ = writeln!(out, "<img class=\"logo\" src=\"{logo}\" alt=\"\">");
            }
            if let Some(name) = name {
                let _ = writeln!(out, "<p class=\"office-name\">{}</p>", escape(name));
            }
            if page.versions.len() > 1 {
                out.push_str("<nav class=\"versions\" aria-label=\"Language versions\">");
                for (i, (other, href)) in page.versions.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" · ");
                    }
                    let label = escape(endonym(other));
                    if *other == self.lang {
                        let _ = write!(
                            out,
                            "<span lang=\"{}\" aria-current=\"page\">{label}</span>",
                            escape(other)
                        );
                    } else {
                        let _ = write!(
                            out,
                            "<a href=\"{}\" hreflang=\"{}\" lang=\"{}\">{label}</a>",
                            escape(href),
                            escape(other),
                            escape(other)
                        );
                    }
                }
                out.push_str("</nav>\n");
            }
            out.push_str("</header>\n");
        }
        let _ = writeln!(out, "<article>\n<h1>{}</h1>", escape(&self.headline));
        for (i, p) in self.paragraphs.iter().enumerate() {
            let class = if i == 0 { " class=\"lead\"" } else { "" };
            let _ = writeln!(out, "<p{class}>{}</p>", escape(p));
        }
        out.push_str("</article>\n");
        if let Some(o) = page.office {
            let address = o.address.get(&self.lang);
            if name.is_some()
                || address.is_some()
                || o.phone.is_some()
                || o.email.is_some()
                || o.website.is_some()
            {
                out.push_str("<footer class=\"contact\">\n");
                if let Some(name) = name {
                    let _ = writeln!(out, "<p class=\"office-name\">{}</p>", escape(name));
                }
                out.push_str("<address>\n");
                let mut lines: Vec<String> = address
                    .map(|a| a.lines().map(escape).collect())
                    .unwrap_or_default();
                if let Some(phone) = &o.phone {
                    lines.push(format!(
                        "<a href=\"tel:{}\">{}</a>",
                        escape(&phone.replace(' ', "")),
                        escape(phone)
                    ));
                }
                if let Some(email) = &o.email {
                    lines.push(format!("<a href=\"mailto:{e}\">{e}</a>", e = escape(email)));
                }
                if let Some(site) = &o.website {
                    lines.push(format!("<a href=\"{s}\">{s}</a>", s = escape(site)));
                }
                out.push_str(&lines.join("<br>\n"));
                out.push_str("\n</address>\n</footer>\n");
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// What a published HTML page shows around a release.
#[derive(Debug, Clone, Default)]
pub struct Page<'a> {
    /// The publishing office.
    pub office: Option<&'a Office>,
    /// Every language version, this one included, with its address.
    pub versions: Vec<(String, String)>,
}

impl Page<'_> {
    /// Every language of `langs` with the address `href` gives it.
    pub fn versions(langs: &[String], href: impl Fn(&str) -> String) -> Vec<(String, String)> {
        langs.iter().map(|l| (l.clone(), href(l))).collect()
    }
}

/// A language's own name for itself, for the links between versions.
fn endonym(lang: &str) -> &str {
    match lang {
        "en" => "English",
        "ru" => "Русский",
        "ky" => "Кыргызча",
        other => other,
    }
}

/// An image file as a `data:` address, so the page is one self-contained file.
fn data_uri(path: &std::path::Path) -> Option<String> {
    let mime = match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => return None,
    };
    let bytes = std::fs::read(path).ok()?;
    Some(format!("data:{mime};base64,{}", base64(&bytes)))
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page's stylesheet: print styles, and a font stack whose every font
/// has the Kyrgyz letters ң ү ө.
const STYLE: &str = include_str!("release.css");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_headline_and_paragraphs() {
        let d = Document::from_blocks("en", "\n  Head line \n\nFirst\nparagraph\n\n\n\nSecond\n");
        assert_eq!(d.headline, "Head line");
        assert_eq!(d.paragraphs, ["First paragraph", "Second"]);
        assert_eq!(
            d.write(Format::Md),
            "# Head line\n\nFirst paragraph\n\nSecond\n"
        );
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn the_page_links_the_other_versions_and_shows_the_office() {
        let office = Office {
            name: [(
                "ky".to_string(),
                "ЕККУнун Бишкектеги программалык кеңсеси".to_string(),
            )]
            .into(),
            email: Some("press@example.org".into()),
            ..Office::default()
        };
        let d = Document {
            lang: "ky".into(),
            headline: "Баш сап".into(),
            paragraphs: vec!["Бир.".into()],
        };
        let page = Page {
            office: Some(&office),
            versions: ["en", "ru", "ky"]
                .iter()
                .map(|l| (l.to_string(), format!("e.{l}.html")))
                .collect(),
        };
        let html = d.write_page(Format::Html, &page);
        assert!(
            html.contains("<link rel=\"alternate\" hreflang=\"ru\" href=\"e.ru.html\">"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"e.ru.html\" hreflang=\"ru\" lang=\"ru\">Русский</a>"),
            "{html}"
        );
        assert!(
            html.contains("<span lang=\"ky\" aria-current=\"page\">Кыргызча</span>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"office-name\">ЕККУнун Бишкектеги программалык кеңсеси</p>")
        );
        assert!(html.contains("<a href=\"mailto:press@example.org\">press@example.org</a>"));
        assert!(html.contains("@media print"));
        assert!(!html.contains('\u{2068}') && !html.contains('\u{2069}'));
    }

    #[test]
    fn html_is_complete_and_escaped() {
        let d = Document {
            lang: "ru".into(),
            headline: "A <b> & \"c\"".into(),
            paragraphs: vec!["<script>x</script>".into()],
        };
        let html = d.write(Format::Html);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
        assert!(html.contains("<h1>A &lt;b&gt; &amp; &quot;c&quot;</h1>"));
        assert!(html.contains("<p class=\"lead\">&lt;script&gt;x&lt;/script&gt;</p>"));
        assert!(!html.contains("<script>"));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
