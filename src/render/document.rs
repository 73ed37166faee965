//! A rendered release (headline and paragraphs) and its output formats.
//!
//! Templates produce plain text in the archive's own convention: the first
//! block is the headline, blocks are separated by blank lines. Keeping the
//! structure out of the templates means every format is escaped correctly
//! in one place.

use std::fmt::Write;

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
}

impl Format {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Txt => "txt",
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

    /// The document in `format`.
    pub fn write(&self, format: Format) -> String {
        match format {
            Format::Md => {
                let mut out = format!("# {}\n", self.headline);
                for p in &self.paragraphs {
                    let _ = write!(out, "\n{p}\n");
                }
                out
            }
            Format::Txt => {
                let mut out = format!("{}\n", self.headline);
                for p in &self.paragraphs {
                    let _ = write!(out, "\n{p}\n");
                }
                out
            }
            Format::Html => {
                let mut out = String::new();
                let _ = write!(
                    out,
                    "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<article>\n<h1>{}</h1>\n",
                    escape(&self.lang),
                    escape(&self.headline),
                    escape(&self.headline)
                );
                for p in &self.paragraphs {
                    let _ = writeln!(out, "<p>{}</p>", escape(p));
                }
                out.push_str("</article>\n</body>\n</html>\n");
                out
            }
        }
    }
}

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
    fn html_is_complete_and_escaped() {
        let d = Document {
            lang: "ru".into(),
            headline: "A <b> & \"c\"".into(),
            paragraphs: vec!["<script>x</script>".into()],
        };
        let html = d.write(Format::Html);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
        assert!(html.contains("<h1>A &lt;b&gt; &amp; &quot;c&quot;</h1>"));
        assert!(html.contains("<p>&lt;script&gt;x&lt;/script&gt;</p>"));
        assert!(!html.contains("<script>"));
        assert!(html.trim_end().ends_with("</html>"));
    }
}
