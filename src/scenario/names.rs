//! File names made from scenario names: safe on every platform, never a path, never a
//! silent collision.
//!
//! Owns: turning a name into a file stem and picking a free file name. Must not: write.

use crate::text::is_invisible;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The extension of scenario files.
pub const EXT: &str = "ron";

/// The longest file stem made from a name, in bytes. Leaves room under the usual 255-byte
/// limit for a `-NNN` suffix, `.ron.bak`, and the trash's timestamp.
pub const MAX_STEM_BYTES: usize = 120;

/// The stem used when a name has nothing usable in it.
pub const FALLBACK_STEM: &str = "scenario";

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];

/// Path separators and the characters Windows refuses in file names.
fn is_reserved_char(c: char) -> bool {
    matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
}

/// A scenario name in its one stored form: Unicode NFC (so `é` typed as one character or as
/// `e` plus an accent is the same name, the same file and the same match), blanks around it
/// dropped. `None` when nothing visible is left (`""`, `"  "`, a lone zero-width space).
pub fn clean_name(name: &str) -> Option<String> {
    let n = nfc(name.trim());
    if n.chars()
        .all(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
    {
        None
    } else {
        Some(n)
    }
}

/// `s` in Unicode normalisation form C.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// The key names and file names are matched by: NFC, lower case.
pub fn match_key(s: &str) -> String {
    nfc(s).to_lowercase()
}

/// True for a name Windows treats as a device (`con`, `nul.txt`, `COM1`, `lpt9.ron`, ...).
pub fn is_reserved_on_windows(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("");
    let base = base.trim_end_matches([' ', '.']).to_lowercase();
    if RESERVED.contains(&base.as_str()) {
        return true;
    }
    // COM1-9 and LPT1-9, also with the superscript digits Windows accepts.
    for prefix in ["com", "lpt"] {
        if let Some(rest) = base.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(d), None) = (chars.next(), chars.next())
                && matches!(d, '1'..='9' | '¹' | '²' | '³')
            {
                return true;
            }
        }
    }
    false
}

/// The file stem for a scenario name: separators and characters Windows refuses become `-`,
/// control characters go, runs of dots, dashes or spaces shrink to one, no leading or
/// trailing dots, dashes or spaces, no device names (they get a leading `_`), at most
/// [`MAX_STEM_BYTES`] bytes cut between characters (whole emoji and accents kept). Letters
/// of every script and emoji are kept as they are. An empty result becomes `scenario`.
pub fn file_stem(name: &str) -> String {
    let name = &nfc(name);
    let mut out = String::with_capacity(name.len());
    let mut in_emoji_sequence = false;
    for c in name.chars() {
        let c = if c == '\u{200D}' && in_emoji_sequence {
            // The joiner inside an emoji sequence (👩‍💻) is part of the emoji.
            c
        } else if c.is_whitespace() {
            ' '
        } else if c.is_control() || is_invisible(c) {
            continue;
        } else if is_reserved_char(c) {
            '-'
        } else {
            c
        };
        in_emoji_sequence = !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace();
        // Collapse runs: "a..b" → "a.b", "a -- b" → "a - b".
        if matches!(c, '.' | '-' | ' ') && out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    let mut stem = trim_edges(&out).to_string();
    if stem.is_empty() {
        stem = FALLBACK_STEM.to_string();
    }
    if is_reserved_on_windows(&stem) {
        stem.insert(0, '_');
    }
    truncate_graphemes(&stem, MAX_STEM_BYTES)
}

fn trim_edges(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, '.' | '-' | ' '))
        .trim_end_matches('\u{200D}')
}

/// At most `max` bytes of `s`, cut between grapheme clusters (so an emoji sequence or an
/// accented letter is kept whole or dropped whole), then trimmed again.
fn truncate_graphemes(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = 0;
    for g in s.graphemes(true) {
        if end + g.len() > max {
            break;
        }
        end += g.len();
    }
    let cut = trim_edges(&s[..end]);
    if cut.is_empty() {
        // A single grapheme longer than the limit (pathological combining marks): cut on a
        // char boundary instead.
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        return trim_edges(&s[..end]).to_string();
    }
    cut.to_string()
}

/// A path in `dir` for a new file from `stem` that does not collide with any existing
/// file, comparing names case-insensitively (so it also holds on macOS and Windows):
/// `stem.ron`, else `stem-2.ron`, `stem-3.ron`, ...
pub fn free_path(dir: &Path, stem: &str) -> PathBuf {
    let taken = taken_names(dir);
    free_path_among(dir, stem, &taken, &HashSet::new())
}

/// The lower-cased file names in `dir` (empty when the folder does not exist).
pub fn taken_names(dir: &Path) -> HashSet<String> {
    let mut taken = HashSet::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            taken.insert(match_key(&e.file_name().to_string_lossy()));
        }
    }
    taken
}

/// [`free_path`] against a known set of taken names, also skipping `also_skip` paths.
pub fn free_path_among(
    dir: &Path,
    stem: &str,
    taken: &HashSet<String>,
    also_skip: &HashSet<PathBuf>,
) -> PathBuf {
    let mut n = 1u64;
    loop {
        let candidate = if n == 1 {
            format!("{stem}.{EXT}")
        } else {
            let suffix = format!("-{n}");
            let base = truncate_graphemes(stem, MAX_STEM_BYTES.saturating_sub(suffix.len()));
            format!("{base}{suffix}.{EXT}")
        };
        let path = dir.join(&candidate);
        let lower = match_key(&candidate);
        // A backup of a file by that name also counts: it belongs to that name.
        let bak = format!("{lower}.bak");
        if !taken.contains(&lower) && !taken.contains(&bak) && !also_skip.contains(&path) {
            return path;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_tricks_become_plain_names() {
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem(".."), "scenario");
        assert_eq!(file_stem("."), "scenario");
        assert_eq!(file_stem("/"), "scenario");
        assert_eq!(file_stem("a/../b"), "a-.-b");
        assert_eq!(file_stem("C:\\Windows\\system32"), "C-Windows-system32");
        assert_eq!(file_stem(".hidden"), "hidden");
        assert!(!file_stem("a/../b").contains(".."));
        assert!(!file_stem("x/..\\..y").contains(".."));
    }

    #[test]
    fn windows_device_names_are_defused() {
        assert_eq!(file_stem("con"), "_con");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("nul.txt"), "_nul.txt");
        assert_eq!(file_stem("Aux "), "_Aux");
        assert_eq!(file_stem("com1"), "_com1");
        assert_eq!(file_stem("LPT9.ron"), "_LPT9.ron");
        assert_eq!(file_stem("com²"), "_com²");
        assert_eq!(file_stem("com0"), "com0");
        assert_eq!(file_stem("console"), "console");
        assert_eq!(file_stem("prn plan"), "prn plan");
    }

    #[test]
    fn controls_and_reserved_punctuation() {
        assert_eq!(file_stem("Q3\tplan\n"), "Q3 plan");
        assert_eq!(file_stem("a\u{0}b\u{7f}c"), "abc");
        assert_eq!(file_stem("evil\u{202E}gpj.ron"), "evilgpj.ron");
        assert_eq!(file_stem("what? <now>: \"yes\" | *"), "what- -now- -yes");
        assert_eq!(file_stem("trailing dots..."), "trailing dots");
        assert_eq!(file_stem("  spaced   out  "), "spaced out");
        assert_eq!(file_stem("Q3 — plan v2"), "Q3 — plan v2");
    }

    #[test]
    fn empty_names_fall_back() {
        assert_eq!(file_stem(""), "scenario");
        assert_eq!(file_stem("   "), "scenario");
        assert_eq!(file_stem("\u{0}\u{1}"), "scenario");
        assert_eq!(file_stem("..."), "scenario");
    }

    #[test]
    fn emoji_and_scripts_are_kept() {
        assert_eq!(file_stem("Plan 🚀"), "Plan 🚀");
        assert_eq!(file_stem("👩‍💻 team"), "👩‍💻 team");
        assert_eq!(file_stem("Équipe été"), "Équipe été");
        assert_eq!(file_stem("計画"), "計画");
        // A joiner outside an emoji sequence is invisible: dropped.
        assert_eq!(file_stem("a\u{200D}b"), "ab");
    }

    #[test]
    fn long_names_are_cut_between_characters() {
        let long = "x".repeat(500);
        assert_eq!(file_stem(&long), "x".repeat(MAX_STEM_BYTES));
        // 4-byte emoji: 30 fit in 120 bytes exactly.
        let rockets = "🚀".repeat(100);
        assert_eq!(file_stem(&rockets), "🚀".repeat(30));
        // 2-byte letters with one ASCII in front: 1 + 59 × 2 = 119 bytes.
        let e = format!("a{}", "é".repeat(100));
        assert_eq!(file_stem(&e), format!("a{}", "é".repeat(59)));
        // A family emoji (25 bytes) is never split.
        let fam = "👨‍👩‍👧‍👦";
        assert_eq!(fam.len(), 25);
        let s = format!("{}{fam}", "y".repeat(110));
        assert_eq!(file_stem(&s), "y".repeat(110));
        // The cut never leaves a trailing space or dot.
        let s = format!("{}. tail", "z".repeat(119));
        assert_eq!(file_stem(&s), "z".repeat(119));
    }

    #[test]
    fn free_path_never_collides() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(free_path(d, "plan"), d.join("plan.ron"));
        std::fs::write(d.join("Plan.ron"), "x").unwrap();
        assert_eq!(free_path(d, "plan"), d.join("plan-2.ron"));
        std::fs::write(d.join("plan-2.ron"), "x").unwrap();
        std::fs::write(d.join("plan-3.ron.bak"), "x").unwrap();
        assert_eq!(free_path(d, "plan"), d.join("plan-4.ron"));
        // A long stem keeps its suffix within the limit.
        let long = "q".repeat(MAX_STEM_BYTES);
        std::fs::write(d.join(format!("{long}.ron")), "x").unwrap();
        let p = free_path(d, &long);
        assert_eq!(
            p.file_name().unwrap().to_str().unwrap(),
            format!("{}-2.ron", "q".repeat(MAX_STEM_BYTES - 2))
        );
    }
}
