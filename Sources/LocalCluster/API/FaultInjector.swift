import Manifests

/// Failures injected on purpose for reliability tests: error answers, latency, dropped connections
/// and a full disk.
///
/// Off unless configured. The spec reads like `errors=0.2,codes=500|503|429,latency=50ms,drop=0.05`
/// (flag `--faults` or `GIT_OPS_CLUSTER_FAULTS`). Health endpoints are never touched, so
/// readiness checks still work. `space=64k` lets the database grow by that much only, after
/// which commits fail as they do on a full disk (SQLite's `max_page_count`).
package struct FaultInjector: Sendable, Equatable {
    /// Share of requests (0...1) answered with one of `codes`.
    package var errorRate: Double = 0
    /// The status codes an injected error is drawn from.
    package var codes: [Int] = [500, 503, 429]
    /// Share of requests whose connection is closed without an answer.
    package var dropRate: Double = 0
    /// Delay added before every request.
    package var latency: Duration = .zero
    /// How many bytes the database may grow by before commits fail as on a full disk.
    package var databaseSpace: Int?

    /// No faults.
    package init() {}

    /// Parses the spec; throws a message naming the bad part.
    package init(spec: String) throws {
        for part in spec.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard pair.count == 2 else { throw FaultSpecError(message: "expected key=value in '\(part)'") }
            switch pair[0] {
            case "errors", "rate":
                guard let rate = Double(pair[1]), (0...1).contains(rate) else { throw FaultSpecError(message: "'\(pair[1])' is not a share between 0 and 1") }
                errorRate = rate
            case "drop":
                guard let rate = Double(pair[1]), (0...1).contains(rate) else { throw FaultSpecError(message: "'\(pair[1])' is not a share between 0 and 1") }
                dropRate = rate
            case "codes":
                let values = pair[1].split(separator: "|").compactMap { Int($0) }
                guard !values.isEmpty, values.allSatisfy({ [429, 500, 503].contains($0) }) else {
                    throw FaultSpecError(message: "codes must be among 500|503|429")
                }
                codes = values
            case "space":
                guard let bytes = Self.size(pair[1]) else { throw FaultSpecError(message: "'\(pair[1])' is not a size like 64k or 1m") }
                databaseSpace = bytes
            case "latency":
                guard let duration = Self.duration(pair[1]) else { throw FaultSpecError(message: "'\(pair[1])' is not a duration like 50ms or 1s") }
                latency = duration
            default:
                throw FaultSpecError(message: "unknown fault '\(pair[0])' (known: errors, codes, drop, latency, space)")
            }
        }
    }

    /// True when any fault of requests is configured.
    package var isActive: Bool { errorRate > 0 || dropRate > 0 || latency > .zero }

    /// The longest duration `duration(_:)` reads: a day.
    package static let longestDuration: Duration = .seconds(86_400)

    /// Reads a Go duration (`50ms`, `2s`, `1.5s`, `1m30s`: the package's one
    /// parser, `GoDuration`) from zero to a day; anything else (negative, too
    /// long, not a duration) is not one. Annotations of objects are read with
    /// it too, so no text may trap.
    package static func duration(_ text: String) -> Duration? {
        guard let duration = GoDuration.duration(text), duration >= .zero, duration <= longestDuration else { return nil }
        return duration
    }

    /// Reads `4096`, `64k` or `1m` as bytes.
    static func size(_ text: String) -> Int? {
        let units: [Character: Int] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        if let last = text.last, let unit = units[last] { return Int(text.dropLast()).flatMap { $0 >= 0 ? $0 * unit : nil } }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// A failure to answer `request` with instead of serving it, if one is drawn.
    func intercept(_ request: HTTPRequest) async -> HTTPResponse? {
        guard isActive, !["/healthz", "/readyz", "/livez"].contains(request.path) else { return nil }
        if latency > .zero { try? await Task.sleep(for: latency) }
        if dropRate > 0, Double.random(in: 0..<1) < dropRate {
            return HTTPResponse(status: 500, body: .drop)
        }
        guard errorRate > 0, Double.random(in: 0..<1) < errorRate, let code = codes.randomElement() else { return nil }
        var error: APIError
        switch code {
        case 429:
            error = APIError(code: 429, reason: "TooManyRequests", message: "the server has received too many requests and has asked us to try again later",
                             details: .mapping(Mapping(["retryAfterSeconds": .int(1)])))
            error.headers = [("Retry-After", "1")]
        case 503:
            error = APIError(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request")
            error.headers = [("Retry-After", "1")]
        default:
            error = APIError.internalError("injected fault")
        }
        return ClusterAPI.failure(error)
    }
}

/// A fault spec that does not parse.
package struct FaultSpecError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the spec.
    package var message: String
    /// The message as printed.
    package var description: String { "invalid fault spec: \(message)" }
}
