/// mimalloc instead of the system allocator: the analysis allocates many small
/// strings and vectors per line and per quote, and glibc's `malloc`/`free` took
/// about a sixth of the CPU of a bulk pass (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    no_huge_pages();
    std::process::exit(newsdesk::cli::main());
}

/// mimalloc asks the kernel for transparent huge pages on the memory it
/// reserves; each first touch then makes 2 MB resident instead of 4 KB, which
/// raised the peak resident memory of a bulk pass by 15–70 MB
/// (docs/performance.md), memory the budget of a large corpus does not have.
/// The setting is the process's (mimalloc reads its own options before `main`).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
