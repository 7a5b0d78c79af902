#if canImport(Glibc)
import Glibc
#endif
#if FUZZING
import CFuzzer
#endif

/// The target this process fuzzes, named by `GIT_OPS_FUZZ_TARGET`; read once.
let selectedTarget: FuzzTarget = {
    let name = getenv("GIT_OPS_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        report("git-ops-fuzz: set GIT_OPS_FUZZ_TARGET to one of: \(names)")
        exit(64)
    }
    return target
}()

/// Writes a line to standard error.
func report(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Runs one input through the selected target; libFuzzer calls it for every input.
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

@main
enum FuzzMain {
    static func main() {
        #if FUZZING
        // Built with -sanitize=fuzzer: libFuzzer's driver takes the command line
        // (corpus directories, -max_total_time=...) and calls back for each input.
        _ = selectedTarget
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in testOneInput(data, size) })
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// Without the fuzzer: runs the files named on the command line through the
    /// target, as a regression check of a corpus or of one crashing input.
    static func replay(_ paths: [String]) {
        for path in paths {
            guard let file = fopen(path, "rb") else {
                report("git-ops-fuzz: cannot open '\(path)': \(String(cString: strerror(errno)))")
                exit(66)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                if count <= 0 { break }
                bytes.append(contentsOf: buffer[..<count])
            }
            fclose(file)
            bytes.withUnsafeBufferPointer { _ = testOneInput($0.baseAddress, $0.count) }
        }
        print("\(selectedTarget.rawValue): \(paths.count) inputs ran")
    }
}
