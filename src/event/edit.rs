//! Writing event files from a form: [`EventForm`] is the event as a press
//! officer fills it in (every value a string, as typed), and [`apply`]
//! writes it into TOML, onto the existing file when there is one, so that
//! its comments, key order and layout survive an edit in the web app.
//!
//! Values are written as the type the schema wants when they parse as one
//! (a date literal, an integer) and as a string otherwise, so that a wrong
//! value reaches [`Event::parse`](super::Event::parse) and is reported by the
//! same code, at the same position, as in a hand-written file;
//! [`field_at`] then names the form field an error's position falls in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// The roles a kind's templates address, in the order a form shows them.
pub fn kind_roles(kind: &str) -> &'static [&'static str] {
    match kind {
        "meeting" => &["host", "guest"],
        "statement" => &["head"],
        "visit" => &["host"],
        _ => &[],
    }
}

/// The optional and required parts a kind's templates use, besides date,
/// place and paragraphs, which every kind has.
pub fn kind_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "meeting" => &["people", "partner", "topics"],
        "training" => &["participants", "days", "origin", "topics"],
        "handover" => &["recipient", "items"],
        "workshop" => &["participants", "days", "origin", "partner", "topics"],
        "round-table" => &["participants", "origin", "partner", "topics"],
        "statement" => &["people", "topics"],
        "visit" => &["people", "recipient", "topics"],
        _ => &[],
    }
}

/// An event as entered in a form: strings as typed, empty meaning absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventForm {
    /// Release kind.
    pub kind: String,
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// A `-place-…` term name.
    pub place: String,
    /// Language of the free text.
    pub source: String,
    /// A `-partner-…` term name, or empty.
    pub partner: String,
    /// A `-origin-…` term name, or empty.
    pub origin: String,
    /// A `-recipient-…` term name, or empty.
    pub recipient: String,
    /// Course length in days, or empty.
    pub days: String,
    /// Participants: a term and a count, both empty when absent.
    pub participants: CountedForm,
    /// `-topic-…` term names.
    pub topics: Vec<String>,
    /// `-item-…` terms with counts.
    pub items: Vec<CountedForm>,
    /// People taking part.
    pub people: Vec<PersonForm>,
    /// Free-text paragraphs by language.
    pub paragraphs: Vec<BTreeMap<String, String>>,
}

/// A term with a count, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CountedForm {
    /// The term name.
    pub term: String,
    /// The count.
    pub count: String,
}

/// A person, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersonForm {
    /// How templates address the person (`host`, `guest`…).
    pub role: String,
    /// The name by language.
    pub name: BTreeMap<String, String>,
    /// `male` or `female`.
    pub gender: String,
    /// A `-position-…` term name.
    pub position: String,
    /// Recently appointed.
    pub recent: bool,
}

impl CountedForm {
    fn is_empty(&self) -> bool {
        self.term.trim().is_empty() && self.count.trim().is_empty()
    }
}

impl PersonForm {
    fn is_empty(&self) -> bool {
        self.role.trim().is_empty()
            && self.position.trim().is_empty()
            && self.name.values().all(|n| n.trim().is_empty())
    }
}

impl EventForm {
    /// Reads a form from flat HTML field names: `kind`, `people.0.name.ru`,
    /// `topics.1`, `items.0.count`… Unknown names are ignored, since a
    /// browser also sends buttons and the CSRF token.
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> EventForm {
        let mut form = EventForm::default();
        let mut topics = BTreeMap::new();
        let mut items: BTreeMap<usize, CountedForm> = BTreeMap::new();
        let mut people: BTreeMap<usize, PersonForm> = BTreeMap::new();
        let mut paragraphs: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (name, v) in fields {
            let v = v.to_string();
            let parts: Vec<&str> = name.split('.').collect();
            let index = |s: &str| s.parse::<usize>().ok();
            match parts.as_slice() {
                ["kind"] => form.kind = v,
                ["date"] => form.date = v,
                ["place"] => form.place = v,
                ["source"] => form.source = v,
                ["partner"] => form.partner = v,
                ["origin"] => form.origin = v,
                ["recipient"] => form.recipient = v,
                ["days"] => form.days = v,
                ["participants", "term"] => form.participants.term = v,
                ["participants", "count"] => form.participants.count = v,
                ["topics", i] => {
                    if let Some(i) = index(i) {
                        topics.insert(i, v);
                    }
                }
                ["items", i, field] => {
                    let Some(i) = index(i) else { continue };
                    let item = items.entry(i).or_default();
                    match *field {
                        "term" => item.term = v,
                        "count" => item.count = v,
                        _ => {}
                    }
                }
                ["people", i, rest @ ..] => {
                    let Some(i) = index(i) else { continue };
                    let p = people.entry(i).or_default();
                    match rest {
                        ["role"] => p.role = v,
                        ["gender"] => p.gender = v,
                        ["position"] => p.position = v,
                        ["recent"] => p.recent = !v.is_empty() && v != "false",
                        ["name", lang] => {
                            p.name.insert(lang.to_string(), v);
                        }
                        _ => {}
                    }
                }
                ["paragraphs", i, lang] => {
                    if let Some(i) = index(i) {
                        paragraphs.entry(i).or_default().insert(lang.to_string(), v);
                    }
                }
                _ => {}
            }
        }
        form.topics = topics.into_values().collect();
        form.items = items.into_values().collect();
        form.people = people.into_values().collect();
        form.paragraphs = paragraphs.into_values().collect();
        form
    }

    /// The form with blank rows and blank values dropped, as it is written.
    pub fn trimmed(&self) -> EventForm {
        let t = |s: &String| s.trim().to_string();
        let texts = |m: &BTreeMap<String, String>| -> BTreeMap<String, String> {
            m.iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.trim().to_string()))
                .collect()
        };
        EventForm {
            kind: t(&self.kind),
            date: t(&self.date),
            place: t(&self.place),
            source: t(&self.source),
            partner: t(&self.partner),
            origin: t(&self.origin),
            recipient: t(&self.recipient),
            days: t(&self.days),
            participants: CountedForm {
                term: t(&self.participants.term),
                count: t(&self.participants.count),
            },
            topics: self
                .topics
                .iter()
                .map(t)
                .filter(|s| !s.is_empty())
                .collect(),
            items: self
                .items
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| CountedForm {
                    term: t(&c.term),
                    count: t(&c.count),
                })
                .collect(),
            people: self
                .people
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| PersonForm {
                    role: t(&p.role),
                    name: texts(&p.name),
                    gender: t(&p.gender),
                    position: t(&p.position),
                    recent: p.recent,
                })
                .collect(),
            paragraphs: self
                .paragraphs
                .iter()
                .map(texts)
                .filter(|m| !m.is_empty())
                .collect(),
        }
    }

    /// The form filled from a parsed event, for editing it.
    pub fn from_event(data: &super::EventData) -> EventForm {
        let counted = |c: &super::Counted| CountedForm {
            term: c.term.get_ref().clone(),
            count: c.count.get_ref().to_string(),
        };
        let opt = |s: &Option<toml::Spanned<String>>| {
            s.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default()
        };
        EventForm {
            kind: data.kind.get_ref().clone(),
            date: data.date.get_ref().to_string(),
            place: data.place.get_ref().clone(),
            source: data.source.get_ref().clone(),
            partner: opt(&data.partner),
            origin: opt(&data.origin),
            recipient: opt(&data.recipient),
            days: data
                .days
                .as_ref()
                .map(|d| d.get_ref().to_string())
                .unwrap_or_default(),
            participants: data.participants.as_ref().map(counted).unwrap_or_default(),
            topics: data.topics.iter().map(|t| t.get_ref().clone()).collect(),
            items: data.items.iter().map(counted).collect(),
            people: data
                .people
                .iter()
                .map(|p| PersonForm {
                    role: p.role.get_ref().clone(),
                    name: p.name.get_ref().clone(),
                    gender: match p.gender {
                        crate::grammar::Gender::Male => "male".into(),
                        crate::grammar::Gender::Female => "female".into(),
                    },
                    position: p.position.get_ref().clone(),
                    recent: p.recent,
                })
                .collect(),
            paragraphs: data
                .paragraphs
                .iter()
                .map(|p| p.get_ref().clone())
                .collect(),
        }
    }
}

/// Why a form could not be written onto an existing file.
#[derive(Debug, thiserror::Error)]
#[error("line {line}, column {column}: the event file is not valid TOML ({message}); fix it in a text editor first")]
pub struct EditError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The TOML parser's message.
    pub message: String,
}

/// Writes `form` as event TOML: onto `existing` (keeping its comments, key
/// order and layout, and every key the form does not know, such as a
/// person's hand-written `forms`) or, with `None`, as a new file.
pub fn apply(form: &EventForm, existing: Option<&str>) -> Result<String, EditError> {
    let form = form.trimmed();
    let mut doc: DocumentMut = match existing {
        Some(text) => text.parse().map_err(|e: toml_edit::TomlError| {
            let (line, column) = e.span().map_or((0, 0), |s| super::line_col(text, s.start));
            EditError {
                line,
                column,
                message: e.message().to_string(),
            }
        })?,
        None => DocumentMut::new(),
    };
    let root = doc.as_table_mut();
    set_text(root, "kind", &form.kind);
    set_scalar(root, "date", &form.date, date_value);
    set_text(root, "place", &form.place);
    // `en` is the default; a new file says it only when it differs.
    if form.source != "en" || root.contains_key("source") {
        set_text(root, "source", &form.source);
    }
    set_text(root, "partner", &form.partner);
    set_text(root, "origin", &form.origin);
    set_text(root, "recipient", &form.recipient);
    set_scalar(root, "days", &form.days, int_value);
    if form.topics.is_empty() {
        root.remove("topics");
    } else {
        let mut array: Array = form.topics.iter().map(String::as_str).collect();
        keep_array_layout(root.get("topics"), &mut array);
        set_value(root, "topics", Value::Array(array));
    }
    if form.participants.is_empty() {
        root.remove("participants");
    } else {
        let table = counted_table(root.get("participants"), &form.participants);
        set_value(root, "participants", Value::InlineTable(table));
    }
    if form.items.is_empty() {
        root.remove("items");
    } else {
        let old = root.get("items").and_then(Item::as_array);
        let mut array = Array::new();
        for (i, item) in form.items.iter().enumerate() {
            let old_item = old.and_then(|a| a.get(i)).map(|v| Item::Value(v.clone()));
            array.push(counted_table(old_item.as_ref(), item));
        }
        keep_array_layout(root.get("items"), &mut array);
        set_value(root, "items", Value::Array(array));
    }
    write_tables(root, "people", form.people.len(), |table, i| {
        let p = &form.people[i];
        set_text(table, "role", &p.role);
        let mut name = table
            .get("name")
            .and_then(Item::as_inline_table)
            .cloned()
            .unwrap_or_default();
        update_inline(&mut name, &p.name);
        set_value(table, "name", Value::InlineTable(name));
        set_text(table, "gender", &p.gender);
        set_text(table, "position", &p.position);
        if p.recent {
            set_value(table, "recent", Value::from(true));
        } else {
            table.remove("recent");
        }
    });
    write_tables(root, "paragraphs", form.paragraphs.len(), |table, i| {
        let texts = &form.paragraphs[i];
        let stale: Vec<String> = table
            .iter()
            .map(|(k, _)| k.to_string())
            .filter(|k| is_lang_key(k) && !texts.contains_key(k))
            .collect();
        for k in stale {
            table.remove(&k);
        }
        for (lang, text) in texts {
            set_text(table, lang, text);
        }
    });
    Ok(doc.to_string())
}

fn is_lang_key(k: &str) -> bool {
    (2..=3).contains(&k.len()) && k.chars().all(|c| c.is_ascii_lowercase())
}

/// Sets `key` to `v`, keeping the key's decor (comments before it, spacing)
/// and the value's trailing comment when the key exists.
fn set_value(table: &mut Table, key: &str, v: Value) {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = v;
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert(key, value(v));
        }
    }
}

fn set_text(table: &mut Table, key: &str, text: &str) {
    if text.is_empty() {
        table.remove(key);
    } else {
        set_value(table, key, Value::from(text));
    }
}

fn set_scalar(table: &mut Table, key: &str, text: &str, typed: fn(&str) -> Option<Value>) {
    if text.is_empty() {
        table.remove(key);
    } else {
        set_value(table, key, typed(text).unwrap_or_else(|| Value::from(text)));
    }
}

fn date_value(text: &str) -> Option<Value> {
    let dt: toml_edit::Datetime = text.parse().ok()?;
    (dt.date.is_some() && dt.time.is_none()).then(|| Value::from(dt))
}

fn int_value(text: &str) -> Option<Value> {
    text.parse::<i64>().ok().map(Value::from)
}

fn counted_table(old: Option<&Item>, c: &CountedForm) -> InlineTable {
    let mut table = old
        .and_then(Item::as_inline_table)
        .cloned()
        .unwrap_or_default();
    let term = Value::from(c.term.as_str());
    let count = int_value(&c.count).unwrap_or_else(|| Value::from(c.count.as_str()));
    for (key, v) in [("term", term), ("count", count)] {
        match table.get_mut(key) {
            Some(old) => {
                let decor = old.decor().clone();
                *old = v;
                *old.decor_mut() = decor;
            }
            None => {
                table.insert(key, v);
            }
        }
    }
    table
}

/// Updates an inline `{ en = …, ru = … }` table in place: changed values
/// keep their spacing, emptied ones go, new ones are appended.
fn update_inline(table: &mut InlineTable, texts: &BTreeMap<String, String>) {
    let stale: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !texts.contains_key(k))
        .collect();
    for k in stale {
        table.remove(&k);
    }
    for (k, text) in texts {
        match table.get_mut(k) {
            Some(old) => {
                let decor = old.decor().clone();
                *old = Value::from(text.as_str());
                *old.decor_mut() = decor;
            }
            None => {
                table.insert(k, Value::from(text.as_str()));
            }
        }
    }
}

/// A multi-line array (one element per line, as `items` in the examples)
/// stays multi-line.
fn keep_array_layout(old: Option<&Item>, array: &mut Array) {
    let Some(old) = old.and_then(Item::as_array) else {
        if array.len() > 2 && array.iter().any(Value::is_inline_table) {
            multiline(array);
        }
        return;
    };
    let was_multiline = old
        .iter()
        .next()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .is_some_and(|p| p.contains('\n'));
    if was_multiline {
        multiline(array);
    }
}

fn multiline(array: &mut Array) {
    for v in array.iter_mut() {
        v.decor_mut().set_prefix("\n    ");
        v.decor_mut().set_suffix("");
    }
    array.set_trailing("\n");
    array.set_trailing_comma(true);
}

/// Makes the array of tables `key` hold `n` tables, updating existing ones
/// in place through `fill` (so their comments stay) and appending new ones.
fn write_tables(root: &mut Table, key: &str, n: usize, mut fill: impl FnMut(&mut Table, usize)) {
    if n == 0 {
        root.remove(key);
        return;
    }
    if !root.get(key).is_some_and(Item::is_array_of_tables) {
        root.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let tables = root
        .get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .expect("just made");
    while tables.len() > n {
        tables.remove(tables.len() - 1);
    }
    for i in 0..n {
        if i >= tables.len() {
            let mut table = Table::new();
            table.decor_mut().set_prefix("\n");
            tables.push(table);
        }
        fill(tables.get_mut(i).expect("in range"), i);
    }
}

/// The form field (`date`, `people.1.name.ru`, `items.0.count`…) whose
/// value lies at byte `offset` of the event file `text`, for showing an
/// error next to the field it concerns. `None` when the offset is outside
/// every value the form edits.
pub fn field_at(text: &str, offset: usize) -> Option<String> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    for (key, item) in doc.as_table().iter() {
        match item {
            Item::Value(v) if contains(v.span(), offset) => {
                return Some(join(key, inner_field(v, offset)));
            }
            Item::ArrayOfTables(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    let row = format!("{key}.{i}");
                    for (k, item) in table.iter() {
                        match item {
                            Item::Value(v) if contains(v.span(), offset) => {
                                return Some(join(&row, Some(join(k, inner_field(v, offset)))));
                            }
                            _ => {}
                        }
                    }
                    if contains(table.span(), offset) {
                        return Some(row);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn contains(span: Option<std::ops::Range<usize>>, offset: usize) -> bool {
    span.is_some_and(|s| s.start <= offset && offset < s.end.max(s.start + 1))
}

fn join(head: &str, tail: Option<String>) -> String {
    match tail {
        Some(t) => format!("{head}.{t}"),
        None => head.to_string(),
    }
}

/// The path inside an array or inline table value down to `offset`.
fn inner_field(v: &Value, offset: usize) -> Option<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find(|(_, e)| contains(e.span(), offset))
            .map(|(i, e)| join(&i.to_string(), inner_field(e, offset))),
        Value::InlineTable(t) => t
            .iter()
            .find(|(_, e)| contains(e.span(), offset))
            .map(|(k, e)| join(k, inner_field(e, offset))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# A comment that stays.\nkind = \"handover\"\ndate = 2021-09-15   # the day\nplace = \"bishkek\"\nrecipient = \"police-academy\"\nitems = [\n    { term = \"computer\", count = 21 },\n    { term = \"printer\", count = 5 },\n]\n\n[[paragraphs]]\n# before en\nen = \"One.\"\nru = \"Один.\"\n";

    fn form_of(text: &str) -> EventForm {
        let event =
            crate::event::Event::parse(std::path::Path::new("e.toml"), text.into()).unwrap();
        EventForm::from_event(&event.data)
    }

    #[test]
    fn an_unchanged_form_writes_the_file_back_byte_for_byte() {
        assert_eq!(apply(&form_of(FILE), Some(FILE)).unwrap(), FILE);
    }

    #[test]
    fn edits_keep_comments_layout_and_unknown_keys() {
        let mut form = form_of(FILE);
        form.items[1].count = "6".into();
        form.paragraphs[0].remove("ru");
        form.paragraphs[0].insert("ky".into(), "Бир.".into());
        let out = apply(&form, Some(FILE)).unwrap();
        let expected = FILE
            .replace("count = 5", "count = 6")
            .replace("ru = \"Один.\"\n", "ky = \"Бир.\"\n");
        assert_eq!(out, expected);
    }

    #[test]
    fn a_value_that_is_not_a_date_is_written_as_text_for_the_parser_to_place() {
        let mut form = form_of(FILE);
        form.date = "15.09.2021".into();
        form.items[0].count = "many".into();
        let out = apply(&form, Some(FILE)).unwrap();
        assert!(out.contains("date = \"15.09.2021\"   # the day"), "{out}");
        let at = out.find("\"15.09").unwrap();
        assert_eq!(field_at(&out, at).as_deref(), Some("date"));
        let at = out.find("\"many\"").unwrap();
        assert_eq!(field_at(&out, at).as_deref(), Some("items.0.count"));
        let at = out.find("\"One.\"").unwrap();
        assert_eq!(field_at(&out, at).as_deref(), Some("paragraphs.0.en"));
    }

    #[test]
    fn blank_rows_are_not_written() {
        let fields = [
            ("kind", "meeting"),
            ("date", "2027-01-20"),
            ("place", "osh"),
            ("topics.0", "ecology"),
            ("topics.1", " "),
            ("people.0.role", ""),
            ("people.0.name.en", ""),
            ("paragraphs.0.en", ""),
            ("csrf", "ignored"),
        ];
        let out = apply(&EventForm::from_fields(fields), None).unwrap();
        assert_eq!(
            out,
            "kind = \"meeting\"\ndate = 2027-01-20\nplace = \"osh\"\ntopics = [\"ecology\"]\n"
        );
    }
}
