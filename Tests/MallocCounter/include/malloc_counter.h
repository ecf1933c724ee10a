// Counts heap allocations made by the calling thread between start and stop, for the
// allocation tests and `make bench`. Linking this target into an executable replaces glibc's
// malloc family for the whole process (glibc supports that); every call is forwarded to glibc's
// own allocator (__libc_malloc…), and only the calling thread's measured window is counted, so
// tests running in parallel on other threads do not disturb it.
#ifndef IVR_MALLOC_COUNTER_H
#define IVR_MALLOC_COUNTER_H

#ifdef __cplusplus
extern "C" {
#endif

/// Starts counting this thread's allocations (malloc, calloc, realloc, posix_memalign,
/// aligned_alloc, memalign, valloc) from zero.
void ivr_malloc_counter_start(void);

/// Stops counting and returns the number of allocations since `ivr_malloc_counter_start`.
long ivr_malloc_counter_stop(void);

/// Bytes the whole process holds from malloc right now (glibc's mallinfo2: in-use chunks of
/// every arena plus mmapped blocks), for the memory benchmark.
long ivr_heap_in_use_bytes(void);

#ifdef __cplusplus
}
#endif

#endif
