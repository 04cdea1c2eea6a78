//! The roster and statement commands: `import-roster`, `export-roster` and `statements`.
//!
//! Owns: reading and writing the files these commands name, and what they print. The
//! formats and texts themselves live in `crate::input::roster` and `crate::output::statements`.

use super::imports;
use super::{CliError, DocFormat};
use super::{out, outln};
use crate::engine::{self, Scenario};
use crate::input::levels::{self, LevelMap};
use crate::input::mapping::Layout;
use crate::input::roster::{self, RosterOptions, diff};
use crate::num::money;
use crate::output::statements;
use crate::scenario::import_memory::{Kind, SavedMapping};
use crate::scenario::paths::{NoHome, Paths};
use crate::scenario::{self, io_reason, store::write_atomic};
use std::path::Path;

/// Opens a scenario at a path the command line already resolved.
fn open(file: &str) -> Result<Scenario, CliError> {
    Ok(scenario::load(Path::new(file))?)
}

/// "1 CSM", "15 CSMs".
fn csms(n: usize) -> String {
    if n == 1 {
        "1 CSM".into()
    } else {
        format!("{n} CSMs")
    }
}

fn cash(scn: &Scenario, origin: &str) -> Result<rust_decimal::Decimal, CliError> {
    engine::compute(scn).map(|c| c.eval.team.cash).map_err(|p| {
        CliError(
            scenario::LoadError::Invalid {
                origin: origin.to_string(),
                problems: p,
            }
            .to_string(),
        )
    })
}

/// `"Sr. CSM" → "Senior CSM"`, or `"CSM III" → default pay mix` for a level kept as written.
fn level_text(c: &levels::LevelChange) -> String {
    if c.to == c.from {
        format!("{:?} → default pay mix", c.from)
    } else {
        format!("{:?} → {:?}", c.from, c.to)
    }
}

/// What `import-roster` was asked.
pub struct RosterImport<'a> {
    pub file: &'a Path,
    pub sheet: Option<&'a str>,
    pub into: &'a Path,
    pub dry_run: bool,
    /// `--map HEADER=FIELD`.
    pub map: &'a [String],
    /// `--map-level LEVEL=PLAN LEVEL`.
    pub map_level: &'a [String],
    /// `--forget-mapping`: do not use the mapping saved for these headers, and forget it.
    pub forget_mapping: bool,
}

/// `import-roster TEAM.csv|TEAM.xlsx --into SCENARIO [--sheet NAME] [--map H=F]…
/// [--map-level L=P]… [--forget-mapping] [--dry-run]`: replaces the scenario's team with the
/// roster, all or nothing. Levels the plan does not have are refused before anything is
/// written; a mapping given with `--map`/`--map-level` is saved for files with the same
/// headers once the import succeeds.
pub fn import(paths: &Result<Paths, NoHome>, args: &RosterImport) -> Result<(), CliError> {
    let (csv, into) = (args.file, args.into);
    let into_s = into.display().to_string();
    let mut scn = open(&into_s)?;
    let cli_map = imports::parse_map(Layout::Roster, args.map)?;
    let known = levels::known_levels(&scn.plan, &scn.team);
    let cli_levels = match &known {
        Some(k) => LevelMap::parse(args.map_level, k).map_err(|e| CliError(e.join("\n")))?,
        None if !args.map_level.is_empty() => {
            return Err(CliError(
                "--map-level: the plan has one pay mix for every level (no `level_mix`), so levels are taken as written"
                    .into(),
            ));
        }
        None => LevelMap::default(),
    };
    let mut memory = imports::Memory::load(paths);
    let table = imports::read_table(csv, args.sheet, "roster")?;
    let probe = RosterOptions {
        map: cli_map.clone(),
        levels: known.clone(),
        level_map: LevelMap::default(),
    };
    let headers = roster::roster_header(&scn.plan, &table, &probe).unwrap_or_default();
    let (saved, forgot_line) =
        memory.saved_for(Kind::Roster, &headers, args.forget_mapping, args.dry_run);
    let saved_map = saved
        .as_ref()
        .map(|s| crate::input::remembered::saved_columns(Layout::Roster, s, &headers))
        .unwrap_or_default();
    let saved_levels = match (&known, &saved) {
        (Some(k), Some(s)) => crate::input::remembered::saved_levels(s, k),
        _ => LevelMap::default(),
    };
    let opts = RosterOptions {
        map: saved_map.overlaid(&cli_map),
        levels: known,
        level_map: saved_levels.overlaid(&cli_levels),
    };
    let mut imported = roster::import_table(&scn.plan, &table, &opts).map_err(|e| {
        CliError(format!(
            "cannot import `{}` into `{into_s}`: {e}{}{}",
            csv.display(),
            imports::map_hint(e.guess.as_deref()),
            imports::level_hint(&e.unknown_levels)
        ))
    })?;
    roster::keep_periods(&scn.team, &mut imported.team, imported.employment);
    let changes = diff(&scn.plan, &scn.team, &imported.team);
    let cleared = roster::cleared(&scn.plan, &scn.team, &imported);
    let before = cash(&scn, &into_s)?;
    let old_len = scn.team.len();
    scn.team = std::mem::take(&mut imported.team);
    let after = cash(&scn, &into_s)?;
    let mut out = String::new();
    if let Some(w) = &memory.warning {
        out += &format!("Warning: {w}\n");
    }
    out += &forgot_line;
    // Only what was used of the saved mapping is named.
    let used_saved: Vec<String> = saved_map
        .entries
        .iter()
        .filter(|(h, _)| cli_map.get(h).is_none())
        .map(|(h, u)| format!("{h:?} → {}", u.label()))
        .chain(
            imported
                .level_changes
                .iter()
                .filter(|c| c.mapped && cli_levels.get(&c.from).is_none())
                .map(|c| format!("level {}", level_text(c))),
        )
        .collect();
    if !used_saved.is_empty() {
        out += &format!(
            "Used the mapping saved for files with these headers: {}. To change it, pass --map \"HEADER=FIELD\" or --map-level \"LEVEL=PLAN LEVEL\" again; --forget-mapping imports without it and forgets it.\n",
            used_saved.join(", ")
        );
    }
    out += &imports::columns_line(&imported.guess);
    if !imported.ignored_columns.is_empty() {
        out += &format!(
            "Ignored columns (not used by cscomp-tui): {}\n",
            imported.ignored_columns.join(", ")
        );
    }
    out += &imports::skipped_line(&imported.skipped_rows);
    if !imported.level_changes.is_empty() {
        let items: Vec<String> = imported
            .level_changes
            .iter()
            .map(|c| {
                let to = if c.to == c.from {
                    "the default pay mix".to_string()
                } else {
                    format!("{:?}", c.to)
                };
                format!(
                    "{:?} → {to} ({}{})",
                    c.from,
                    if c.mapped { "mapped, " } else { "" },
                    if c.rows.len() == 1 {
                        "1 row".to_string()
                    } else {
                        format!("{} rows", c.rows.len())
                    }
                )
            })
            .collect();
        out += &format!("Levels taken as the plan's: {}\n", items.join(", "));
    }
    out += &format!(
        "{} `{}` into `{into_s}`{} its team of {} with {}:\n{changes}\nTeam cash cost: {} → {}\n",
        if args.dry_run {
            "Dry run: importing"
        } else {
            "Imported"
        },
        csv.display(),
        if args.dry_run {
            " would replace"
        } else {
            ", replacing"
        },
        csms(old_len),
        csms(scn.team.len()),
        money(before),
        money(after)
    );
    for c in &cleared {
        out += &format!("Warning: {}.\n", c.message(!args.dry_run));
    }
    if args.dry_run {
        out += "Nothing was written.\n";
        out!("{out}");
        return Ok(());
    }
    out += &super::store::write_scenario(into, &scn)?;
    // Remember what the user confirmed, with what was saved before for these headers.
    let given = !cli_map.is_empty() || !cli_levels.is_empty();
    if given {
        memory.saved.remember(
            Kind::Roster,
            &headers,
            SavedMapping {
                columns: crate::input::remembered::given_entries(&imported.guess),
                // Each level as the file writes it.
                levels: imported
                    .level_changes
                    .iter()
                    .filter(|c| c.mapped)
                    .map(|c| (c.from.clone(), c.to.clone()))
                    .collect(),
                ..SavedMapping::default()
            },
        );
        let failed = memory.save("the mapping");
        if !failed.is_empty() {
            out += &failed;
        } else {
            let mut what = Vec::new();
            let columns = imports::given_text(&imported.guess);
            if !columns.is_empty() {
                what.push(columns);
            }
            let levels: Vec<String> = imported
                .level_changes
                .iter()
                .filter(|c| c.mapped)
                .map(level_text)
                .collect();
            if !levels.is_empty() {
                what.push(format!("levels {}", levels.join(", ")));
            }
            out += &format!(
                "Saved the mapping for files with these headers ({}): {}. Files with these headers import with it from now on, no flags needed.\n",
                memory.file_text(),
                what.join("; ")
            );
        }
    }
    out!("{out}");
    Ok(())
}

/// `export-roster SCENARIO [--out FILE] [--force]`: the team as roster CSV.
pub fn export(scn: Scenario, out: Option<&Path>, force: bool) -> Result<(), CliError> {
    let text = roster::export_roster(&scn.plan, &scn.team);
    let Some(out) = out else {
        out!("{text}");
        return Ok(());
    };
    if out.exists() && !force {
        return Err(CliError(format!(
            "{} already exists; pass --force to overwrite it",
            out.display()
        )));
    }
    write_atomic(out, text.as_bytes(), false).map_err(|e| {
        CliError(format!(
            "cannot write `{}`: {}",
            out.display(),
            io_reason(&e)
        ))
    })?;
    outln!("Wrote {} to {}.", csms(scn.team.len()), out.display());
    Ok(())
}

/// `statements SCENARIO --out DIR [--format html]`: one plan statement per CSM, Markdown or
/// HTML.
pub fn write_statements(scn: Scenario, dir: &Path, format: DocFormat) -> Result<(), CliError> {
    let cannot = |e: std::io::Error| {
        CliError(format!(
            "cannot write statements to `{}`: {}",
            dir.display(),
            io_reason(&e)
        ))
    };
    if dir.exists() && !dir.is_dir() {
        return Err(CliError(format!(
            "`{}` is a file; --out needs a folder",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let names = match format {
        DocFormat::Markdown => statements::file_names(&scn),
        DocFormat::Html => statements::file_names_as(&scn, "html"),
    };
    for (i, name) in names.iter().enumerate() {
        let text = match format {
            DocFormat::Markdown => statements::statement(&scn, i),
            DocFormat::Html => statements::html::statement(&scn, i),
        }
        .unwrap_or_default();
        // Replaced, never written through: a link in the folder is swapped for the new
        // file, so nothing outside the folder is touched.
        write_atomic(&dir.join(name), text.as_bytes(), false).map_err(cannot)?;
    }
    let shown = match names.as_slice() {
        [] => String::new(),
        [one] => format!(" ({one})"),
        [first, .., last] => format!(" ({first} … {last})"),
    };
    outln!(
        "Wrote {} statement{} to {}{shown}.",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        dir.display()
    );
    Ok(())
}
