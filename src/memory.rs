//! How the process's memory allocator treats the analysis' large buffers.
//!
//! An hour at 100 Hz is a few dozen buffers of about 3 MB each (raw streams,
//! the grid, filtered copies), most of them short-lived. glibc's malloc serves
//! such blocks with `mmap` and gives them back to the kernel when they are
//! freed, so the next one is mapped again and every page of it faults and is
//! zeroed by the kernel (≈ 1 µs a page: ≈ 8 k faults an hour of data). Kept in
//! malloc's heap instead, a freed buffer's memory is reused by the next one.

/// Glibc's largest `M_MMAP_THRESHOLD` (32 MiB on 64-bit): blocks up to this
/// size come from the heap.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_BLOCK_MAX: i32 = 32 << 20;

/// Free memory at the top of the heap beyond which malloc returns it to the
/// kernel (its default is 128 KiB, raised dynamically): a few windows' worth,
/// so a long file's windows reuse the memory of the ones before.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_TRIM_THRESHOLD: i32 = 256 << 20;

/// Asks the allocator to reuse freed large buffers instead of returning them to
/// the kernel (glibc on Linux; elsewhere nothing changes). Call once at start,
/// before any thread is spawned. Results do not depend on it, only the number of
/// page faults (kernel time) does.
pub fn reuse_freed_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // <malloc.h>: M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3.
        const M_TRIM_THRESHOLD: i32 = -1;
        const M_MMAP_THRESHOLD: i32 = -3;
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        // SAFETY: mallopt only sets two of malloc's tuning parameters (valid
        // values, documented in mallopt(3)); it takes malloc's own lock and
        // touches no memory of ours. A refusal (return 0) leaves the defaults.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, HEAP_BLOCK_MAX);
            mallopt(M_TRIM_THRESHOLD, HEAP_TRIM_THRESHOLD);
        }
    }
}
