use std::process::ExitCode;

fn main() -> ExitCode {
    cscomp_tui::cli::main()
}
