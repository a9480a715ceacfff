//! The `newsindex` command: a thin entry point over `newsindex-cli`.

fn main() {
    std::process::exit(newsindex_cli::main());
}
