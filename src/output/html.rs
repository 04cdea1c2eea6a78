//! HTML pages a person can be handed: self-contained (styles inline, charts as inline SVG,
//! no scripts, nothing fetched), readable on a screen and printed to PDF from any browser
//! on A4 or Letter.
//!
//! Owns: escaping text for HTML, the page around a document and its print styles, and the
//! one way a money figure is marked up. Must not: compute pay or touch files.

use crate::num::{Currency, money_in};
use rust_decimal::Decimal;

/// Text a person typed, made safe to put in HTML (an element or an attribute value):
/// `&`, `<`, `>`, `"` and `'` become entities, and control characters and invisible
/// direction marks are written out (`\u{202e}`), so the text reads as typed and never acts.
pub fn esc(s: &str) -> String {
    let s = crate::text::escape_invisible(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A money figure, marked up so it can be found and checked: `<span class="money"
/// data-of="total">$103,653.57</span>`. `of` names the figure (for example `total`,
/// `payout:grr`, `cash`); it is escaped.
pub fn money(of: &str, v: Decimal, currency: Currency) -> String {
    format!(
        "<span class=\"money\" data-of=\"{}\">{}</span>",
        esc(of),
        money_in(v, currency)
    )
}

/// A change in money, marked up as [`money`]: `+$1,821.44`, `-$350.00`, `$0.00`.
pub fn signed_money(of: &str, v: Decimal, currency: Currency) -> String {
    format!(
        "<span class=\"money\" data-of=\"{}\">{}{}</span>",
        esc(of),
        if v > Decimal::ZERO { "+" } else { "" },
        money_in(v, currency)
    )
}

/// The styles every page shares. The page has no fixed paper size, so it prints on the
/// reader's paper; its content is laid out to fit the narrower and the shorter of A4 and
/// Letter (186 mm × 255 mm inside 12 mm margins).
const BASE_CSS: &str = r#"
@page { margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 8mm 10mm; max-width: 210mm; background: #fff; color: #1b1b1b;
  font: 9.5pt/1.4 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  overflow-wrap: anywhere; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 16pt; line-height: 1.2; margin: 0 0 2pt; color: #1f4e79; }
h2 { font-size: 11.5pt; margin: 12pt 0 4pt; padding-bottom: 2pt; color: #1f4e79;
  border-bottom: 1.5px solid #1f4e79; break-after: avoid; }
h3 { font-size: 10pt; margin: 9pt 0 2pt; break-after: avoid; }
p { margin: 3pt 0; }
ul, ol { margin: 3pt 0; padding-left: 14pt; }
li { margin: 1pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { padding: 1.5pt 4pt; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f2f5f8; border-bottom: 1px solid #9aa7b4; }
.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sum td { font-weight: 600; border-top: 1px solid #9aa7b4; border-bottom: none; }
tr, li, figure { break-inside: avoid; }
figure { margin: 0; }
figcaption { font-size: 8pt; color: #555; }
svg { display: block; width: 100%; max-width: 100%; height: auto; }
.muted { color: #555; }
.small { font-size: 8.5pt; }
.status { display: inline-block; padding: 0 5pt; border: 1px solid #b03a2e; border-radius: 3pt;
  color: #b03a2e; font-weight: 600; }
.key { display: inline-block; width: 14pt; height: 0; border-top: 2px solid #1f4e79;
  vertical-align: middle; margin: 0 2pt 0 6pt; }
.key.base { border-top: 2px dashed #8a8a8a; }
.key.budget { border-top: 2px dashed #c0392b; }
.key.dot { width: 7pt; height: 7pt; border: none; border-radius: 50%; background: #c0392b; }
.key.ring { width: 7pt; height: 7pt; border: 1.5px solid #c0392b; border-radius: 50%; }
"#;

/// A whole page: `title` (plain text, escaped here), the shared styles and `css`, and
/// `body` (HTML).
pub fn page(title: &str, css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn text_is_escaped_and_reads_as_typed() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(esc("Liam O'Brien"), "Liam O&#39;Brien");
        assert_eq!(esc("evil\u{202E}txt"), "evil\\u{202e}txt");
        assert_eq!(esc("Zoë"), "Zoë");
    }

    #[test]
    fn money_is_marked_with_what_it_is() {
        assert_eq!(
            money("payout:a\"b", dec!(-1234.5), Currency::USD),
            "<span class=\"money\" data-of=\"payout:a&quot;b\">-$1,234.50</span>"
        );
        let p = page("a<b", "", "<p>x</p>\n");
        assert!(p.starts_with("<!DOCTYPE html>"));
        assert!(p.contains("<title>a&lt;b</title>"));
        assert!(!p.contains("<script") && !p.contains("http"));
    }
}
