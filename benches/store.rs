//! Speed target of the scenario store: listing a folder of 1,000 saved
//! scenarios (15 CSMs each) in under 300 ms, cold (no cache) and warm (cached summaries).
//! "Cold" is measured twice: every figure computed (what `cscomp-tui list` does the first
//! time it sees 1,000 files written by another program), and what a browser needs to
//! appear (every file listed, the first screen of 40 rows summarized, the rest pending).

use criterion::{Criterion, criterion_group, criterion_main};
use cscomp_tui::scenario::paths::{Origin, Paths};
use cscomp_tui::scenario::store::Store;
use cscomp_tui::scenario::{sample, to_ron};
use rust_decimal::Decimal;
use std::time::Duration;

/// A folder of `n` variants of the sample: different names and variable shares, so every
/// file has different bytes (and the cache cannot share summaries between them).
fn folder(n: usize) -> (tempfile::TempDir, Paths) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::under(dir.path(), Origin::Flag);
    std::fs::create_dir_all(&paths.scenarios).expect("scenarios folder");
    for i in 0..n {
        let mut s = sample();
        s.name = format!("Variant {i:04}");
        s.plan.mix.variable_share = Decimal::new(15 + (i % 20) as i64, 2);
        std::fs::write(
            paths.scenarios.join(format!("variant-{i:04}.ron")),
            to_ron(&s),
        )
        .expect("write");
    }
    (dir, paths)
}

fn benches(c: &mut Criterion) {
    let (_dir, paths) = folder(1_000);
    let mut g = c.benchmark_group("store");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("list 1000 scenarios cold (no cache)", |b| {
        let store = Store::new(paths.clone());
        b.iter(|| {
            store.clear_cache();
            let l = store.list().expect("list");
            assert_eq!(l.len(), 1_000);
            l
        })
    });
    g.bench_function("open browser on 1000 cold (scan + first 40 rows)", |b| {
        let store = Store::new(paths.clone());
        b.iter(|| {
            store.clear_cache();
            let mut l = store.scan().expect("scan");
            store.summarize_pending(&mut l[..40]);
            assert_eq!(l.len(), 1_000);
            l
        })
    });
    g.bench_function("list 1000 scenarios warm (cache file, new process)", |b| {
        Store::new(paths.clone()).list().expect("fill the cache");
        b.iter(|| {
            let l = Store::new(paths.clone()).list().expect("list");
            assert_eq!(l.len(), 1_000);
            l
        })
    });
    g.bench_function("list 1000 scenarios warm (in memory)", |b| {
        let store = Store::new(paths.clone());
        store.list().expect("fill the cache");
        b.iter(|| {
            let l = store.list().expect("list");
            assert_eq!(l.len(), 1_000);
            l
        })
    });
    g.finish();
}

criterion_group!(store, benches);
criterion_main!(store);
