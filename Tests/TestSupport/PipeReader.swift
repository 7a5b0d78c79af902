import Foundation

/// Reads a pipe to its end on a thread of its own, so that a child writing much to one
/// pipe (standard error) cannot block while its parent reads the other to its end.
package final class PipeReader: @unchecked Sendable {
    // `data` is written by the reader thread before `done` is signalled and read only after it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    package init(_ pipe: Pipe) {
        let thread = Thread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    package func finish() -> Data {
        done.wait()
        return data
    }
}
