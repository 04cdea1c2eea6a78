//! The HTML pages that leave the tool: statements (`statements --format html`) and the
//! summary for finance (`summary --format html`).
//!
//! Every money figure in them equals `calc`'s to the cent and adds up as printed; user text
//! is escaped; and in a real browser (headless Chromium) the summary prints on exactly one
//! page on A4 and on Letter, and a statement never runs wider than the page. Under CI (`CI`
//! set) the browser tests fail when `chromium` is missing; elsewhere they skip with a
//! printed reason.

mod common;
use common::{run, stderr, stdout};
use cscomp_tui::engine::Scenario;
use cscomp_tui::scenario::{self, generate, sample, to_ron};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

// ---------------------------------------------------------------- helpers

fn write(dir: &Path, name: &str, s: &Scenario) -> String {
    let p = dir.join(name);
    std::fs::write(&p, to_ron(s)).unwrap();
    p.display().to_string()
}

/// A money figure as printed (`$1,234.56`, `-$1.00`, `+$2.00`, `€3.00`) as a decimal.
fn amount(text: &str) -> Decimal {
    let t: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    Decimal::from_str(&t).unwrap_or_else(|e| panic!("`{text}` is no amount: {e}"))
}

/// Every `<span class="money" data-of="KEY">TEXT</span>` of a page: KEY → the amounts
/// printed under it (a figure may be printed more than once).
fn figures(html: &str) -> BTreeMap<String, Vec<Decimal>> {
    let mut out: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
    let open = "<span class=\"money\" data-of=\"";
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let (key, after) = rest.split_once("\">").unwrap();
        let (text, after) = after.split_once("</span>").unwrap();
        out.entry(key.replace("&quot;", "\"").replace("&amp;", "&"))
            .or_default()
            .push(amount(text));
        rest = after;
    }
    out
}

/// The one value printed under `key` (every printing of it the same).
fn one(f: &BTreeMap<String, Vec<Decimal>>, key: &str) -> Decimal {
    let v = f.get(key).unwrap_or_else(|| panic!("no figure `{key}`"));
    assert!(v.iter().all(|x| *x == v[0]), "`{key}` printed as {v:?}");
    v[0]
}

fn dec(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

fn calc_json(path: &str) -> serde_json::Value {
    let o = run(&["calc", path, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// Writes the HTML statements of `path` into a fresh folder and reads them by CSM id.
fn html_statements(path: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("st");
    let o = run(&[
        "statements",
        path,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let scn = scenario::load(Path::new(path)).unwrap();
    let pages = cscomp_tui::output::statements::file_names_as(&scn, "html")
        .iter()
        .map(|n| std::fs::read_to_string(out.join(n)).unwrap())
        .collect();
    (dir, pages)
}

/// The sample with every projection of its first CSM removed (assumed at target), a joiner
/// plan and the quarterly sample: the statements' figures against `calc`'s.
fn statement_cases(dir: &Path) -> Vec<String> {
    let mut noproj = sample();
    noproj.team[0].actuals.clear();
    noproj.team[1].actuals.remove("grr");
    let mut eur = sample();
    eur.plan.currency = cscomp_tui::num::Currency::from_code("EUR");
    let root = env!("CARGO_MANIFEST_DIR");
    vec![
        write(dir, "noproj.ron", &noproj),
        write(dir, "eur.ron", &eur),
        format!("{root}/assets/quarterly.ron"),
        format!("{root}/assets/midyear.ron"),
        format!("{root}/assets/worked-example.ron"),
        format!("{root}/tests/fixtures/periods/joiner-upside.ron"),
    ]
}

// ---------------------------------------------------------------- figures

#[test]
fn every_money_figure_of_a_statement_equals_calc_and_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    for path in statement_cases(dir.path()) {
        let calc = calc_json(&path);
        let (_d, pages) = html_statements(&path);
        let csms = calc["csms"].as_array().unwrap();
        assert_eq!(pages.len(), csms.len(), "{path}");
        for (page, c) in pages.iter().zip(csms) {
            let f = figures(page);
            let who = format!("{path}, {}", c["id"]);
            for key in [
                "base",
                "target_variable",
                "variable",
                "spif",
                "total",
                "ote",
            ] {
                assert_eq!(one(&f, key), dec(&c[key]), "{who}: {key}");
            }
            if !c["upside"].is_null() {
                assert_eq!(one(&f, "upside"), dec(&c["upside"]), "{who}: upside");
            }
            let mut parts = one(&f, "base");
            for comp in c["components"].as_array().unwrap() {
                let key = format!("payout:{}", comp["id"].as_str().unwrap());
                assert_eq!(one(&f, &key), dec(&comp["payout"]), "{who}: {key}");
                parts += one(&f, &key);
            }
            for s in c["spifs"].as_array().unwrap() {
                let key = format!("spif:{}", s["id"].as_str().unwrap());
                assert_eq!(one(&f, &key), dec(&s["payout"]), "{who}: {key}");
                parts += one(&f, &key);
            }
            if !c["adjustment"].is_null() {
                assert_eq!(one(&f, "adjustment"), dec(&c["adjustment"]), "{who}");
                parts += one(&f, "adjustment");
            }
            assert_eq!(
                parts,
                one(&f, "total"),
                "{who}: the parts add up to the total"
            );
            // By period: the periods add up to the year.
            let periods: Decimal = f
                .iter()
                .filter(|(k, _)| k.starts_with("period:"))
                .map(|(_, v)| v[0])
                .sum();
            if f.keys().any(|k| k.starts_with("period:")) {
                assert_eq!(periods, one(&f, "total"), "{who}: by period");
            }
            // Every what-if row printed twice (the table and the year of the table by
            // period) with the same amount.
            for p in ["80%", "100%", "120%", "150%"] {
                if f.contains_key(&format!("at:{p}:total")) {
                    one(&f, &format!("at:{p}:total"));
                }
            }
            if path.contains("eur") {
                assert!(page.contains("€") && !page.contains("$"), "{who}");
            }
        }
    }
}

#[test]
fn a_statement_says_what_is_assumed_and_what_is_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    s.team[0].actuals.clear();
    s.plan.title = Some("FY27 CS variable pay".into());
    s.plan.fiscal_year = Some(cscomp_tui::engine::FiscalYear {
        name: "FY27".into(),
        start: "2026-02-01".into(),
    });
    s.plan.status = Some(cscomp_tui::engine::PlanStatus::Draft);
    let path = write(dir.path(), "t.ron", &s);
    let (_d, pages) = html_statements(&path);
    let p = &pages[0];
    assert!(
        p.contains("none entered yet, so it is assumed at target"),
        "{p}"
    );
    assert!(p.contains("<strong>FY27 CS variable pay</strong>"));
    assert!(p.contains("Effective 1 February 2026 – 31 January 2027 (FY27)"));
    assert!(p.contains("Draft: not yet approved"));
    for h in [
        "How this was calculated",
        "What you would earn",
        "Downside",
        "Upside",
    ] {
        assert!(p.contains(h), "{h}");
    }
    assert!(p.matches("<svg").count() == s.plan.components.len());
    // A plan without a title is named by the scenario; an approved one has no status.
    s.plan.title = None;
    s.plan.status = Some(cscomp_tui::engine::PlanStatus::Approved);
    let path = write(dir.path(), "u.ron", &s);
    let (_d, pages) = html_statements(&path);
    assert!(pages[0].contains("<strong>Sample team FY27</strong>"));
    assert!(!pages[0].contains("not yet approved"));
}

#[test]
fn user_text_is_escaped_in_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    s.name = "<script>alert(1)</script>".into();
    s.plan.title = Some("Plan \"A\" & <b>B</b>".into());
    s.team[0].name = "<img src=x onerror=alert(1)> O'Brien & Co".into();
    s.team[0].level = "<i>lvl".into();
    s.plan.level_mix.clear();
    s.plan.components[0].name = "GRR</td><td>".into();
    s.plan.spifs[0].name = "SPIF <u>".into();
    let path = write(dir.path(), "x.ron", &s);
    let (_d, pages) = html_statements(&path);
    let o = run(&["summary", &path, "--format", "html", "--baseline", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in pages.iter().take(1).chain([&stdout(&o)]) {
        for raw in [
            "<script", "<img", "<i>lvl", "GRR</td>", "SPIF <u>", "<b>B</b>",
        ] {
            assert!(!page.contains(raw), "`{raw}` in the page");
        }
        assert!(!page.contains("<script"));
    }
    assert!(pages[0].contains("&lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; Co"));
    assert!(stdout(&o).contains("Plan &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;"));
}

#[test]
fn markdown_statements_stay_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let path = format!("{root}/assets/quarterly.ron");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(
        run(&["statements", &path, "--out", a.to_str().unwrap()])
            .status
            .success()
    );
    let o = run(&[
        "statements",
        &path,
        "--out",
        b.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert!(o.status.success());
    let scn = scenario::load(Path::new(&path)).unwrap();
    for (i, n) in cscomp_tui::output::statements::file_names(&scn)
        .iter()
        .enumerate()
    {
        let x = std::fs::read_to_string(a.join(n)).unwrap();
        assert_eq!(x, std::fs::read_to_string(b.join(n)).unwrap());
        assert_eq!(
            Some(x),
            cscomp_tui::output::statements::statement(&scn, i),
            "{n}"
        );
    }
}

#[test]
fn the_summary_figures_equal_calc_and_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    for path in [
        format!("{root}/assets/sample.ron"),
        format!("{root}/assets/quarterly.ron"),
    ] {
        let mut s = scenario::load(Path::new(&path)).unwrap();
        s.plan.budget = Some(cscomp_tui::engine::Budget {
            amount: Decimal::from(1_600_000),
            basis: cscomp_tui::engine::BudgetBasis::Cash,
        });
        let plan = write(dir.path(), "plan.ron", &s);
        let mut b = s.clone();
        b.plan.mix.variable_share = Decimal::new(30, 2);
        let base = write(dir.path(), "base.ron", &b);
        let calc = calc_json(&plan);
        let bcalc = calc_json(&base);
        let o = run(&["summary", &plan, "--baseline", &base, "--format", "html"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let f = figures(&stdout(&o));
        let t = &calc["team"];
        assert_eq!(one(&f, "cash"), dec(&t["cash"]));
        assert_eq!(one(&f, "loaded"), dec(&t["loaded_cost"]));
        assert_eq!(one(&f, "planned"), dec(&t["planned_cost"]));
        assert_eq!(one(&f, "minimum"), dec(&t["minimum_cash"]));
        assert_eq!(one(&f, "maximum"), dec(&t["maximum_cash"]));
        assert_eq!(one(&f, "baseline:cash"), dec(&bcalc["team"]["cash"]));
        assert_eq!(
            one(&f, "baseline:loaded"),
            dec(&bcalc["team"]["loaded_cost"])
        );
        assert_eq!(
            one(&f, "change:cash"),
            one(&f, "cash") - one(&f, "baseline:cash")
        );
        assert_eq!(one(&f, "budget"), Decimal::from(1_600_000));
        assert_eq!(
            one(&f, "headroom"),
            (one(&f, "budget") - one(&f, "cash")).abs()
        );
        if path.contains("quarterly") {
            let periods: Decimal = f
                .iter()
                .filter(|(k, _)| k.starts_with("period:"))
                .map(|(_, v)| v[0])
                .sum();
            assert_eq!(periods, one(&f, "year"));
            assert_eq!(one(&f, "year"), one(&f, "cash"));
        }
        // The Markdown says the same.
        let o = run(&["summary", &plan, "--baseline", &base]);
        let md = stdout(&o);
        assert!(
            md.contains(&cscomp_tui::num::money(dec(&t["cash"]))),
            "{md}"
        );
        assert!(md.contains("## What changed against the baseline"));
        assert!(md.contains("variable share 30% → 20%"), "{md}");
        assert!(md.contains("10,000 simulated years"), "{md}");
    }
}

#[test]
fn the_summary_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let plan = format!("{root}/assets/sample.ron");
    let out = dir.path().join("s.html");
    std::fs::write(&out, "keep").unwrap();
    let o = run(&[
        "summary",
        &plan,
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
    let o = run(&[
        "summary",
        &plan,
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let mut eur = sample();
    eur.plan.currency = cscomp_tui::num::Currency::from_code("EUR");
    let e = write(dir.path(), "eur.ron", &eur);
    let o = run(&["summary", &plan, "--baseline", &e]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("same currency"), "{}", stderr(&o));
}

#[test]
fn a_large_team_is_summarised_with_bounded_years() {
    let s = generate::generate(2_000);
    let sum = cscomp_tui::analysis::summary::summarize(&s, None);
    assert!(
        sum.risk.trials < 10_000 && sum.risk.trials >= 20,
        "{}",
        sum.risk.trials
    );
    let md = cscomp_tui::output::summary::markdown(&s, &sum);
    assert!(md.contains("bounded by team size"), "{md}");
    let n = cscomp_tui::num::count(u64::from(sum.risk.trials));
    assert!(md.contains(&format!("from {n} simulated years")), "{md}");
}

// ---------------------------------------------------------------- in a browser

/// The Chromium binary, or `None` (after saying why) when these tests may skip.
fn chromium() -> Option<&'static str> {
    for bin in ["chromium", "chromium-browser"] {
        let found = Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            return Some(bin);
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "CI is set but chromium is not installed: the browser tests of the HTML pages must run under CI (.ci/run installs it)"
        );
    }
    eprintln!(
        "skipping: chromium is not installed; install it (apt-get install chromium) to check that the HTML pages print as they should"
    );
    None
}

fn headless(bin: &str) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
    ]);
    c
}

/// `html` printed to PDF on `size` (`A4` or `letter`): the PDF's bytes.
fn print_pdf(bin: &str, dir: &Path, html: &str, size: &str) -> Vec<u8> {
    let page = dir.join(format!("print-{size}.html"));
    let sized = html.replacen(
        "</head>",
        &format!("<style>@page {{ size: {size}; }}</style></head>"),
        1,
    );
    std::fs::write(&page, sized).unwrap();
    let pdf = dir.join(format!("print-{size}.pdf"));
    let _ = std::fs::remove_file(&pdf);
    let o = headless(bin)
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "chromium wrote no PDF ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// The pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree).
fn pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for pat in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        n += pdf
            .windows(pat.len() + 1)
            .filter(|w| w.starts_with(pat) && !w[pat.len()].is_ascii_alphabetic())
            .count();
    }
    n
}

/// The width of the paper a PDF is on, in points.
fn paper(pdf: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(pdf);
    let i = text.find("/MediaBox [").expect("a media box");
    let nums: Vec<f64> = text[i + 11..]
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    (nums[2].round() as u32, nums[3].round() as u32)
}

/// How many CSS pixels `html` runs wider than a window `width` pixels wide (0: it fits).
fn overflow(bin: &str, dir: &Path, html: &str, width: u32) -> i64 {
    let page = dir.join(format!("probe-{width}.html"));
    let probe = html.replacen(
        "</body>",
        "<script>document.body.setAttribute('data-overflow', String(document.documentElement.scrollWidth - document.documentElement.clientWidth));</script></body>",
        1,
    );
    std::fs::write(&page, probe).unwrap();
    let o = headless(bin)
        .arg(format!("--window-size={width},1200"))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&o.stdout);
    let v = dom
        .split("data-overflow=\"")
        .nth(1)
        .and_then(|x| x.split('"').next())
        .unwrap_or_else(|| panic!("no measure in {dom}"));
    v.parse().unwrap()
}

/// A summary with everything at once: periods, a budget it exceeds, a baseline that
/// differs in many ways, guardrail warnings of many kinds and long names.
fn crowded(dir: &Path) -> (String, String) {
    let mut s = generate::generate_quarterly(400);
    s.name = "Customer Success compensation scenario with a very long name".repeat(2);
    s.plan.title = Some(format!(
        "FY27 Customer Success variable pay {}",
        "W".repeat(90)
    ));
    s.plan.status = Some(cscomp_tui::engine::PlanStatus::Proposed);
    s.plan.fiscal_year = Some(cscomp_tui::engine::FiscalYear {
        name: "FY27".into(),
        start: "2026-02-01".into(),
    });
    for c in s.team.iter_mut().take(40) {
        c.name = format!("{} {}", c.name, "Longname-Hyphenated-Surname".repeat(3));
    }
    let base = write(dir, "base.ron", &s);
    let plan = write(dir, "plan.ron", &s);
    (plan, base)
}

/// A team paid by month (twelve periods), some CSMs without projections.
fn monthly(dir: &Path) -> String {
    let mut s = generate::generate(300);
    s.plan.periods = (1..=12)
        .map(|m| cscomp_tui::engine::Period {
            id: format!("M{m:02}"),
            name: format!("Month {m}"),
            length: Decimal::new(if m <= 8 { 8 } else { 9 }, 2),
            target_share: None,
        })
        .collect();
    s.plan.as_of = Some("M05".into());
    for c in &mut s.team {
        c.spifs.clear();
    }
    for c in s.team.iter_mut().take(30) {
        c.actuals.clear();
    }
    write(dir, "monthly.ron", &s)
}

#[test]
fn the_summary_prints_on_one_page_on_a4_and_letter() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let (crowded_plan, crowded_base) = crowded(dir.path());
    let sample = format!("{root}/assets/sample.ron");
    let quarterly = format!("{root}/assets/quarterly.ron");
    let cases: Vec<Vec<String>> = vec![
        vec![sample.clone()],
        vec![
            sample.clone(),
            "--baseline".into(),
            format!("{root}/tests/fixtures/compare/70-30.ron"),
            "--set".into(),
            "budget=1.55M".into(),
        ],
        vec![
            quarterly.clone(),
            "--baseline".into(),
            quarterly.clone(),
            "--set".into(),
            "variable_share=35%".into(),
            "--set".into(),
            "budget=1.5M".into(),
        ],
        vec![
            crowded_plan,
            "--baseline".into(),
            crowded_base,
            "--set".into(),
            "variable_share=60%".into(),
            "--set".into(),
            "grr.cap=none".into(),
            "--set".into(),
            "grr.threshold=0%".into(),
            "--set".into(),
            "churn.weight=40%".into(),
            "--set".into(),
            "expansion.cap=300%".into(),
            "--set".into(),
            "budget=10".into(),
            "--set".into(),
            "burden_rate=30%".into(),
        ],
        vec![
            monthly(dir.path()),
            "--baseline".into(),
            format!("{root}/assets/sample.ron"),
            "--set".into(),
            "variable_share=60%".into(),
            "--set".into(),
            "grr.cap=none".into(),
            "--set".into(),
            "expansion.weight=55%".into(),
            "--set".into(),
            "budget=1M".into(),
        ],
    ];
    for args in cases {
        let mut a: Vec<&str> = vec!["summary"];
        a.extend(args.iter().map(String::as_str));
        a.extend(["--format", "html"]);
        let o = run(&a);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let html = stdout(&o);
        for (size, want) in [("A4", (595, 842)), ("letter", (612, 792))] {
            let pdf = print_pdf(bin, dir.path(), &html, size);
            assert_eq!(paper(&pdf), want, "{args:?} on {size}");
            assert_eq!(pages(&pdf), 1, "{args:?} on {size}: not one page");
        }
        assert_eq!(overflow(bin, dir.path(), &html, 794), 0, "{args:?}");
    }
}

#[test]
fn a_statement_never_runs_wider_than_the_page() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    // One CSM as wide as a statement gets: a long unbroken name and id, the largest OTE,
    // long metric and SPIF names, a joiner on a plan with periods.
    let mut s = generate::generate_quarterly(1);
    s.team[0].name = "Maximiliana".repeat(12);
    s.team[0].level = "Principal Customer Success Manager, Strategic Accounts".repeat(2);
    s.team[0].ote = Decimal::new(99_999_999_999, 2);
    for c in &mut s.plan.components {
        c.name = format!("{} {}", c.name, "Measured-on-the-whole-book".repeat(4));
    }
    for sp in &mut s.plan.spifs {
        sp.name = "Executive-business-review-with-the-C-level".repeat(3);
    }
    if let Some(q1) = s.plan.periods.first().map(|p| p.id.clone()) {
        s.team[0].periods.remove(&q1);
    }
    s.team[0].start = s.plan.periods.get(1).map(|p| p.id.clone());
    let path = write(dir.path(), "wide.ron", &s);
    if let Err(e) = scenario::load(Path::new(&path)) {
        panic!("{e}");
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let mut paths: Vec<PathBuf> = vec![PathBuf::from(&path)];
    paths.push(PathBuf::from(format!("{root}/assets/sample.ron")));
    for p in paths {
        let (_d, st) = html_statements(p.to_str().unwrap());
        let html = &st[0];
        // A4's width at 96 dpi, and the width inside its 12 mm print margins.
        for w in [794, 703] {
            assert_eq!(overflow(bin, dir.path(), html, w), 0, "{p:?} at {w}px");
        }
        for (size, want) in [("A4", (595, 842)), ("letter", (612, 792))] {
            let pdf = print_pdf(bin, dir.path(), html, size);
            assert_eq!(paper(&pdf), want);
            assert!(pages(&pdf) >= 1);
        }
    }
}
