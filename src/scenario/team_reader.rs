//! A quick reader for the team list of a scenario file.
//!
//! A large team is nearly all of a scenario file, and reading it through the general RON
//! reader costs far more than computing the team's pay. This reader reads the team list the
//! way the app writes it, and the way people edit it by hand (comments, trailing commas,
//! fields in any order, raw strings, escapes), straight into the team; the rest of the file
//! (the plan and the assumptions, a few kilobytes) still goes through the general reader,
//! with the team list blanked out so that every position in it stays where it was.
//!
//! It only ever says yes to text the general reader accepts, with the same result: whenever
//! it meets anything it is not sure of — an error of any kind, a bare number, `Some(..)`, a
//! struct name, an escape it does not know — it gives up, and the whole file is read the
//! general way. Errors therefore always come from the general reader, with its line and
//! column.
//!
//! Owns: recognising the team list and reading it. Must not: decide what a valid team is
//! (that is validation's) or read anything else of the file.

use crate::engine::{ArrMovement, Csm, IdMap, PeriodValues};
use crate::idmap::Id;
use crate::num::{Currency, parse_decimal_in, parse_money_in};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::ops::Range;

/// Gives up: the text is left to the general reader.
#[derive(Debug)]
struct GiveUp;

type Res<T> = Result<T, GiveUp>;

/// Reads the team list of the scenario in `text` (the first `team:` field of its top-level
/// struct), money in `currency`: the team, and where its value (`[ ... ]`) stands. `None`
/// when the text is not shaped as this reader expects, or the list not plainly written.
pub(super) fn read_team(text: &str, currency: Currency) -> Option<(Vec<Csm>, Range<usize>)> {
    let mut c = Cursor::new(text);
    let start = find(&mut c).ok()??;
    let team = read_list(&mut c, currency).ok()?;
    Some((team, start..c.i))
}

/// Where the team list's value (`[ ... ]`) stands in `text`, found without reading it.
pub(super) fn find_team(text: &str) -> Option<Range<usize>> {
    let mut c = Cursor::new(text);
    let start = find(&mut c).ok()??;
    c.skip_value().ok()?;
    Some(start..c.i)
}

/// Where the team list's value starts, the cursor left there.
fn find(c: &mut Cursor) -> Res<Option<usize>> {
    c.ws()?;
    c.expect(b'(')?;
    loop {
        c.ws()?;
        if c.eat(b')') {
            return Ok(None);
        }
        let field = c.ident()?;
        c.ws()?;
        c.expect(b':')?;
        c.ws()?;
        if field == "team" {
            return Ok(Some(c.i));
        }
        c.skip_value()?;
        c.ws()?;
        if !c.eat(b',') {
            return Ok(None);
        }
    }
}

/// `text` with the team list's value (`[ ... ]`) replaced by an empty list that takes the same lines
/// and, on its last line, the same columns: every position after it is unchanged.
pub(super) fn blank(text: &str, team: &Range<usize>) -> String {
    let inner = &text[team.start + 1..team.end - 1];
    let lines = memchr::memchr_iter(b'\n', inner.as_bytes()).count();
    let last = memchr::memrchr(b'\n', inner.as_bytes()).map_or(inner, |i| &inner[i + 1..]);
    let cols = last.chars().count();
    let mut out = String::with_capacity(team.start + lines + cols + 2 + text.len() - team.end);
    out.push_str(&text[..team.start]);
    out.push('[');
    out.push_str(&"\n".repeat(lines));
    out.push_str(&" ".repeat(cols));
    out.push(']');
    out.push_str(&text[team.end..]);
    out
}

fn read_list(c: &mut Cursor, currency: Currency) -> Res<Vec<Csm>> {
    c.expect(b'[')?;
    let mut team = Vec::new();
    loop {
        c.ws()?;
        if c.eat(b']') {
            break;
        }
        team.push(read_csm(c, currency)?);
        c.ws()?;
        if !c.eat(b',') {
            c.expect(b']')?;
            break;
        }
    }
    team.shrink_to_fit();
    Ok(team)
}

/// Calls `field` for each `name: value` of a struct, refusing a field given twice.
fn read_struct<'a>(
    c: &mut Cursor<'a>,
    fields: &[&str],
    mut field: impl FnMut(&mut Cursor<'a>, usize) -> Res<()>,
) -> Res<u32> {
    c.expect(b'(')?;
    let mut seen = 0u32;
    loop {
        c.ws()?;
        if c.eat(b')') {
            return Ok(seen);
        }
        let name = c.ident()?;
        let k = fields.iter().position(|f| *f == name).ok_or(GiveUp)?;
        if seen & (1 << k) != 0 {
            return Err(GiveUp);
        }
        seen |= 1 << k;
        c.ws()?;
        c.expect(b':')?;
        c.ws()?;
        field(c, k)?;
        c.ws()?;
        if !c.eat(b',') {
            c.expect(b')')?;
            return Ok(seen);
        }
    }
}

const CSM_FIELDS: [&str; 12] = [
    "id", "name", "level", "ote", "book_arr", "targets", "actuals", "spifs", "start", "end",
    "periods", "arr",
];
/// The fields a CSM must have (id, name, level, ote, book_arr).
const CSM_REQUIRED: u32 = 0b1_1111;

fn read_csm(c: &mut Cursor, currency: Currency) -> Res<Csm> {
    let mut csm = Csm::default();
    let seen = read_struct(c, &CSM_FIELDS, |c, k| {
        match k {
            0 => csm.id = c.string()?.into_owned(),
            1 => csm.name = c.string()?.into_owned(),
            2 => csm.level = c.string()?.into_owned(),
            3 => csm.ote = money(c, currency)?,
            4 => csm.book_arr = money(c, currency)?,
            5 => csm.targets = decimals(c, currency)?,
            6 => csm.actuals = decimals(c, currency)?,
            7 => csm.spifs = counts(c)?,
            8 => csm.start = c.opt_string()?,
            9 => csm.end = c.opt_string()?,
            10 => csm.periods = periods(c, currency)?,
            _ => csm.arr = Some(arr(c, currency)?),
        }
        Ok(())
    })?;
    if seen & CSM_REQUIRED != CSM_REQUIRED {
        return Err(GiveUp);
    }
    Ok(csm)
}

const PERIOD_FIELDS: [&str; 5] = ["actuals", "targets", "spifs", "paid", "arr"];

fn periods(c: &mut Cursor, currency: Currency) -> Res<IdMap<PeriodValues>> {
    read_map(c, |c| {
        let mut v = PeriodValues::default();
        read_struct(c, &PERIOD_FIELDS, |c, k| {
            match k {
                0 => v.actuals = decimals(c, currency)?,
                1 => v.targets = decimals(c, currency)?,
                2 => v.spifs = counts(c)?,
                3 => v.paid = Some(money(c, currency)?),
                _ => v.arr = Some(arr(c, currency)?),
            }
            Ok(())
        })?;
        Ok(v)
    })
}

const ARR_FIELDS: [&str; 4] = ["start", "expansion", "contraction", "churn"];

/// ARR movements: `start` required, the movements $0 when left out.
fn arr(c: &mut Cursor, currency: Currency) -> Res<ArrMovement> {
    let mut m = ArrMovement::default();
    let seen = read_struct(c, &ARR_FIELDS, |c, k| {
        let v = money(c, currency)?;
        match k {
            0 => m.start = v,
            1 => m.expansion = v,
            2 => m.contraction = v,
            _ => m.churn = v,
        }
        Ok(())
    })?;
    if seen & 1 == 0 {
        return Err(GiveUp);
    }
    Ok(m)
}

fn money(c: &mut Cursor, currency: Currency) -> Res<Decimal> {
    parse_money_in(&c.string()?, currency).map_err(|_| GiveUp)
}

fn decimals(c: &mut Cursor, currency: Currency) -> Res<IdMap<Decimal>> {
    read_map(c, |c| {
        parse_decimal_in(&c.string()?, currency).map_err(|_| GiveUp)
    })
}

fn counts(c: &mut Cursor) -> Res<IdMap<u32>> {
    read_map(c, Cursor::count)
}

/// A map with string keys, refusing a key given twice.
fn read_map<'a, V>(
    c: &mut Cursor<'a>,
    mut value: impl FnMut(&mut Cursor<'a>) -> Res<V>,
) -> Res<IdMap<V>> {
    c.expect(b'{')?;
    let mut entries: Vec<(Id, V)> = Vec::with_capacity(8);
    loop {
        c.ws()?;
        if c.eat(b'}') {
            break;
        }
        let key = Id::from(c.string()?);
        c.ws()?;
        c.expect(b':')?;
        c.ws()?;
        entries.push((key, value(c)?));
        c.ws()?;
        if !c.eat(b',') {
            c.expect(b'}')?;
            break;
        }
    }
    IdMap::from_entries(entries).ok_or(GiveUp)
}

struct Cursor<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            s: text.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, b: u8) -> Res<()> {
        if self.eat(b) { Ok(()) } else { Err(GiveUp) }
    }

    /// Skips white space and comments (`// ...`, nested `/* ... */`). White space outside
    /// ASCII is left to the general reader.
    fn ws(&mut self) -> Res<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C') => self.i += 1,
                Some(b'/') => match self.s.get(self.i + 1) {
                    Some(b'/') => {
                        // A line comment runs to the end of the line (or of the text).
                        let rest = &self.s[self.i..];
                        self.i += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    }
                    Some(b'*') => {
                        self.i += 2;
                        let mut level = 1;
                        while level > 0 {
                            match (self.peek(), self.s.get(self.i + 1)) {
                                (None, _) => return Err(GiveUp),
                                (Some(b'/'), Some(b'*')) => {
                                    level += 1;
                                    self.i += 2;
                                }
                                (Some(b'*'), Some(b'/')) => {
                                    level -= 1;
                                    self.i += 2;
                                }
                                _ => self.i += 1,
                            }
                        }
                    }
                    _ => return Err(GiveUp),
                },
                Some(b) if b >= 0x80 => return Err(GiveUp),
                _ => return Ok(()),
            }
        }
    }

    /// A plain identifier (a field name). Raw identifiers (`r#name`) are left to the
    /// general reader.
    fn ident(&mut self) -> Res<&'a str> {
        let start = self.i;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(GiveUp),
        }
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.i += 1;
        }
        if self.peek().is_some_and(|b| b >= 0x80 || b == b'#') {
            return Err(GiveUp);
        }
        Ok(&self.text[start..self.i])
    }

    /// A string: `"..."` with the escapes RON knows, or a raw string `r#"..."#`; borrowed
    /// from the text unless it has escapes.
    fn string(&mut self) -> Res<Cow<'a, str>> {
        match self.peek() {
            Some(b'"') => {
                self.i += 1;
                self.quoted()
            }
            Some(b'r') => {
                self.i += 1;
                let hashes = self.s[self.i..].iter().take_while(|&&b| b == b'#').count();
                self.i += hashes;
                self.expect(b'"')?;
                let rest = &self.text[self.i..];
                let end = if hashes == 0 {
                    rest.find('"')
                } else {
                    let mut ending = String::with_capacity(hashes + 1);
                    ending.push('"');
                    ending.extend(std::iter::repeat_n('#', hashes));
                    rest.find(&ending)
                }
                .ok_or(GiveUp)?;
                self.i += end + 1 + hashes;
                Ok(Cow::Borrowed(&rest[..end]))
            }
            _ => Err(GiveUp),
        }
    }

    /// An optional string: `None`, `Some("...")` or the string alone.
    fn opt_string(&mut self) -> Res<Option<String>> {
        if !matches!(self.peek(), Some(b'N' | b'S')) {
            return Ok(Some(self.string()?.into_owned()));
        }
        match self.ident()? {
            "None" => Ok(None),
            "Some" => {
                self.ws()?;
                self.expect(b'(')?;
                self.ws()?;
                let s = self.string()?.into_owned();
                self.ws()?;
                if self.eat(b',') {
                    self.ws()?;
                }
                self.expect(b')')?;
                Ok(Some(s))
            }
            _ => Err(GiveUp),
        }
    }

    /// The rest of a `"` string, its escapes decoded.
    fn quoted(&mut self) -> Res<Cow<'a, str>> {
        let rest = &self.s[self.i..];
        let end = memchr::memchr2(b'"', b'\\', rest).ok_or(GiveUp)?;
        if rest[end] == b'"' {
            let s = &self.text[self.i..self.i + end];
            self.i += end + 1;
            return Ok(Cow::Borrowed(s));
        }
        let mut out = String::new();
        loop {
            let rest = &self.s[self.i..];
            let end = memchr::memchr2(b'"', b'\\', rest).ok_or(GiveUp)?;
            out.push_str(&self.text[self.i..self.i + end]);
            self.i += end + 1;
            if rest[end] == b'"' {
                return Ok(Cow::Owned(out));
            }
            let ch = match self.peek().ok_or(GiveUp)? {
                b'\'' => '\'',
                b'"' => '"',
                b'\\' => '\\',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'0' => '\0',
                b'x' => {
                    // One byte: only an ASCII character stands on its own.
                    let hex = self.s.get(self.i + 1..self.i + 3).ok_or(GiveUp)?;
                    let hex = std::str::from_utf8(hex).map_err(|_| GiveUp)?;
                    let b = u8::from_str_radix(hex, 16).map_err(|_| GiveUp)?;
                    if b >= 0x80 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(GiveUp);
                    }
                    self.i += 2;
                    char::from(b)
                }
                b'u' => {
                    let body = self.s.get(self.i + 1..).ok_or(GiveUp)?;
                    if body.first() != Some(&b'{') {
                        return Err(GiveUp);
                    }
                    let digits = body[1..]
                        .iter()
                        .take_while(|b| b.is_ascii_hexdigit())
                        .count();
                    if digits == 0 || digits > 6 || body.get(1 + digits) != Some(&b'}') {
                        return Err(GiveUp);
                    }
                    let hex = std::str::from_utf8(&body[1..1 + digits]).map_err(|_| GiveUp)?;
                    let n = u32::from_str_radix(hex, 16).map_err(|_| GiveUp)?;
                    self.i += digits + 2;
                    char::from_u32(n).ok_or(GiveUp)?
                }
                // A line continuation, or an escape RON does not know.
                _ => return Err(GiveUp),
            };
            self.i += 1;
            out.push(ch);
        }
    }

    /// A count: plain digits that fit in 32 bits.
    fn count(&mut self) -> Res<u32> {
        let digits = self.s[self.i..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 9 || (digits > 1 && self.s[self.i] == b'0') {
            return Err(GiveUp);
        }
        let n = self.text[self.i..self.i + digits]
            .parse()
            .map_err(|_| GiveUp)?;
        self.i += digits;
        // What follows a number must end it: `4.5`, `4_0`, `4u8`, `4e3` are not counts.
        match self.peek() {
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C' | b',' | b'}' | b'/') => Ok(n),
            _ => Err(GiveUp),
        }
    }

    /// Skips one value of any shape up to the `,` or `)` that ends it, minding strings,
    /// raw strings and comments. Characters, byte strings and raw identifiers are left to
    /// the general reader.
    fn skip_value(&mut self) -> Res<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(GiveUp);
            };
            match b {
                b'"' => {
                    self.i += 1;
                    self.skip_quoted()?;
                }
                b'(' | b'[' | b'{' => {
                    open.push(match b {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    });
                    self.i += 1;
                }
                b')' | b']' | b'}' => {
                    if open.is_empty() {
                        return if b == b')' { Ok(()) } else { Err(GiveUp) };
                    }
                    if open.pop() != Some(b) {
                        return Err(GiveUp);
                    }
                    self.i += 1;
                    if open.is_empty() {
                        return Ok(());
                    }
                }
                b',' if open.is_empty() => return Ok(()),
                b'/' | b' ' | b'\t' | b'\n' | b'\r' => self.ws()?,
                b'\'' | b'#' => return Err(GiveUp),
                b'r' | b'b' if matches!(self.s.get(self.i + 1), Some(b'"' | b'#' | b'\'')) => {
                    if b == b'b' {
                        return Err(GiveUp);
                    }
                    self.string()?;
                }
                b if b.is_ascii_alphanumeric() || b == b'_' => {
                    while self
                        .peek()
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        self.i += 1;
                    }
                }
                b if b >= 0x80 => return Err(GiveUp),
                _ => self.i += 1,
            }
        }
    }

    fn skip_quoted(&mut self) -> Res<()> {
        loop {
            let rest = &self.s[self.i..];
            let end = memchr::memchr2(b'"', b'\\', rest).ok_or(GiveUp)?;
            self.i += end + 1;
            if rest[end] == b'"' {
                return Ok(());
            }
            // An escape: its first character is never the end of the string.
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests;
