//! The `newsindex` command: a thin entry point over `newsindex-cli`.

// mimalloc instead of glibc's malloc: glibc keeps the tantivy writer's freed 1 MiB arena
// pages in its heap (a freed mapping raises its mmap threshold) and keeps memory freed by one
// thread in that thread's arena, so `index --full` peaked at the linker's state plus the
// writer's budget plus what the writer had freed; mimalloc hands freed pages back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(newsindex_cli::main());
}
