//! The data folder as the app holds it: the store, the file open and what was last saved,
//! settings, autosave. Plain state, no screen: the app's file actions (`files.rs`) act on it.

use crate::scenario::paths::Paths;
use crate::scenario::recovery::Autosave;
use crate::scenario::settings::Settings;
use crate::scenario::store::{OpenedFile, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long after the last edit the working copy is autosaved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);

/// What happens after "unsaved changes: save, discard or cancel?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Quit,
    Open(PathBuf),
}

/// A scenario opened for editing: the scenario, its file, and the errors the plan editor
/// can fix that it still has (empty for a valid file).
pub type Opened = (
    crate::engine::Scenario,
    OpenedFile,
    Vec<crate::engine::Finding>,
);

/// Everything the app needs to read and write files.
pub struct Files {
    pub store: Store,
    pub paths: Paths,
    pub opened: Option<OpenedFile>,
    pub autosave: std::sync::Arc<Autosave>,
    pub settings: Settings,
    /// The ticket of the newest unsaved edit and when it happened.
    pub(super) pending: Option<(u64, Instant)>,
}

impl Files {
    pub fn new(paths: Paths, opened: Option<OpenedFile>) -> Files {
        let autosave = std::sync::Arc::new(Autosave::new(
            &paths,
            opened.as_ref().map(|o| o.path.as_path()),
        ));
        let (settings, _) = Settings::load_or_default(&paths);
        Files {
            store: Store::new(paths.clone()),
            paths,
            opened,
            autosave,
            settings,
            pending: None,
        }
    }

    /// Opens a scenario for the app: the file named, else the last one opened (if it still
    /// loads), else `None` (the app shows the sample).
    pub fn open_initial(paths: &Paths, file: Option<&Path>) -> Result<Option<Opened>, String> {
        let store = Store::new(paths.clone());
        match file {
            Some(f) => store.open_for_editing(f).map(Some).map_err(|e| {
                // `team.ron@2` names a saved version: the app opens the file itself.
                let arg = f.to_string_lossy();
                match crate::history::split_ref(&arg) {
                    Some((file, n)) if !f.exists() && Path::new(file).exists() => format!(
                        "`{arg}` is save #{n} of {file}: open {file} and press V for its saved versions (compare save #{n} there, or restore it as a new scenario with r)"
                    ),
                    _ => e.to_string(),
                }
            }),
            None => {
                let (settings, _) = Settings::load_or_default(paths);
                Ok(settings
                    .last_opened
                    .and_then(|p| store.open_for_editing(&p).ok()))
            }
        }
    }
}
