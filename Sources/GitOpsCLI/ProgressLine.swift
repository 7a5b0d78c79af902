import Foundation
import Reconcile
#if canImport(Glibc)
import Glibc
#endif

/// One line of progress on standard error, redrawn in place as git redraws
/// `Receiving objects`: every environment's step side by side
/// (`dev: applying 120/1222 · prod: planning`), cleared when the work ends.
/// Only a terminal gets it; a pipe or a file stays quiet, as do `--output json`
/// and `GIT_OPS_NO_PROGRESS`.
final class ProgressLine: @unchecked Sendable {
    // @unchecked Sendable: every field is read and written under `lock`.
    private let lock = NSLock()
    private var steps: [(environment: String, words: String)] = []
    private var shown = false
    private var lastDrawn = ContinuousClock.now - .seconds(1)

    /// A progress line when standard error is a terminal and progress is wanted; `nil` otherwise.
    static func forTerminal(enabled: Bool) -> ProgressLine? {
        guard enabled, isatty(2) == 1, ProcessInfo.processInfo.environment["GIT_OPS_NO_PROGRESS"] == nil else { return nil }
        return ProgressLine()
    }

    /// The handler a sync reports to.
    var handler: SyncProgressHandler {
        { [self] environment, step in update(environment, step.words) }
    }

    func update(_ environment: String, _ words: String) {
        lock.lock()
        defer { lock.unlock() }
        if let index = steps.firstIndex(where: { $0.environment == environment }) {
            steps[index].words = words
        } else {
            steps.append((environment, words))
        }
        // At most ten redraws a second: a terminal need not see every apply.
        let now = ContinuousClock.now
        guard now - lastDrawn >= .milliseconds(100) else { return }
        lastDrawn = now
        let text = steps.map { "\($0.environment): \($0.words)" }.joined(separator: " · ")
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    /// Clears the line, so what is printed next starts on a clean one.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
