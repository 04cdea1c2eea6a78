use super::*;
use crate::scenario::{CURRENT_VERSION, QUARTERLY_RON, parse, parse_unchecked_with, to_ron};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// One CSM as the texts a file holds for it (so that bad values can be written too).
#[derive(Debug, Clone)]
struct Row {
    id: String,
    name: String,
    level: String,
    ote: String,
    book: String,
    actuals: Vec<(String, String)>,
    targets: Vec<(String, String)>,
    spifs: Vec<(String, u64)>,
    start: Option<String>,
    end: Option<String>,
    periods: Vec<(String, Period)>,
    /// ARR movements as written: each field (any may be left out, `start` too) and its value.
    arr: Option<Vec<(&'static str, String)>>,
}

#[derive(Debug, Clone)]
struct Period {
    actuals: Vec<(String, String)>,
    targets: Vec<(String, String)>,
    spifs: Vec<(String, u64)>,
    paid: Option<String>,
    arr: Option<Vec<(&'static str, String)>>,
}

fn arr() -> impl Strategy<Value = Option<Vec<(&'static str, String)>>> {
    prop::option::weighted(
        0.3,
        prop_oneof![
            10 => prop::sample::subsequence(vec!["start", "expansion", "contraction", "churn"], 1..5),
            1 => Just(vec!["churn", "start", "churn"]),
            1 => Just(vec!["start", "renewal"]),
        ]
        .prop_flat_map(|names| {
            let n = names.len();
            prop::collection::vec(money(), n)
                .prop_map(move |vs| names.iter().copied().zip(vs).collect::<Vec<_>>())
        }),
    )
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,8}",
        "\\PC{0,10}",
        Just("O'Brien \"Jo\" \\ back".to_string()),
        Just("Zoë Łukasz 李".to_string()),
        Just("line\nbreak\ttab".to_string()),
    ]
}

fn money() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => (1u64..300_000).prop_map(|n| n.to_string()),
        10 => (1u64..300_000, 0u64..100).prop_map(|(n, c)| format!("{n}.{c:02}")),
        10 => (1u64..300).prop_map(|n| format!("${n},000")),
        1 => Just("50%".to_string()),
        1 => Just("abc".to_string()),
        1 => Just("1e5".to_string()),
    ]
}

fn decimal() -> impl Strategy<Value = String> {
    prop_oneof![
        40 => (0u64..2000).prop_map(|n| format!("{}", rust_decimal::Decimal::new(n as i64, 3))),
        10 => (0u64..200).prop_map(|n| format!("{n}%")),
        10 => (1u64..900).prop_map(|n| format!("{n},000")),
        1 => Just("x".to_string()),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("grr".to_string()),
        1 => Just("nps".to_string()),
        1 => Just("expansion".to_string()),
        1 => Just("Logo churn".to_string()),
        1 => Just("Q1".to_string()),
        20 => "[a-z]{1,6}",
        2 => "\\PC{0,6}",
    ]
}

fn pairs<V: Strategy>(v: V) -> impl Strategy<Value = Vec<(String, V::Value)>>
where
    V::Value: Clone,
{
    prop::collection::vec((key(), v), 0..4)
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![100 => 0u64..30, 1 => Just(4_294_967_296u64), 3 => Just(123_456_789u64)]
}

fn period() -> impl Strategy<Value = Period> {
    (
        pairs(decimal()),
        pairs(decimal()),
        pairs(count()),
        prop::option::of(money()),
        arr(),
    )
        .prop_map(|(actuals, targets, spifs, paid, arr)| Period {
            actuals,
            targets,
            spifs,
            paid,
            arr,
        })
}

fn row() -> impl Strategy<Value = Row> {
    (
        (text(), text(), text(), money(), money()),
        (pairs(decimal()), pairs(decimal()), pairs(count())),
        (
            prop::option::of(prop_oneof![
                Just("Q2".to_string()),
                Just("2026-03-01".into())
            ]),
            prop::option::of(prop_oneof![Just("Q3".to_string()), text()]),
        ),
        prop_oneof![
            10 => prop::sample::subsequence(vec!["Q1", "Q2", "Q3", "Q9"], 0..4),
            1 => Just(vec!["Q1", "Q1"]),
        ]
        .prop_flat_map(|ids| {
            let n = ids.len();
            prop::collection::vec(period(), n).prop_map(move |ps| {
                ids.iter()
                    .map(|id| id.to_string())
                    .zip(ps)
                    .collect::<Vec<_>>()
            })
        }),
        arr(),
    )
        .prop_map(
            |(
                (id, name, level, ote, book),
                (actuals, targets, spifs),
                (start, end),
                periods,
                arr,
            )| {
                Row {
                    arr,
                    id,
                    name,
                    level,
                    ote,
                    book,
                    actuals,
                    targets,
                    spifs,
                    start,
                    end,
                    periods,
                }
            },
        )
}

/// A struct's fields, each with what writes its value.
type Fields<'a> = Vec<(&'a str, Box<dyn Fn(&mut Writer) + 'a>)>;

/// Writes a team list the many ways a person or a tool may write one: comments, white
/// space of every kind, trailing commas or none, fields in any order, strings plain, raw or
/// escaped, and now and then a form the quick reader leaves to the general one.
struct Writer {
    rng: Xoshiro256PlusPlus,
    out: String,
    /// Whether forms the quick reader leaves to the general one may be written.
    wild: bool,
}

impl Writer {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A form the quick reader leaves to the general one, now and then in a wild file.
    fn wild(&mut self, p: f64) -> bool {
        self.wild && self.chance(p)
    }

    fn ws(&mut self) {
        let pick = self.rng.random_range(0..40);
        let s = match pick {
            0..=9 => "",
            10..=19 => " ",
            20..=25 => "\n        ",
            26 => "\r\n",
            27 => "\t",
            28 => " // a note, with ( ] { \" and '\n",
            29 => "/* a block /* nested */ comment */",
            30 => "/**/",
            31 => "\x0B",
            32 if self.wild && self.rng.random_bool(0.1) => "\u{2028}",
            33 => "//\n",
            _ => " ",
        };
        self.out.push_str(s);
    }

    fn string(&mut self, s: &str) {
        match self.rng.random_range(0..10) {
            0 => {
                // A raw string, with enough hashes.
                let mut hashes = 0;
                while s.contains(&format!("\"{}", "#".repeat(hashes))) {
                    hashes += 1;
                }
                let h = "#".repeat(hashes);
                self.out.push_str(&format!("r{h}\"{s}\"{h}"));
            }
            1 => {
                // Every character escaped one way or another.
                self.out.push('"');
                for ch in s.chars() {
                    let e = match (ch, self.rng.random_range(0..3)) {
                        ('\'', 0) => "\\'".to_string(),
                        ('\n', _) => "\\n".to_string(),
                        ('\t', _) => "\\t".to_string(),
                        ('\r', _) => "\\r".to_string(),
                        ('\0', _) => "\\0".to_string(),
                        (c, 0) if c.is_ascii() => format!("\\x{:02x}", c as u32),
                        (c, 1) => format!("\\u{{{:x}}}", c as u32),
                        ('"', _) => "\\\"".to_string(),
                        ('\\', _) => "\\\\".to_string(),
                        (c, _) => c.to_string(),
                    };
                    self.out.push_str(&e);
                }
                self.out.push('"');
            }
            2 if self.wild(0.2) => {
                // A line continuation inside the string (left to the general reader).
                self.out
                    .push_str(&format!("{:?}", s).replacen('"', "\"\\\n   ", 1));
            }
            _ => self.out.push_str(&format!("{s:?}")),
        }
    }

    fn value(&mut self, s: &str, bare_ok: bool) {
        if bare_ok && self.wild(0.05) && s.bytes().all(|b| b.is_ascii_digit()) {
            self.out.push_str(s);
        } else {
            self.string(s);
        }
    }

    fn map<V>(&mut self, pairs: &[(String, V)], mut v: impl FnMut(&mut Self, &V)) {
        self.out.push('{');
        for (i, (k, val)) in pairs.iter().enumerate() {
            self.ws();
            self.string(k);
            self.ws();
            self.out.push(':');
            self.ws();
            v(self, val);
            self.ws();
            if i + 1 < pairs.len() || self.chance(0.5) {
                self.out.push(',');
            }
        }
        self.ws();
        self.out.push('}');
    }

    fn fields(&mut self, mut fields: Fields<'_>) {
        if self.wild(0.03) {
            self.out.push_str("Csm");
        }
        self.out.push('(');
        if self.chance(0.5) {
            for i in (1..fields.len()).rev() {
                let j = self.rng.random_range(0..=i);
                fields.swap(i, j);
            }
        }
        let n = fields.len();
        for (i, (name, f)) in fields.into_iter().enumerate() {
            self.ws();
            self.out.push_str(name);
            self.ws();
            self.out.push(':');
            self.ws();
            f(self);
            self.ws();
            if i + 1 < n || self.chance(0.5) {
                self.out.push(',');
            }
        }
        self.ws();
        self.out.push(')');
    }

    fn opt_text(&mut self, s: &str) {
        if self.chance(0.05) {
            self.out.push_str("Some(");
            self.string(s);
            self.out.push(')');
        } else {
            self.string(s);
        }
    }

    fn counts(&mut self, pairs: &[(String, u64)]) {
        self.map(pairs, |w, n| {
            let form = if w.wild { w.rng.random_range(0..20) } else { 3 };
            match form {
                0 => w.out.push_str(&format!("0{n}")),
                1 => w.out.push_str(&format!("{n}.0")),
                2 => w.out.push_str(&format!("\"{n}\"")),
                _ => w.out.push_str(&n.to_string()),
            }
        });
    }

    fn row(&mut self, r: &Row) {
        let mut fields: Fields<'_> = vec![
            ("id", Box::new(|w: &mut Self| w.string(&r.id))),
            ("name", Box::new(|w: &mut Self| w.string(&r.name))),
            ("level", Box::new(|w: &mut Self| w.string(&r.level))),
            ("ote", Box::new(|w: &mut Self| w.value(&r.ote, true))),
            ("book_arr", Box::new(|w: &mut Self| w.value(&r.book, true))),
        ];
        if !r.actuals.is_empty() {
            fields.push((
                "actuals",
                Box::new(|w: &mut Self| w.map(&r.actuals, |w, v| w.value(v, false))),
            ));
        }
        if !r.targets.is_empty() {
            fields.push((
                "targets",
                Box::new(|w: &mut Self| w.map(&r.targets, |w, v| w.value(v, false))),
            ));
        }
        if !r.spifs.is_empty() {
            fields.push(("spifs", Box::new(|w: &mut Self| w.counts(&r.spifs))));
        }
        if let Some(s) = &r.start {
            fields.push(("start", Box::new(move |w: &mut Self| w.opt_text(s))));
        }
        if let Some(s) = &r.end {
            fields.push(("end", Box::new(move |w: &mut Self| w.opt_text(s))));
        }
        if !r.periods.is_empty() {
            fields.push((
                "periods",
                Box::new(|w: &mut Self| {
                    w.map(&r.periods, |w, p| {
                        let mut f: Fields<'_> = Vec::new();
                        if !p.actuals.is_empty() {
                            f.push((
                                "actuals",
                                Box::new(|w: &mut Self| {
                                    w.map(&p.actuals, |w, v| w.value(v, false))
                                }),
                            ));
                        }
                        if !p.targets.is_empty() {
                            f.push((
                                "targets",
                                Box::new(|w: &mut Self| {
                                    w.map(&p.targets, |w, v| w.value(v, false))
                                }),
                            ));
                        }
                        if !p.spifs.is_empty() {
                            f.push(("spifs", Box::new(|w: &mut Self| w.counts(&p.spifs))));
                        }
                        if let Some(paid) = &p.paid {
                            f.push(("paid", Box::new(move |w: &mut Self| w.value(paid, true))));
                        }
                        if let Some(arr) = &p.arr {
                            f.push(("arr", Box::new(move |w: &mut Self| w.arr(arr))));
                        }
                        w.fields(f);
                    })
                }),
            ));
        }
        if let Some(arr) = &r.arr {
            fields.push(("arr", Box::new(move |w: &mut Self| w.arr(arr))));
        }
        if self.wild(0.02) {
            fields.push(("bonus", Box::new(|w: &mut Self| w.string("1"))));
        }
        if self.wild(0.02) {
            let _ = fields.remove(self.rng.random_range(0..5));
        }
        self.fields(fields);
    }

    /// ARR movements: a struct of money fields, as written.
    fn arr(&mut self, fields: &[(&'static str, String)]) {
        let f: Fields<'_> = fields
            .iter()
            .map(|(name, v)| {
                let b: Box<dyn Fn(&mut Self) + '_> = Box::new(move |w: &mut Self| w.value(v, true));
                (*name, b)
            })
            .collect();
        self.fields(f);
    }

    fn team(&mut self, rows: &[Row]) {
        self.out.push('[');
        for (i, r) in rows.iter().enumerate() {
            self.ws();
            self.row(r);
            self.ws();
            if i + 1 < rows.len() || self.chance(0.5) {
                self.out.push(',');
            }
        }
        self.ws();
        self.out.push(']');
    }
}

/// The quarterly sample's text with `team` written by `w`: in its place, or first.
fn file(rows: &[Row], seed: u64, euro: bool, wild: bool) -> String {
    let mut base = parse(QUARTERLY_RON, "sample").expect("the sample reads");
    base.team.clear();
    if euro {
        base.plan.currency = crate::num::Currency::from_code("EUR");
    }
    // The newest version, so that every field a CSM may have is allowed.
    let text = to_ron(&base).replacen(
        &format!("version: {},", crate::scenario::version_for(&base)),
        &format!("version: {CURRENT_VERSION},"),
        1,
    );
    let mut w = Writer {
        rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        out: String::new(),
        wild,
    };
    w.team(rows);
    let team = w.out;
    if w.rng.random_bool(0.2) {
        let without = text.replacen("\n    team: [],", "", 1);
        without.replacen("\n(\n", &format!("\n(team: {team},\n"), 1)
    } else {
        text.replacen("team: []", &format!("team: {team}"), 1)
    }
}

/// Small edits of the kind a slip of the hand makes: a character deleted, doubled or
/// replaced by one that matters to the syntax.
fn slip(text: &str, seed: u64) -> String {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().position(|&c| c == '[').unwrap_or(0);
    let at = rng.random_range(start..chars.len());
    let mut out: Vec<char> = chars.clone();
    let marks = [
        ',', ':', '(', ')', '[', ']', '{', '}', '"', '\\', '/', '*', 'r', '#', '\'', ' ', '0',
        '\n', 'é',
    ];
    match rng.random_range(0..3) {
        0 => {
            out.remove(at);
        }
        1 => out.insert(at, chars[at]),
        _ => out[at] = marks[rng.random_range(0..marks.len())],
    }
    out.into_iter().collect()
}

fn general(text: &str) -> Result<crate::engine::Scenario, crate::scenario::LoadError> {
    parse_unchecked_with(text, "t.ron", false)
}

fn quick(text: &str) -> Result<crate::engine::Scenario, crate::scenario::LoadError> {
    parse_unchecked_with(text, "t.ron", true)
}

/// True when the quick reader read the team itself (rather than leaving it).
fn read_quickly(text: &str, currency: crate::num::Currency) -> bool {
    let read = read_team(text, currency);
    if let (Some((_, range)), Some(found)) = (&read, find_team(text)) {
        assert_eq!(range, &found, "the list read is the list found");
    }
    read.is_some()
}

proptest! {
    /// Whatever a team list looks like — written many ways, with values good and bad —
    /// reading it with the quick reader gives exactly what the general reader gives: the
    /// same team, or the same error at the same line and column.
    #[test]
    fn the_quick_reader_agrees_with_ron(
        rows in prop::collection::vec(row(), 0..5),
        seed in any::<u64>(),
        euro in prop::bool::weighted(0.2),
        wild in prop::bool::weighted(0.3),
    ) {
        let text = file(&rows, seed, euro, wild);
        let general = general(&text);
        prop_assert_eq!(quick(&text), general.clone());
        // A file written only in forms the quick reader knows is read by it.
        if !wild && let Ok(scn) = general {
            prop_assert!(read_quickly(&text, scn.plan.currency.unwrap_or_default()), "{:?}", find_team(&text).map(|r| &text[r]));
        }
    }

    /// ... and after a slip of the hand anywhere in it.
    #[test]
    fn the_quick_reader_agrees_with_ron_on_slips(
        rows in prop::collection::vec(row(), 1..4),
        seed in any::<u64>(),
        slips in prop::collection::vec(any::<u64>(), 1..3),
    ) {
        let mut text = file(&rows, seed, false, seed % 3 == 0);
        for s in slips {
            text = slip(&text, s);
        }
        prop_assert_eq!(quick(&text), general(&text));
    }

    /// A team the app wrote is read by the quick reader itself, as it was.
    #[test]
    fn a_saved_team_is_read_quickly(rows in prop::collection::vec(row(), 1..6)) {
        let text = file(&rows, 7, false, false);
        if let Ok(scn) = general(&text) {
            let saved = to_ron(&scn);
            prop_assert!(read_quickly(&saved, crate::num::Currency::USD), "{saved}");
            prop_assert_eq!(quick(&saved), Ok(scn));
        }
    }
}

#[test]
fn blanking_keeps_every_position_after_the_team() {
    let text = "(\n  team: [ (id: \"é\",\n   x) ] ,\n  oops\n)";
    let range = find_team(text).expect("found");
    assert_eq!(&text[range.clone()], "[ (id: \"é\",\n   x) ]");
    let blanked = blank(text, &range);
    assert_eq!(blanked, "(\n  team: [\n      ] ,\n  oops\n)");
}

#[test]
fn the_team_is_found_wherever_it_stands() {
    let text = "// notes (\n( name: \"a)\", plan: (x: [1, (2)], y: r#\"]\"#), team: [], z: 1)";
    let range = find_team(text).expect("found");
    assert_eq!(&text[range], "[]");
    // Characters and byte strings are left to the general reader.
    assert_eq!(find_team("(name: ')', team: [])"), None);
    assert_eq!(find_team("(name: b\"x\", team: [])"), None);
    assert_eq!(find_team("(name: \"x\")"), None);
}

#[test]
fn the_bundled_samples_are_read_quickly() {
    for text in [
        crate::scenario::SAMPLE_RON,
        QUARTERLY_RON,
        crate::scenario::MIDYEAR_RON,
    ] {
        assert!(read_quickly(text, crate::num::Currency::USD));
        assert_eq!(quick(text), general(text));
    }
}
