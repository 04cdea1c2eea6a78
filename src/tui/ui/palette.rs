//! The colours the screens use, from the Okabe–Ito palette so that they stay apart for
//! colour-blind readers. Colour is never the only carrier of meaning: changes carry a sign,
//! errors say "error" or ✗, warnings ⚠, and `NO_COLOR` turns colour off altogether.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

/// More pay or more cost (a sign `+` always comes with it).
pub const UP: Color = Color::Rgb(230, 159, 0);
/// Less pay or less cost (a sign `-` always comes with it).
pub const DOWN: Color = Color::Rgb(86, 180, 233);
/// Errors and refusals (the text says so too).
pub const ERROR: Color = Color::Rgb(213, 94, 0);
/// Done, all clear.
pub const OK: Color = Color::Rgb(0, 158, 115);

/// True when the environment asks for no colour (<https://no-color.org>: `NO_COLOR` set
/// to anything but the empty string).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Removes every colour from a drawn frame, keeping bold, underline and reverse (the
/// selection stays visible through its marker and bold text).
pub fn strip_colours(buf: &mut Buffer) {
    for cell in &mut buf.content {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}
