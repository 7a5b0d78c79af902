import GitOpsCLI
#if canImport(Glibc)
import Glibc
#endif

// The whole program is the library's entry point; this file only forwards argv and the exit status.
// Lines that need no tasks run before the first await, so the concurrency runtime never starts for them.
if let status = EntryPoint.runImmediately(CommandLine.arguments) {
    exit(status)
}
let status = await EntryPoint.run(CommandLine.arguments)
exit(status)
