//! The `newsindex` command: a thin entry point over `newsindex-cli`.

fn main() {
    allocator::fix_mmap_threshold();
    std::process::exit(newsindex_cli::main());
}

/// The process's allocator setting: the one place in the workspace with unsafe code (every
/// library crate forbids it; a library must not change the allocator of a host process).
mod allocator {
    /// glibc's initial mmap threshold: allocations from this size up are mapped on their own
    /// and go back to the system when freed.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

    /// Fixes glibc's mmap threshold at its initial value, unless the user set one
    /// (`MALLOC_MMAP_THRESHOLD_`). glibc raises the threshold each time a mapped block is
    /// freed (up to 32 MiB), after which the index writer's 1 MiB arena pages and the
    /// build's tables come from the heap and stay in the process once freed: at a million
    /// articles `index --full` peaked 430 MiB higher (BENCHMARKS.md, "The build's memory at
    /// a million articles"). Setting the threshold turns that adjustment off.
    pub fn fix_mmap_threshold() {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            // SAFETY: `mallopt` only sets a parameter of the allocator, and runs here before
            // any other thread exists; a refused value (return 0) leaves glibc's default.
            #[allow(unsafe_code)]
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            }
        }
    }
}
