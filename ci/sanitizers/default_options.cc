// Why: sanitizer options compiled into every executable of a CUJO_ASAN or CUJO_TSAN build, so a
// report fails whatever ran the program (ctest, a test that spawns cujo, a person) without
// relying on an environment that a caller may not pass on. The *_OPTIONS environment variables
// still override these. Exit code 66 for every report: cujo's own exit codes are 0-3, so a
// sanitized cujo that reports cannot pass for a verdict.

extern "C" {

// Sanitizer runtimes call these once at start-up; weak in the runtime, so ours win.
// intercept_tls_get_addr=0: GCC 12's LeakSanitizer guesses glibc's dynamic-TLS layout from an
// address and sometimes guesses wrong for the TLS of dlopen'ed modules (ImageMagick's coders),
// then crashes at exit scanning a bogus range ("Tracer caught signal 11",
// google/sanitizers#1322). Without it those blocks are not scanned for pointers: a possible
// false leak report, never a missed one.
const char* __asan_default_options() {
  return "detect_leaks=1:halt_on_error=1:exitcode=66:check_initialization_order=1:"
         "strict_init_order=1:detect_stack_use_after_return=1:intercept_tls_get_addr=0";
}

const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:report_error_type=1:exitcode=66";
}

const char* __lsan_default_options() { return "exitcode=66"; }

const char* __tsan_default_options() {
  return "halt_on_error=1:exitcode=66:second_deadlock_stack=1:suppressions=" CUJO_TSAN_SUPPRESSIONS;
}

}  // extern "C"
