//! A release as a Word document: what press officers edit and send.
//!
//! Headline, lead (dateline) and body paragraphs each have a paragraph style
//! of their own (`Title`, `Lead`, `Normal`), so an office can restyle every
//! release at once in Word; the office's name opens the page and its press
//! contact closes it. The document's language is set for proofing (ru-RU,
//! ky-KG, en-GB), and every font named has the Kyrgyz letters ң ү ө (Arial
//! on Windows and macOS; LibreOffice maps it to Liberation Sans).

use docx_rs::{AlignmentType, Docx, LineSpacing, Paragraph, Run, RunFonts, Style, StyleType};

use super::document::{Document, Page};

/// The font every style uses.
pub const FONT: &str = "Arial";

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the Word document: {0}")]
pub struct DocxError(String);

/// The document as the bytes of a `.docx` file.
pub fn write(doc: &Document, page: &Page) -> Result<Vec<u8>, DocxError> {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let mut docx = Docx::new()
        .default_fonts(fonts.clone())
        .default_size(22)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .fonts(fonts.clone())
                .size(22)
                .line_spacing(LineSpacing::new().after(160).line(276)),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Lead")
                .q_format(true)
                .bold()
                .size(32)
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().after(240)),
        )
        .add_style(
            Style::new("Lead", StyleType::Paragraph)
                .name("Lead")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold(),
        )
        .add_style(
            Style::new("Office", StyleType::Paragraph)
                .name("Office")
                .based_on("Normal")
                .q_format(true)
                .size(20)
                .color("16324F"),
        )
        .add_style(
            Style::new("Contact", StyleType::Paragraph)
                .name("Contact")
                .based_on("Normal")
                .q_format(true)
                .size(18),
        );
    let office = page.office;
    if let Some(name) = office.and_then(|o| o.name.get(&doc.lang)) {
        docx = docx.add_paragraph(text("Office", name));
    }
    docx = docx.add_paragraph(text("Title", &doc.headline));
    for (i, p) in doc.paragraphs.iter().enumerate() {
        docx = docx.add_paragraph(text(if i == 0 { "Lead" } else { "Normal" }, p));
    }
    if let Some(o) = office {
        let mut lines: Vec<String> = o.name.get(&doc.lang).cloned().into_iter().collect();
        if let Some(a) = o.address.get(&doc.lang) {
            lines.extend(a.lines().map(str::to_string));
        }
        lines.extend(o.phone.iter().chain(&o.email).chain(&o.website).cloned());
        for line in lines {
            docx = docx.add_paragraph(text("Contact", &line).align(AlignmentType::Left));
        }
    }
    let mut xml = docx.build();
    xml.styles = with_language(&xml.styles, word_lang(&doc.lang))?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

fn text(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(text))
}

/// The language tag Word's proofing uses for a release language.
fn word_lang(lang: &str) -> &str {
    match lang {
        "ru" => "ru-RU",
        "ky" => "ky-KG",
        "en" => "en-GB",
        other => other,
    }
}

/// Sets the document's default language in `styles.xml`, which docx-rs
/// cannot express: `<w:lang>` in the default run properties.
fn with_language(styles: &[u8], lang: &str) -> Result<Vec<u8>, DocxError> {
    let xml = std::str::from_utf8(styles).map_err(|e| DocxError(e.to_string()))?;
    let lang = crate::xml::escape(lang);
    let tag = format!("<w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\" />");
    let patched = if let Some(at) = xml.find("<w:rPrDefault><w:rPr>") {
        let at = at + "<w:rPrDefault><w:rPr>".len();
        format!("{}{tag}{}", &xml[..at], &xml[at..])
    } else if xml.contains("<w:rPrDefault><w:rPr />") {
        xml.replacen(
            "<w:rPrDefault><w:rPr />",
            &format!("<w:rPrDefault><w:rPr>{tag}</w:rPr>"),
            1,
        )
    } else {
        return Err(DocxError(
            "styles.xml has no default run properties to carry the language".into(),
        ));
    };
    Ok(patched.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_language_is_set_in_the_default_run_properties() {
        let styles = b"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
        let out = String::from_utf8(with_language(styles, "ky-KG").unwrap()).unwrap();
        assert!(
            out.contains("<w:rPrDefault><w:rPr><w:lang w:val=\"ky-KG\""),
            "{out}"
        );
        let empty = b"<w:docDefaults><w:rPrDefault><w:rPr /></w:rPrDefault>";
        let out = String::from_utf8(with_language(empty, "ru-RU").unwrap()).unwrap();
        assert!(out.contains("<w:rPr><w:lang w:val=\"ru-RU\""), "{out}");
        assert!(with_language(b"<w:styles/>", "ru-RU").is_err());
    }

    #[test]
    fn a_release_packs_into_a_word_package() {
        let doc = Document {
            lang: "ky".into(),
            headline: "Баш сап: ң ү ө".into(),
            paragraphs: vec!["Бишкек – биринчи.".into(), "Экинчи.".into()],
        };
        let bytes = write(&doc, &Page::default()).unwrap();
        // Read back by docx-rs's own reader; LibreOffice reads it for real
        // in scripts/check-docx.sh.
        let json = docx_rs::read_docx(&bytes).unwrap().json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let paragraphs: Vec<(String, String)> = value["document"]["children"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["type"] == "paragraph")
            .map(|p| {
                let style = p["data"]["property"]["style"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let text: String = p["data"]["children"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|r| {
                        r["data"]["children"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default()
                    })
                    .filter_map(|t| t["data"]["text"].as_str().map(str::to_string))
                    .collect();
                (style, text)
            })
            .collect();
        let expected = [
            ("Title", "Баш сап: ң ү ө"),
            ("Lead", "Бишкек – биринчи."),
            ("Normal", "Экинчи."),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(s, t)| (s.to_string(), t.to_string()))
            .collect();
        assert_eq!(paragraphs, expected, "{json}");
    }
}
