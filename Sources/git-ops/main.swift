import GitOpsCLI
#if canImport(Glibc)
import Glibc
#endif

// The whole program is the library's entry point; this file only forwards argv and the exit status.
let status = await EntryPoint.run(CommandLine.arguments)
exit(status)
