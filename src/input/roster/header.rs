//! Reading a roster's header into fields: the tool's own names, other systems' headers
//! and the user's mapping; two columns for one field and missing required fields refused.

use super::*;

/// Reads the header row into fields, or the problems with it. `uses` says what each column
/// is read as (the known headers and the user's mapping, see `crate::input::mapping`);
/// `header` names the columns in messages. Two columns that mean the same field are refused,
/// naming both; a required field no column holds is named with the closest columns of
/// `guess`.
pub(super) fn read_header(
    plan: &Plan,
    header: &csv::StringRecord,
    uses: &[Use],
    guess: &Guess,
    row: u64,
    letters: Option<&[String]>,
    formulas: &[bool],
) -> (Vec<Field>, Vec<Problem>) {
    let letter = |j: usize| letters.and_then(|l| l.get(j)).map(String::as_str);
    // How a message names column j: its letters in a workbook, its number in a CSV.
    let number = |j: usize| letter(j).map_or_else(|| (j + 1).to_string(), str::to_string);
    let comp_ids = || plan.components.iter().map(|c| c.id.as_str());
    let spif_ids = || plan.spifs.iter().map(|s| s.id.as_str());
    let mut problems = Vec::new();
    let mut fields = Vec::with_capacity(header.len());
    let mut seen: HashMap<Field, usize> = HashMap::new();
    for (j, raw) in header.iter().enumerate() {
        let h = raw.trim();
        let col = Col {
            name: h,
            letter: letter(j),
        };
        let field = match uses.get(j) {
            _ if h.is_empty() => Field::Blank,
            None | Some(Use::Ignore) => Field::Ignored,
            Some(Use::Field(f)) => match f {
                MapField::Id => Field::Id,
                MapField::Name => Field::Name,
                MapField::FirstName => Field::FirstName,
                MapField::LastName => Field::LastName,
                MapField::Level => Field::Level,
                MapField::Ote => Field::Ote,
                MapField::BookArr => Field::BookArr,
                MapField::Start => Field::Start,
                MapField::End => Field::End,
                _ => Field::Ignored,
            },
            Some(Use::Column(text)) => match text.split_once(':') {
                None => Field::Ignored,
                Some((prefix, id)) => {
                    let (prefix, id) = (fold(prefix), id.trim());
                    let (found, what) = match prefix.as_str() {
                        "target" | "actual" => (
                            or_by_name(
                                find_id(comp_ids(), id),
                                plan.components.iter().map(|c| c.name.as_str()),
                                id,
                            ),
                            "metric",
                        ),
                        "spif" => (
                            or_by_name(
                                find_id(spif_ids(), id),
                                plan.spifs.iter().map(|s| s.name.as_str()),
                                id,
                            ),
                            "SPIF",
                        ),
                        // A column computed by formulas whose header is no roster field (a
                        // workbook's own pay columns, named after metrics) is output, not
                        // input: ignored and reported as ignored. Known headers are read
                        // even when their cells are formulas (their computed values).
                        _ if formulas.get(j).copied().unwrap_or(false) => (IdMatch::None, ""),
                        _ => {
                            problems.push(Problem::header(
                                row,
                                Some(col),
                                "unknown column: a column with a `:` must start with `target:`, `actual:` or `spif:`",
                            ));
                            (IdMatch::None, "")
                        }
                    };
                    match found {
                        IdMatch::One(i) if prefix == "target" => Field::Target(i),
                        IdMatch::One(i) if prefix == "actual" => Field::Actual(i),
                        IdMatch::One(i) => Field::Spif(i),
                        IdMatch::Ambiguous(a, b) => {
                            problems.push(Problem::header(
                                row,
                                Some(col),
                                format!(
                                    "`{id}` could be the plan's {what} `{a}` or `{b}`; write the id exactly"
                                ),
                            ));
                            Field::Ignored
                        }
                        IdMatch::None if what.is_empty() => Field::Ignored,
                        IdMatch::None => {
                            let ids = if what == "SPIF" {
                                id_list(spif_ids())
                            } else {
                                id_list(comp_ids())
                            };
                            problems.push(Problem::header(
                                row,
                                Some(col),
                                format!("the plan has no {what} `{id}` (it has: {ids})"),
                            ));
                            Field::Ignored
                        }
                    }
                }
            },
        };
        if !matches!(field, Field::Ignored | Field::Blank) {
            if let Some(first) = seen.get(&field) {
                problems.push(Problem::header(
                    row,
                    Some(col),
                    format!(
                        "columns {} ({:?}) and {} ({h:?}) both mean `{}`; keep one",
                        number(*first),
                        header.get(*first).unwrap_or("").trim(),
                        number(j),
                        field_name(plan, field)
                    ),
                ));
            } else {
                seen.insert(field, j);
            }
        }
        fields.push(field);
    }
    let named = seen.contains_key(&Field::FirstName) || seen.contains_key(&Field::LastName);
    for (name, f) in REQUIRED {
        if seen.contains_key(&f) || (f == Field::Name && named) {
            continue;
        }
        let closest = guess
            .missing
            .iter()
            .find(|m| m.field.name() == name)
            .map(|m| guess.closest_text(m))
            .unwrap_or_default();
        problems.push(Problem::header(
            row,
            None,
            if closest.is_empty() {
                format!("the header has no `{name}` column, which is required")
            } else {
                format!(
                    "the header has no `{name}` column, which is required; the closest: {closest} (if one of them holds it, map it to `{name}`)"
                )
            },
        ));
    }
    (fields, problems)
}
