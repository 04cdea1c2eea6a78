//! Listing the store: each scenario's summary (team size, cash cost), read once and cached
//! by the content's hash.

use super::*;

// ---------------------------------------------------------------------------------------
// Listing

/// What the list shows for a readable scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub name: String,
    pub team_size: usize,
    /// Team cash cost (base + variable + SPIFs) at the scenario's own assumptions.
    #[serde(with = "crate::num::serde_dec")]
    pub cash: Decimal,
    /// Cash × (1 + burden rate).
    #[serde(with = "crate::num::serde_dec")]
    pub loaded_cost: Decimal,
    pub branched_from: Option<String>,
}

/// Why a file in the folder is not a usable scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    /// One line, e.g. `line 3, column 5: Unexpected end of RON`.
    pub reason: String,
    pub position: Option<(usize, usize)>,
}

impl Broken {
    pub(super) fn from_load(e: &LoadError) -> Broken {
        Broken {
            reason: e.short(),
            position: e.position(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Status {
    Ok(Summary),
    Broken(Broken),
    /// Not summarized yet ([`Store::scan`] leaves new files so; see
    /// [`Store::summarize_pending`]).
    Pending,
}

/// One `*.ron` file in the scenarios folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    /// The file name (lossy if it is not valid Unicode).
    pub file_name: String,
    pub size: u64,
    pub modified: Option<SystemTime>,
    /// A fast hash of the bytes listed (xxh3-128; `None` when the file could not be
    /// read): the cache key of the summary.
    pub content_hash: Option<u128>,
    pub status: Status,
}

impl Entry {
    /// The file name without `.ron`.
    pub fn stem(&self) -> &str {
        self.file_name
            .strip_suffix(".ron")
            .or_else(|| self.file_name.strip_suffix(".RON"))
            .unwrap_or(&self.file_name)
    }

    /// The scenario's name, or the file's stem for a broken or pending file.
    pub fn display_name(&self) -> &str {
        match &self.status {
            Status::Ok(s) => &s.name,
            Status::Broken(_) | Status::Pending => self.stem(),
        }
    }

    pub fn summary(&self) -> Option<&Summary> {
        match &self.status {
            Status::Ok(s) => Some(s),
            _ => None,
        }
    }

    pub fn broken(&self) -> Option<&Broken> {
        match &self.status {
            Status::Broken(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self.status, Status::Pending)
    }
}

/// Files larger than this are listed as broken without being read whole.
pub const MAX_FILE_BYTES: u64 = MAX_READ_BYTES;

/// The list cache file's name, in `Paths::cache`.
pub const LIST_CACHE_FILE: &str = "list-cache.json";

/// The cache file's contents: summaries by content hash (xxh3-128, hex), for one build of
/// the app (a different build may compute differently, so its cache is ignored). A
/// summary depends only on the bytes, so the content hash is the whole key: a file edited
/// without changing its size or modification time is still summarized anew.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct CacheFile {
    pub(super) build: String,
    pub(super) entries: HashMap<String, Status>,
}

pub(super) fn build_id() -> String {
    format!("cscomp-tui {}", env!("CARGO_PKG_VERSION"))
}

/// The list cache's key for a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The summary of a file's bytes: parsed, validated and computed, or why not.
pub fn summarize(bytes: &[u8], origin: &str) -> Status {
    let scn = match parse_bytes(bytes, origin) {
        Ok(s) => s,
        Err(e) => return Status::Broken(Broken::from_load(&e)),
    };
    summary_of(scn)
}

/// The summary of a scenario that passed validation (as every loaded one has).
pub(super) fn summary_of(scn: Scenario) -> Status {
    let team = engine::evaluate(&scn).team;
    Status::Ok(Summary {
        name: scn.name,
        team_size: scn.team.len(),
        cash: team.cash,
        loaded_cost: team.loaded_cost,
        branched_from: scn.branched_from,
    })
}
