fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let s = cscomp_tui::scenario::generate::generate(10_000);
    let inputs = cscomp_tui::engine::eval::TeamInputs::new(&s);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(cscomp_tui::engine::eval::evaluate_with(
            &s,
            &inputs,
            s.assumptions.attainment_scale,
        ));
    }
    eprintln!("{:?}", t.elapsed() / n.max(1));
}
