fn main() {
    limit_malloc_arenas();
    std::process::exit(newsdesk::cli::main());
}

/// glibc gives every thread that allocates its own arena (up to eight per core);
/// the server's many short-lived blocking threads then keep freed memory in a
/// dozen arenas. Two arenas hold the corpus as well and keep the peak lower (see
/// docs/performance.md).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any
    // thread is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
