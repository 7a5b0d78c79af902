// Parse + emit throughput of the Manifests YAML codec on one large file.
// Usage: yaml-bench FILE [ROUNDS]. Prints MB/s for parse, emit, and both.
import FileTree
import Manifests
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: yaml-bench FILE [ROUNDS]")
    exit(64)
}
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let directory = DirectoryTree.currentDirectory() ?? "/"
let absolute = arguments[1].hasPrefix("/") ? arguments[1] : directory + "/" + arguments[1]
let bytes: [UInt8]
do {
    bytes = try DirectoryTree(root: "/").readFile(String(absolute.drop { $0 == "/" }))
} catch {
    print("yaml-bench: \(error)")
    exit(1)
}
let megabytes = Double(bytes.count) / 1_000_000

var bestParse = Double.infinity
var bestEmit = Double.infinity
var documents = 0
var emitted = 0
for _ in 0..<rounds {
    let start = now()
    let nodes: [Node]
    var emitter = YAMLEmitter()
    let parsed: Double
    do {
        nodes = try YAMLParser(source: arguments[1]).parse(bytes).filter { !$0.isNull }
        parsed = now()
        for node in nodes {
            try emitter.emitDocument(node)
        }
    } catch {
        print("yaml-bench: \(error)")
        exit(1)
    }
    let done = now()
    documents = nodes.count
    emitted = emitter.output.count
    bestParse = min(bestParse, parsed - start)
    bestEmit = min(bestEmit, done - parsed)
}
func rate(_ seconds: Double) -> String {
    String(Int((megabytes / seconds).rounded()))
}
print("input: \(bytes.count) bytes, \(documents) documents; output \(emitted) bytes; best of \(rounds)")
print("parse:        \(rate(bestParse)) MB/s (\(bestParse) s)")
print("emit:         \(rate(bestEmit)) MB/s (\(bestEmit) s)")
print("parse + emit: \(rate(bestParse + bestEmit)) MB/s (\(bestParse + bestEmit) s)")
