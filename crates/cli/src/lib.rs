//! The newsindex command line: clap commands that print text, JSON or CSV.

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    0
}
