/// mimalloc instead of the system allocator: the analysis allocates many small
/// strings and vectors per line and per quote, and glibc's `malloc`/`free` took
/// about a sixth of the CPU of a bulk pass (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let server = std::env::args_os().nth(1).is_some_and(|a| a == "lsp");
    configure_allocator(if server { 0 } else { BATCH_PURGE_DELAY_MS });
    std::process::exit(newsdesk::cli::main());
}

extern "C" {
    /// mimalloc's option setter (`mimalloc.h`).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    /// mimalloc's option getter (`mimalloc.h`).
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_t`).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// How long the batch commands (`check`, `analyze`, …) let mimalloc keep freed
/// memory before giving it back to the system. Each return makes the kernel
/// interrupt the other core to flush its address translations; at once (as the
/// server does) that was a fifth of `check`'s time from the index cache over
/// 100,000 reports (10.5–10.7 s against 8.2–8.6 s with 100 ms, for 10–15 MB
/// more at the peak; docs/performance.md).
const BATCH_PURGE_DELAY_MS: std::ffi::c_long = 100;

/// Two settings that keep mimalloc's resident memory near what is in use (both
/// measured at 100,000 reports in docs/performance.md):
/// * freed memory goes back to the system after `purge_delay_ms`: by default
///   mimalloc keeps it for up to ten seconds, which put the server's peak 20 MiB
///   over the memory budget (747 MiB against 727; 689 MiB with no delay, which
///   is what the server uses). It is read at every purge, so setting it here
///   takes effect;
/// * no transparent huge pages: mimalloc asks for them on the memory it
///   reserves, and each first touch then makes 2 MB resident instead of 4 KB
///   (about 50 MiB more at the peak of `check` over 10,000 and 100,000
///   reports). This is a setting of the process, as mimalloc reads its own
///   options before `main`.
fn configure_allocator(purge_delay_ms: std::ffi::c_long) {
    // SAFETY: mi_option_set only stores an option value, and prctl only sets a
    // flag of this process; both run before any thread is started.
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, purge_delay_ms);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option's index is written by hand: a mimalloc whose option list moved
    /// would have it set another option. Its default (1000 ms in the mimalloc
    /// the crate builds, v3) is no other option's.
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // SAFETY: mi_option_get only reads an option value.
        let get = || unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(
            get(),
            1000,
            "not the purge delay (or MIMALLOC_PURGE_DELAY is set)"
        );
        configure_allocator(0);
        assert_eq!(get(), 0);
        configure_allocator(BATCH_PURGE_DELAY_MS);
        assert_eq!(get(), BATCH_PURGE_DELAY_MS);
    }
}
