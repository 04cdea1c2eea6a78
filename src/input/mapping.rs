//! Which column of an export holds which field: the headers HR systems (Workday, BambooHR,
//! HiBob, Rippling) and CRM or CS platforms (Salesforce reports, Gainsight, ChurnZero,
//! Vitally, Totango) write, read as the fields of a roster or an actuals file, and the user's
//! own mapping (`Employee Ref=id`) on top.
//!
//! Owns: header names → fields, the guess with its confidence, and the suggestions for a
//! field no column was found for. Must not: read files, or read the rows themselves (the
//! importers do that with the mapping this gives).
//!
//! Headers are compared by their words ([`header_key`]): letter case, punctuation, `#` (read
//! as "number"), currency words and what stands in brackets (units such as `(USD)` or `(%)`)
//! are all ignored, so `Annual OTE (USD)`, `annual-ote` and `ANNUAL OTE $` are the same
//! header. The list of known headers is documented in docs/roster-and-statements.md.

use crate::engine::{Csm, Plan};
pub use crate::input::words::{fold, header_key, word_overlap, words};

mod guess;
mod headers;
pub use guess::*;

/// Which kind of file a mapping is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// A roster: one row per CSM (`import-roster`).
    Roster,
    /// Actual results (`import-actuals`).
    Actuals,
}

impl Layout {
    /// The fields a column of this layout can hold.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Layout::Roster => &[
                Field::Id,
                Field::Name,
                Field::FirstName,
                Field::LastName,
                Field::Level,
                Field::Ote,
                Field::BookArr,
                Field::Start,
                Field::End,
            ],
            Layout::Actuals => &[Field::CsmId, Field::Metric, Field::Period, Field::Value],
        }
    }
}

/// A field of the tool that a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    // A roster's.
    Id,
    Name,
    /// Joined with the last name (`Alex` + `Morgan` → `Alex Morgan`) when there is no name.
    FirstName,
    LastName,
    Level,
    Ote,
    BookArr,
    /// The first day employed (a hire date): kept when it falls in the plan year.
    Start,
    /// The last day employed (a termination date): kept when it falls in the plan year.
    End,
    // An actuals file's.
    /// The CSM: their id or their full name.
    CsmId,
    Metric,
    Period,
    Value,
}

impl Field {
    /// The field's name, as the tool's own header writes it (`book_arr`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Level => "level",
            Field::Ote => "ote",
            Field::BookArr => "book_arr",
            Field::Start => "start",
            Field::End => "end",
            Field::CsmId => "csm_id",
            Field::Metric => "metric",
            Field::Period => "period",
            Field::Value => "value",
        }
    }

    /// What the field holds, in a few words (for a mapping form).
    pub fn description(self) -> &'static str {
        match self {
            Field::Id => "the CSM's unique id",
            Field::Name => "the CSM's full name",
            Field::FirstName => "first name (joined with the last name)",
            Field::LastName => "last name (joined after the first name)",
            Field::Level => "level or role, which picks the pay mix",
            Field::Ote => "on-target earnings in dollars",
            Field::BookArr => "ARR of the CSM's book of business",
            Field::Start => "first day employed (a day in the plan year makes a joiner)",
            Field::End => "last day employed (a day in the plan year makes a leaver)",
            Field::CsmId => "the CSM, by id or full name",
            Field::Metric => "the metric (or SPIF), by id or name",
            Field::Period => "the period, by id or name (blank for the year)",
            Field::Value => "the result",
        }
    }

    pub fn layout(self) -> Layout {
        match self {
            Field::CsmId | Field::Metric | Field::Period | Field::Value => Layout::Actuals,
            _ => Layout::Roster,
        }
    }

    /// The field named by `text`, for the right side of a mapping: its name (`book_arr`,
    /// `Book ARR`) or a header known for it (`book of business`), in `layout`.
    pub fn parse(layout: Layout, text: &str) -> Option<Field> {
        let key = header_key(text);
        let folded = fold(text);
        layout.fields().iter().copied().find(|f| {
            f.name() == folded || header_key(f.name()) == key || f.known_headers().contains(&&*key)
        })
    }
}

/// How sure a guess is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// A resemblance only (a similar header, or values that look right): shown as a
    /// suggestion, never used without being confirmed.
    Likely,
    /// A header known from HR and CRM exports (`Employee ID`, `Annual OTE (USD)`).
    Known,
    /// The tool's own name for the column (`id`, `book_arr`, `actual:grr`).
    Exact,
    /// Given by the user (`--map`, a saved mapping, a mapping form).
    Given,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Likely => "likely",
            Confidence::Known => "known header",
            Confidence::Exact => "exact",
            Confidence::Given => "given",
        }
    }
}

/// What a column is read as.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Use {
    /// One of the layout's fields.
    Field(Field),
    /// A column of the plan as the tool names it: `target:grr`, `actual:grr`,
    /// `actual:activities:Q1`, `spif:c-level` (the importer checks it against the plan).
    Column(String),
    /// Not read (listed as ignored).
    Ignore,
}

impl Use {
    /// As a mapping writes it: `id`, `actual:grr`, `ignore`.
    pub fn label(&self) -> String {
        match self {
            Use::Field(f) => f.name().to_string(),
            Use::Column(c) => c.clone(),
            Use::Ignore => "ignore".to_string(),
        }
    }

    /// Reads the right side of a mapping (`id`, `Book ARR`, `actual:grr`, `ignore`) for a
    /// layout, or says why it names nothing there. Plan columns are taken as written and
    /// checked against the plan when the file is read.
    pub fn parse(layout: Layout, text: &str) -> Result<Use, String> {
        let t = text.trim();
        if matches!(fold(t).as_str(), "ignore" | "ignored" | "skip" | "none") || t == "-" {
            return Ok(Use::Ignore);
        }
        if let Some(f) = Field::parse(layout, t) {
            return Ok(Use::Field(f));
        }
        if let Some((prefix, rest)) = t.split_once(':') {
            let prefix = fold(prefix);
            let ok = match layout {
                Layout::Roster => matches!(prefix.as_str(), "target" | "actual" | "spif"),
                Layout::Actuals => matches!(prefix.as_str(), "actual" | "spif"),
            };
            if ok && !rest.trim().is_empty() {
                return Ok(Use::Column(format!("{prefix}:{}", rest.trim())));
            }
        }
        let fields: Vec<&str> = layout.fields().iter().map(|f| f.name()).collect();
        let columns = match layout {
            Layout::Roster => "target:<metric>, actual:<metric>, spif:<id>",
            Layout::Actuals => "actual:<metric>[:<period>], spif:<id>[:<period>]",
        };
        Err(format!(
            "`{t}` is not a field of {}: use one of {}, {columns} or ignore",
            match layout {
                Layout::Roster => "a roster",
                Layout::Actuals => "an actuals file",
            },
            fields.join(", ")
        ))
    }
}

/// A mapping the user gave: file header → what it is read as. Headers match the file's
/// case-insensitively (and ignoring blanks, `-` and `_`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub entries: Vec<(String, Use)>,
}

impl ColumnMap {
    /// Reads `HEADER=FIELD` entries (`Employee ID=id`, `GRR %=actual:grr`, `Email=ignore`):
    /// the left side is a header of the file, the right a field of the tool. Split at the
    /// last `=`, so a header may hold one. Every bad entry is named.
    pub fn parse(layout: Layout, entries: &[String]) -> Result<ColumnMap, Vec<String>> {
        let mut map = ColumnMap::default();
        let mut errors = Vec::new();
        for e in entries {
            let Some((header, field)) = e.rsplit_once('=') else {
                errors.push(format!(
                    "--map {e:?}: write it as HEADER=FIELD, e.g. --map \"Employee ID=id\""
                ));
                continue;
            };
            let header = header.trim();
            if header.is_empty() {
                errors.push(format!("--map {e:?}: the header (left of `=`) is missing"));
                continue;
            }
            match Use::parse(layout, field) {
                Ok(u) => map.set(header, u),
                Err(why) => errors.push(format!("--map {e:?}: {why}")),
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Sets (or replaces) the entry for `header`.
    pub fn set(&mut self, header: &str, u: Use) {
        let key = fold(header);
        self.entries.retain(|(h, _)| fold(h) != key);
        self.entries.push((header.trim().to_string(), u));
    }

    /// The entry for a header of the file, if any.
    pub fn get(&self, header: &str) -> Option<&Use> {
        let key = fold(header);
        self.entries
            .iter()
            .find(|(h, _)| fold(h) == key)
            .map(|(_, u)| u)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// This map with `other`'s entries on top (they win).
    pub fn overlaid(&self, other: &ColumnMap) -> ColumnMap {
        let mut out = self.clone();
        for (h, u) in &other.entries {
            out.set(h, u.clone());
        }
        out
    }

    /// The entries whose header is none of `headers` (a mapping for another file).
    pub fn unmatched<'a>(&'a self, headers: &[&str]) -> Vec<&'a str> {
        self.entries
            .iter()
            .filter(|(h, _)| !headers.iter().any(|x| fold(x) == fold(h)))
            .map(|(h, _)| h.as_str())
            .collect()
    }

    /// `"Employee ID" → id, "Email" → ignore`.
    pub fn describe(&self) -> String {
        self.entries
            .iter()
            .map(|(h, u)| format!("{h:?} → {}", u.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What the file is imported into, for guesses that look at values: the plan (its
/// metrics, SPIFs, periods and levels) and the team (CSM ids and names, levels in use).
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    pub plan: Option<&'a Plan>,
    pub team: &'a [Csm],
    /// The levels a roster's levels are checked against, when known (else the plan's and
    /// the team's are used).
    pub levels: &'a [String],
}

/// One column's guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnGuess {
    /// 0-based position in the header.
    pub column: usize,
    /// The header as written.
    pub header: String,
    /// What the column is read as ([`Use::Ignore`] when nothing fits). A guess whose
    /// confidence is [`Confidence::Likely`] is only a suggestion: an import reads that
    /// column as ignored until the user confirms it.
    pub guess: Use,
    /// `None` when nothing fits.
    pub confidence: Option<Confidence>,
    /// Why a column that fits a field is not read as it: "“Legal Name” is read as name".
    pub note: Option<String>,
}

impl ColumnGuess {
    /// What an import reads the column as: the guess when it is at least
    /// [`Confidence::Known`], else ignored.
    pub fn applied(&self) -> Use {
        match self.confidence {
            Some(c) if c >= Confidence::Known => self.guess.clone(),
            _ => Use::Ignore,
        }
    }
}

/// A required field that no column is read as, with the columns most like it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub field: Field,
    /// The closest columns (0-based), best first, at most three; empty when none is close.
    pub closest: Vec<usize>,
}

/// The guess for a whole header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub layout: Layout,
    pub columns: Vec<ColumnGuess>,
    /// Required fields no column is read as (before the user confirms a likely guess).
    pub missing: Vec<Missing>,
    /// Headers of the user's mapping that the file does not have.
    pub unmatched: Vec<String>,
}

impl Guess {
    /// What an import reads each column as (see [`ColumnGuess::applied`]).
    pub fn applied(&self) -> Vec<Use> {
        self.columns.iter().map(ColumnGuess::applied).collect()
    }

    /// True when the column reading is not the tool's own format: some column is read
    /// under another name than its header, or by the user's word.
    pub fn renamed(&self) -> bool {
        self.columns.iter().any(|c| {
            matches!(c.confidence, Some(Confidence::Known | Confidence::Given))
                && c.applied() != Use::Ignore
        })
    }

    /// What the user may want to map: for each required field no column is read as, its
    /// closest column; and every column with a likely guess. (header, what to read it as).
    pub fn suggestions(&self) -> Vec<(String, Use)> {
        let mut out: Vec<(String, Use)> = Vec::new();
        for m in &self.missing {
            if let Some(c) = m.closest.first().and_then(|j| self.columns.get(*j)) {
                out.push((c.header.trim().to_string(), Use::Field(m.field)));
            }
        }
        for c in &self.columns {
            if c.confidence == Some(Confidence::Likely)
                && !out.iter().any(|(h, _)| h == c.header.trim())
            {
                out.push((c.header.trim().to_string(), c.guess.clone()));
            }
        }
        out
    }

    /// The message for a missing field: "the closest columns: "Annual Salary", "Comp"".
    pub fn closest_text(&self, m: &Missing) -> String {
        let names: Vec<String> = m
            .closest
            .iter()
            .filter_map(|j| self.columns.get(*j))
            .map(|c| format!("{:?}", c.header.trim()))
            .collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests;
