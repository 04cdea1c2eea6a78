//! The interactive app (placeholder until the TUI lands).

/// Opens the app on `file` or the bundled sample.
pub fn run(file: Option<&str>) -> Result<(), String> {
    let scn = match file {
        Some(f) => crate::scenario::load(std::path::Path::new(f)).map_err(|e| e.to_string())?,
        None => crate::scenario::sample(),
    };
    let c = crate::engine::compute(&scn).map_err(|_| "invalid scenario".to_string())?;
    println!("(The interactive app is coming; here is the scenario's table.)\n");
    print!("{}", crate::report::table(&scn, &c));
    Ok(())
}
