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
use crate::input::roster::fold;

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

    /// Headers other systems use for this field, as [`header_key`] reduces them, most
    /// telling first. The first is the tool's own (an exact match); the order decides which
    /// column is read when an export has two that fit (`Legal Name` and `Display Name`).
    pub fn known_headers(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "csm id",
                "employee id",
                "employee number",
                "employee no",
                "employee num",
                "employee nbr",
                "employee code",
                "employee identifier",
                "emp id",
                "emp no",
                "emp number",
                "emp num",
                "empid",
                "employeeid",
                "eeid",
                "ee id",
                "worker id",
                "workday id",
                "person id",
                "person number",
                "personnel number",
                "personnel no",
                "staff id",
                "staff number",
                "associate id",
                "file number",
                "payroll id",
                "payroll number",
                "hris id",
                "user id",
            ],
            Field::Name => &[
                "name",
                "full name",
                "employee name",
                "employee full name",
                "preferred full name",
                "display name",
                "legal name",
                "full legal name",
                "legal full name",
                "worker name",
                "csm name",
                "associate name",
                "team member",
                "team member name",
                "worker",
                "employee",
                "csm",
                "customer success manager",
                "person",
            ],
            Field::FirstName => &[
                "first name",
                "legal first name",
                "given name",
                "firstname",
                "forename",
                "first",
            ],
            Field::LastName => &[
                "last name",
                "legal last name",
                "surname",
                "family name",
                "lastname",
                "last",
            ],
            Field::Level => &[
                "level",
                "csm level",
                "job level",
                "career level",
                "role level",
                "job title",
                "title",
                "business title",
                "position title",
                "role",
                "job role",
                "position",
                "job",
                "job name",
                "job profile",
                "job code title",
                "job grade",
                "grade",
                "pay grade",
                "seniority",
                "management level",
            ],
            Field::Ote => &[
                "ote",
                "on target earnings",
                "annual ote",
                "ote annual",
                "annualized ote",
                "ote annualized",
                "total ote",
                "ote total",
                "ote amount",
                "target ote",
                "annual on target earnings",
                "on target earnings annual",
                "on target compensation",
                "target total compensation",
                "target total comp",
                "total target compensation",
                "total target comp",
                "target total cash",
                "total target cash",
                "target cash compensation",
                "target total earnings",
                "target earnings",
                "ttc",
            ],
            Field::BookArr => &[
                "book arr",
                "book",
                "arr",
                "book of business",
                "book of business arr",
                "total arr",
                "total book arr",
                "arr book",
                "book arr total",
                "book size",
                "book value",
                "book of business value",
                "book of business amount",
                "assigned arr",
                "managed arr",
                "arr managed",
                "portfolio arr",
                "customer arr",
                "current arr",
                "annual recurring revenue",
                "total annual recurring revenue",
            ],
            Field::CsmId => &[
                "csm id",
                "csm",
                "id",
                "employee id",
                "csm owner id",
                "owner id",
                "account owner id",
                "csm user id",
                "user id",
                "csm owner",
                "csm name",
                "csm full name",
                "account owner",
                "account owner name",
                "owner",
                "owner name",
                "owner full name",
                "customer success manager",
                "success manager",
                "primary csm",
                "assigned csm",
                "csm assigned",
                "csm user",
                "user",
            ],
            Field::Metric => &[
                "metric",
                "metric name",
                "metric id",
                "measure",
                "measure name",
                "kpi",
                "kpi name",
                "scorecard measure",
                "scorecard metric",
                "goal",
                "goal name",
                "indicator",
                "metric type",
                "component",
            ],
            Field::Period => &[
                "period",
                "period id",
                "period name",
                "fiscal period",
                "quarter",
                "fiscal quarter",
                "fiscal quarter name",
                "month",
                "fiscal month",
                "half",
                "fiscal half",
                "time period",
                "reporting period",
                "fiscal year quarter",
                "timeframe",
            ],
            Field::Value => &[
                "value",
                "actual",
                "actuals",
                "actual value",
                "result",
                "results",
                "amount",
                "score",
                "metric value",
                "measure value",
                "kpi value",
                "current value",
                "achieved",
                "achievement",
            ],
        }
    }

    /// Headers that may mean this field but also often mean something else (a date column
    /// is only a period when the rows are dates of the plan year): suggested, never taken
    /// without being asked.
    fn possible_headers(self) -> &'static [&'static str] {
        match self {
            Field::Period => &[
                "date",
                "snapshot date",
                "as of date",
                "as of",
                "period end",
                "period end date",
                "period start",
                "period start date",
                "month end",
                "month start",
                "report date",
                "close date",
                "activity date",
            ],
            _ => &[],
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

/// A header reduced to its words, for comparing headers as people write them: lowercase,
/// `#` read as "number" and `&` as "and", what stands in brackets dropped (units and
/// sources: `(USD)`, `(%)`, `[Workday]`) unless that is all there is, currency words and
/// signs dropped, every other run of punctuation or blanks one space.
/// `Annual OTE (USD)` → `annual ote`, `Employee #` → `employee number`.
pub fn header_key(header: &str) -> String {
    let lower = header.trim().to_lowercase();
    let mut outside = String::with_capacity(lower.len());
    let mut depth = 0usize;
    for c in lower.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let base = if outside.chars().any(char::is_alphanumeric) {
        outside
    } else {
        lower
    };
    let base = base.replace('#', " number ").replace('&', " and ");
    let mut out = String::with_capacity(base.len());
    for w in base.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || matches!(w, "usd" | "eur" | "gbp" | "cad" | "aud" | "ccy") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// True when a header says its numbers are percent points: `GRR (%)`, `Churn %`,
/// `Health score percent`, `NRR pct`.
pub fn declares_percent(header: &str) -> bool {
    let lower = header.to_lowercase();
    lower.contains('%')
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "percent" | "percentage" | "pct"))
}

/// Words that stand for others in headers and level names.
fn expand(word: &str) -> &str {
    match word {
        "no" | "num" | "nbr" | "nr" => "number",
        "emp" | "ee" => "employee",
        "mgr" | "mngr" => "manager",
        "sr" | "snr" => "senior",
        "jr" | "jnr" => "junior",
        "prin" | "princ" => "principal",
        "assoc" => "associate",
        "dir" => "director",
        "exec" => "executive",
        "ent" => "enterprise",
        "acct" => "account",
        "amt" => "amount",
        "val" => "value",
        "qtr" => "quarter",
        "mo" | "mth" => "month",
        "fy" => "fiscal",
        "1" => "i",
        "2" => "ii",
        "3" => "iii",
        "4" => "iv",
        "5" => "v",
        w => w,
    }
}

/// The words of a text for a resemblance: its [`header_key`] words with abbreviations
/// written out, `CSM` as "customer success manager" and `CS` as "customer success".
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in header_key(text).split(' ').filter(|w| !w.is_empty()) {
        match w {
            "csm" | "csms" => out.extend(["customer", "success", "manager"].map(String::from)),
            "cs" => out.extend(["customer", "success"].map(String::from)),
            "csm1" | "csmi" => {
                out.extend(["customer", "success", "manager", "i"].map(String::from))
            }
            "csm2" | "csmii" => {
                out.extend(["customer", "success", "manager", "ii"].map(String::from))
            }
            w => out.push(expand(w).to_string()),
        }
    }
    out
}

/// How alike two word lists are, from 0 to 1: twice the words they share over the words
/// of both (a word of three letters or more also matches a word it begins).
pub fn word_overlap(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut shared = 0usize;
    for x in a {
        let hit = b.iter().enumerate().position(|(i, y)| {
            !used[i]
                && (x == y
                    || (x.len() >= 3 && y.starts_with(x.as_str()))
                    || (y.len() >= 3 && x.starts_with(y.as_str())))
        });
        if let Some(i) = hit {
            used[i] = true;
            shared += 1;
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Headers longer than this (in bytes) resemble nothing.
const MAX_HEADER: usize = 200;

/// Edit distance between two texts, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How much a header resembles one of a field's headers, from 0 to 1: the better of
/// shared words and spelling (edit distance over length).
fn resemblance(header: &str, field: Field) -> f64 {
    // No header of a field is this long; a cell of a report's prose is not a header.
    if header.len() > MAX_HEADER {
        return 0.0;
    }
    let hw = words(header);
    let hk = header_key(header);
    field
        .known_headers()
        .iter()
        .chain(field.possible_headers())
        .map(|k| {
            let kw = words(k);
            let spelled = {
                // Spelling counts for a slip or two only: headers a few letters apart are
                // alike by chance (`email`, `empid`; `accounts`, `amount`).
                let (a, b) = (hk.chars().count(), k.chars().count());
                let n = a.max(b);
                let allowed = (n / 6).max(1);
                if n == 0 || a.abs_diff(b) > allowed {
                    0.0
                } else {
                    let d = edit_distance(&hk, k);
                    if d > allowed {
                        0.0
                    } else {
                        1.0 - d as f64 / n as f64
                    }
                }
            };
            word_overlap(&hw, &kw).max(spelled)
        })
        .fold(0.0, f64::max)
}

/// Whether a text reads as a date: `2026-03-31`, `3/31/2026`, `2026-03`, `Mar 2026`, or an
/// Excel serial day number (a whole number from 20000 to 80000, 1954 to 2119).
pub fn looks_like_date(text: &str) -> bool {
    crate::input::dates::parse_date(text.trim(), None).is_ok()
}

/// How well a column's first values fit a field, from 0 to 1.
fn value_fit(field: Field, values: &[&str], known: &Known) -> f64 {
    let vals: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if vals.is_empty() {
        return 0.0;
    }
    let share =
        |f: &dyn Fn(&str) -> bool| vals.iter().filter(|v| f(v)).count() as f64 / vals.len() as f64;
    let number = |v: &str| crate::num::parse_decimal(v).is_ok();
    match field {
        Field::Ote | Field::BookArr => share(&|v| {
            !v.contains('%')
                && crate::num::parse_decimal(v).is_ok_and(|d| d >= rust_decimal::Decimal::ONE)
        }),
        Field::Value => share(&number),
        Field::Id => share(&|v| !v.contains(char::is_whitespace)),
        Field::Name | Field::FirstName | Field::LastName => {
            share(&|v| v.chars().any(char::is_alphabetic) && !number(v))
        }
        Field::Level => {
            let levels = if known.levels.is_empty() {
                crate::input::levels::known_levels_all(known.plan, known.team)
            } else {
                known.levels.to_vec()
            };
            if levels.is_empty() {
                share(&|v| v.chars().any(char::is_alphabetic) && !number(v))
            } else {
                share(&|v| levels.iter().any(|l| l.eq_ignore_ascii_case(v)))
            }
        }
        Field::CsmId => {
            if known.team.is_empty() {
                share(&|v| !number(v))
            } else {
                share(&|v| {
                    known
                        .team
                        .iter()
                        .any(|c| c.id == v || c.name.eq_ignore_ascii_case(v))
                })
            }
        }
        Field::Metric => match known.plan {
            Some(p) => share(&|v| {
                let k = header_key(v);
                p.components
                    .iter()
                    .map(|c| (&c.id, &c.name))
                    .chain(p.spifs.iter().map(|s| (&s.id, &s.name)))
                    .any(|(id, name)| header_key(id) == k || header_key(name) == k)
                    || v.to_ascii_lowercase().starts_with("spif:")
            }),
            None => share(&|v| !number(v)),
        },
        Field::Period => {
            let named = |v: &str| {
                known.plan.is_some_and(|p| {
                    p.periods
                        .iter()
                        .any(|q| q.id.eq_ignore_ascii_case(v) || q.name.eq_ignore_ascii_case(v))
                }) || matches!(fold(v).as_str(), "year" | "fy")
            };
            share(&|v| named(v) || looks_like_date(v))
        }
    }
}

/// The plan column a bare header of an actuals file names: a metric or SPIF by id or name
/// (`GRR (%)`, `Gross revenue retention`, `C-level meetings`), as `actual:<id>` or
/// `spif:<id>`. `None` when it names none, or two.
fn plan_column(keys: &PlanKeys, header: &str) -> Option<String> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    let mut found: Vec<&String> = keys
        .0
        .iter()
        .filter(|(id, name, _)| *id == key || *name == key)
        .map(|(_, _, column)| column)
        .collect();
    found.dedup();
    match found.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// The plan's metrics and SPIFs by the keys of their ids and names, worked out once per
/// guess: (id key, name key, `actual:<id>` or `spif:<id>`).
struct PlanKeys(Vec<(String, String, String)>);

impl PlanKeys {
    fn new(plan: Option<&Plan>) -> PlanKeys {
        let Some(plan) = plan else {
            return PlanKeys(Vec::new());
        };
        PlanKeys(
            plan.components
                .iter()
                .map(|c| {
                    (
                        header_key(&c.id),
                        header_key(&c.name),
                        format!("actual:{}", c.id),
                    )
                })
                .chain(plan.spifs.iter().map(|s| {
                    (
                        header_key(&s.id),
                        header_key(&s.name),
                        format!("spif:{}", s.id),
                    )
                }))
                .collect(),
        )
    }
}

/// The metric or SPIF a header resembles (by the words of its id and name, see
/// [`word_overlap`]), as `actual:<id>` or `spif:<id>`, with how much; `None` below 0.6.
fn likely_plan_column(plan: &Plan, header: &str) -> Option<(Use, f64)> {
    if header.len() > MAX_HEADER {
        return None;
    }
    let hw = words(header);
    let score =
        |id: &str, name: &str| word_overlap(&hw, &words(id)).max(word_overlap(&hw, &words(name)));
    plan.components
        .iter()
        .map(|c| (format!("actual:{}", c.id), score(&c.id, &c.name)))
        .chain(
            plan.spifs
                .iter()
                .map(|s| (format!("spif:{}", s.id), score(&s.id, &s.name))),
        )
        .filter(|(_, r)| *r >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, r)| (Use::Column(c), r))
}

/// Guesses what each column of a header holds.
///
/// - `headers`: the header row as written; `first_values`: the first rows under it (a few
///   are enough), each as the cells of the row, which settle between two columns that both
///   fit (the one whose values are the plan's levels, the team's CSMs) and rank the
///   suggestions for a missing field;
/// - `known`: the plan and team the file goes into (may be empty);
/// - `given`: the user's mapping, which always wins.
///
/// Each field is read from one column. When several columns fit it, the best is read (the
/// user's, then the tool's own name, then — for a level or the CSM — the one whose first
/// values are the plan's levels or the team's CSMs, then the most telling known header) and
/// the others are ignored with a note; two that fit equally (`Name` and
/// `NAME`) are both left on it, and the importer refuses the pair naming both. With a full
/// name column, first and last name columns are ignored.
pub fn guess(
    layout: Layout,
    headers: &[&str],
    first_values: &[Vec<&str>],
    known: &Known,
    given: &ColumnMap,
) -> Guess {
    guess_impl(layout, headers, first_values, known, given, true)
}

/// How many distinct things a row read as a header would give (fields and plan columns):
/// how an importer tells its header from a report's title rows.
pub(crate) fn header_score(
    layout: Layout,
    headers: &[&str],
    known: &Known,
    given: &ColumnMap,
) -> usize {
    let g = guess_impl(layout, headers, &[], known, given, false);
    let mut seen: Vec<Use> = Vec::new();
    for c in &g.columns {
        let u = c.applied();
        let counts = match &u {
            Use::Ignore => false,
            Use::Field(_) => true,
            Use::Column(text) => text
                .split_once(':')
                .is_some_and(|(p, _)| matches!(fold(p).as_str(), "target" | "actual" | "spif")),
        };
        if counts && !seen.contains(&u) {
            seen.push(u);
        }
    }
    seen.len()
}

fn guess_impl(
    layout: Layout,
    headers: &[&str],
    first_values: &[Vec<&str>],
    known: &Known,
    given: &ColumnMap,
    full: bool,
) -> Guess {
    let keys = PlanKeys::new(known.plan);
    let column_values = |j: usize| -> Vec<&str> {
        first_values
            .iter()
            .map(|r| r.get(j).copied().unwrap_or(""))
            .collect()
    };
    let mut columns: Vec<ColumnGuess> = Vec::with_capacity(headers.len());
    // (rank: lower is better) for fields.
    let mut ranks: Vec<Option<(Confidence, usize)>> = Vec::with_capacity(headers.len());
    for (j, raw) in headers.iter().enumerate() {
        let h = raw.trim();
        let mut g = ColumnGuess {
            column: j,
            header: raw.to_string(),
            guess: Use::Ignore,
            confidence: None,
            note: None,
        };
        let mut rank = None;
        if let Some(u) = given.get(h).filter(|_| !h.is_empty()) {
            // A plan column as the plan names it (`actual:EBR` → `actual:ebr`).
            g.guess = match u {
                Use::Column(text) => Use::Column(
                    colon_column(layout, known, &keys, text).unwrap_or_else(|| text.clone()),
                ),
                u => u.clone(),
            };
            g.confidence = Some(Confidence::Given);
            rank = Some((Confidence::Given, 0));
        } else if h.is_empty() {
        } else if let Some(c) = colon_column(layout, known, &keys, h) {
            g.guess = Use::Column(c);
            g.confidence = Some(Confidence::Exact);
        } else {
            let key = header_key(h);
            let folded = fold(h);
            let exact = layout.fields().iter().copied().find(|&f| {
                folded == f.name() || (f == Field::CsmId && matches!(folded.as_str(), "id" | "csm"))
            });
            let hit = match exact {
                Some(f) => Some((f, Confidence::Exact, 0)),
                None => layout.fields().iter().find_map(|&f| {
                    f.known_headers()
                        .iter()
                        .position(|k| *k == key)
                        .map(|i| (f, Confidence::Known, i + 1))
                }),
            };
            if let Some((f, c, r)) = hit {
                g.guess = Use::Field(f);
                g.confidence = Some(c);
                rank = Some((c, r));
            } else if layout == Layout::Actuals
                && let Some(c) = plan_column(&keys, h)
            {
                // A metric or SPIF by its id or name: `GRR (%)`, `Expansion ARR`.
                g.guess = Use::Column(c);
                g.confidence = Some(Confidence::Known);
            } else if h.contains(':') {
                // The importer says what is wrong with it.
                g.guess = Use::Column(h.to_string());
                g.confidence = Some(Confidence::Exact);
            }
        }
        columns.push(g);
        ranks.push(rank);
    }
    // One column per field: the best one, the others ignored with a note.
    for &f in layout.fields() {
        let cands: Vec<usize> = (0..columns.len())
            .filter(|&j| columns[j].guess == Use::Field(f) && ranks[j].is_some())
            .collect();
        if cands.len() < 2 {
            continue;
        }
        let score = |j: usize| {
            let (c, r) = ranks[j].unwrap_or((Confidence::Likely, usize::MAX));
            let fit = if c == Confidence::Known && matches!(f, Field::Level | Field::CsmId) {
                (value_fit(f, &column_values(j), known) * 1000.0) as i64
            } else {
                0
            };
            (c, fit, std::cmp::Reverse(r))
        };
        let best = cands.iter().map(|&j| score(j)).max();
        let Some(best) = best else { continue };
        let winners: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&j| score(j) == best)
            .collect();
        let Some(&first) = winners.first() else {
            continue;
        };
        for &j in &cands {
            if score(j) != best {
                columns[j].guess = Use::Ignore;
                columns[j].confidence = None;
                columns[j].note = Some(format!(
                    "{:?} is read as {}",
                    columns[first].header.trim(),
                    f.name()
                ));
            }
        }
    }
    // A full name makes first and last names redundant.
    if layout == Layout::Roster
        && let Some(n) = columns
            .iter()
            .position(|c| c.applied() == Use::Field(Field::Name))
    {
        let name = columns[n].header.trim().to_string();
        for c in &mut columns {
            if matches!(
                c.guess,
                Use::Field(Field::FirstName) | Use::Field(Field::LastName)
            ) && c.confidence != Some(Confidence::Given)
            {
                c.guess = Use::Ignore;
                c.confidence = None;
                c.note = Some(format!("{name:?} is read as name"));
            }
        }
    }
    if !full {
        return Guess {
            layout,
            columns,
            missing: Vec::new(),
            unmatched: Vec::new(),
        };
    }
    // Likely guesses for what is left, by resemblance of header and values.
    let taken: Vec<Field> = columns
        .iter()
        .filter_map(|c| match c.applied() {
            Use::Field(f) => Some(f),
            _ => None,
        })
        .collect();
    let mut likely: Vec<(usize, Use, f64)> = Vec::new();
    for (j, c) in columns.iter().enumerate() {
        if c.confidence.is_some() || c.note.is_some() || c.header.trim().is_empty() {
            continue;
        }
        let vals = column_values(j);
        let best = layout
            .fields()
            .iter()
            .filter(|f| !taken.contains(f))
            .map(|&f| {
                let r = resemblance(&c.header, f);
                let fit = if first_values.is_empty() {
                    0.5
                } else {
                    value_fit(f, &vals, known)
                };
                (f, r, fit)
            })
            .filter(|(_, r, fit)| *r >= 0.6 && *fit >= 0.5)
            .max_by(|a, b| (a.1 + 0.25 * a.2).total_cmp(&(b.1 + 0.25 * b.2)));
        let field = best.map(|(f, r, _)| (Use::Field(f), r));
        // In an actuals file, a column whose header resembles a metric or SPIF.
        let plan_col = match (layout, known.plan) {
            (Layout::Actuals, Some(plan)) => likely_plan_column(plan, &c.header),
            _ => None,
        };
        let pick = match (field, plan_col) {
            (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
            (a, b) => a.or(b),
        };
        if let Some((u, r)) = pick {
            likely.push((j, u, r));
        }
    }
    for (j, u, _) in likely {
        columns[j].guess = u;
        columns[j].confidence = Some(Confidence::Likely);
    }
    // Required fields nothing is read as.
    let applied: Vec<Use> = columns.iter().map(ColumnGuess::applied).collect();
    let has = |f: Field| applied.contains(&Use::Field(f));
    let required: Vec<Field> = match layout {
        Layout::Roster => {
            let mut r = vec![Field::Id];
            if !has(Field::FirstName) && !has(Field::LastName) {
                r.push(Field::Name);
            }
            r.extend([Field::Level, Field::Ote, Field::BookArr]);
            r
        }
        Layout::Actuals => {
            let long = has(Field::Metric);
            let mut r = vec![Field::CsmId];
            if long {
                r.push(Field::Value);
            }
            r
        }
    };
    let mut missing = Vec::new();
    for f in required {
        if has(f) {
            continue;
        }
        let mut ranked: Vec<(usize, f64)> = (0..columns.len())
            .filter(|&j| applied[j] == Use::Ignore && !columns[j].header.trim().is_empty())
            .map(|j| {
                let r = resemblance(&columns[j].header, f);
                let fit = if first_values.is_empty() {
                    0.0
                } else {
                    value_fit(f, &column_values(j), known)
                };
                (j, r, r * 0.75 + fit * 0.25)
            })
            .filter(|(j, r, s)| (*r >= 0.5 && *s >= 0.45) || columns[*j].guess == Use::Field(f))
            .map(|(j, _, s)| (j, s))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        missing.push(Missing {
            field: f,
            closest: ranked.into_iter().take(3).map(|(j, _)| j).collect(),
        });
    }
    let unmatched = given
        .unmatched(headers)
        .into_iter()
        .map(str::to_string)
        .collect();
    Guess {
        layout,
        columns,
        missing,
        unmatched,
    }
}

/// A header with a `:` read as a plan column: any such header in a roster (the importer
/// checks it); `actual:…`, `spif:…` (and `target:…`, which the importer refuses) in an
/// actuals file, with a metric or SPIF named by its name written as its id where the plan
/// is known. `None` for anything else.
fn colon_column(layout: Layout, known: &Known, keys: &PlanKeys, h: &str) -> Option<String> {
    match layout {
        Layout::Roster => h.contains(':').then(|| h.to_string()),
        Layout::Actuals => {
            let (prefix, rest) = h.split_once(':')?;
            let prefix = fold(prefix);
            // Anything else with a colon may be a metric's name ("Key activity: written
            // results strategy"): see `plan_column`.
            if !matches!(prefix.as_str(), "actual" | "spif" | "target") {
                return None;
            }
            if known.plan.is_none() {
                return Some(h.to_string());
            }
            let rest = rest.trim();
            // The whole rest a metric or SPIF, or split at a `:` into one and a period.
            let named = |text: &str| -> Option<String> {
                let c = plan_column(keys, text)?;
                let (kind, id) = c.split_once(':')?;
                let fits = (prefix == "spif") == (kind == "spif");
                (fits || prefix == "target").then(|| id.to_string())
            };
            if prefix != "target" {
                if let Some(id) = named(rest) {
                    return Some(format!("{prefix}:{id}"));
                }
                for (i, _) in rest.match_indices(':') {
                    if let Some(id) = named(&rest[..i]) {
                        return Some(format!("{prefix}:{id}:{}", rest[i + 1..].trim()));
                    }
                }
            }
            Some(h.to_string())
        }
    }
}

#[cfg(test)]
mod tests;
