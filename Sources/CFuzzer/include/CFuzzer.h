// libFuzzer's driver, for a fuzz executable that has its own main: SwiftPM
// names the entry point of every executable, so libFuzzer's main cannot be
// used. Linked only into builds made with -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
