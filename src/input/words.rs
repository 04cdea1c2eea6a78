//! Text as people write it in headers, ids and levels: folded for comparing (case, blanks,
//! `-` and `_`), split into words with common abbreviations spelled out, and how much two
//! lists of words overlap.

pub use crate::text::fold;

/// Words that stand for others in headers and level names.
pub(crate) fn expand(word: &str) -> &str {
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
