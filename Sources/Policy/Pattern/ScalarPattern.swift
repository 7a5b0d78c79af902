import Foundation
import Manifests

/// A pattern's leaf against one value of the object (`pattern.Validate`):
/// bools and numbers must be equal, `null` matches an empty value, and a
/// string is an expression: `|` ors, `&` ands, each part an operator
/// (`>=` `<=` `>` `<` `!`), a range (`1-10`, `1!-10`) or a wildcard equality,
/// comparing Go durations first, then quantities, then strings.
enum ScalarPattern {
    /// True when `value` (an object's value, `nil` when absent) matches `pattern`.
    static func matches(_ value: Node?, _ pattern: Node) -> Bool {
        switch pattern {
        case .mapping: return value?.mapping != nil
        case .sequence: return false
        case .scalar: break
        }
        let value = Atom(value: value)
        switch Atom(pattern: pattern) {
        case .bool(let expected):
            if case .bool(let actual) = value { return actual == expected }
            return false
        case .float(let expected):
            switch value {
            case .int(let actual): return expected == expected.rounded(.towardZero) && Double(actual) == expected
            case .float(let actual): return actual == expected
            case .string(let text): return goParseFloat(text).map { $0 == expected } ?? false
            default: return false
            }
        case .int(let expected):
            // Patterns hold floats; kept for completeness.
            if case .int(let actual) = value { return actual == expected }
            return false
        case .null:
            switch value {
            case .float(let number): return number == 0
            case .int(let number): return number == 0
            case .string(let text): return text.isEmpty
            case .bool(let flag): return !flag
            case .null: return true
            case .map, .list: return false
            }
        case .string(let expression):
            return matches(value, expression: expression)
        case .map, .list:
            return false
        }
    }

    /// The string pattern `expression` against `value`.
    static func matches(_ value: Atom, expression: String) -> Bool {
        if case .string(let text) = value, text == expression { return true }
        for alternative in expression.split(separator: "|", omittingEmptySubsequences: false) {
            let all = alternative.trimmingSpaces().split(separator: "&", omittingEmptySubsequences: false)
            if all.allSatisfy({ matches(value, condition: String($0.trimmingSpaces())) }) { return true }
        }
        return false
    }

    enum Operator: String {
        case equal = ""
        case moreEqual = ">="
        case lessEqual = "<="
        case notEqual = "!"
        case more = ">"
        case less = "<"
        case inRange = "-"
        case notInRange = "!-"
    }

    /// The operator a condition starts with, as `operator.GetOperatorFromStringPattern` reads it.
    static func operatorOf(_ condition: String) -> Operator {
        guard condition.utf8.count >= 2 else { return .equal }
        for candidate in [Operator.moreEqual, .lessEqual, .more, .less, .notEqual] where condition.hasPrefix(candidate.rawValue) {
            return candidate
        }
        if range(condition, separator: "!-") != nil { return .notInRange }
        if range(condition, separator: "-") != nil { return .inRange }
        return .equal
    }

    /// The two ends of `a-b` (or `a!-b`): each an optional sign (`-`, `+` or
    /// `|`), digits, an optional fraction and letters, as Kyverno's range regex reads them.
    static func range(_ condition: String, separator: String) -> (String, String)? {
        let bytes = Array(condition.utf8)
        func end(from start: Int) -> Int? {
            var index = start
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "|") {
                index += 1
            }
            let digitsStart = index
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index > digitsStart else { return nil }
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39 {
                index += 1
                while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            }
            while index < bytes.count, (bytes[index] | 0x20) >= 0x61 && (bytes[index] | 0x20) <= 0x7A { index += 1 }
            return index
        }
        guard let leftEnd = end(from: 0) else { return nil }
        let separatorBytes = Array(separator.utf8)
        guard bytes.count >= leftEnd + separatorBytes.count,
              Array(bytes[leftEnd..<leftEnd + separatorBytes.count]) == separatorBytes else { return nil }
        let rightStart = leftEnd + separatorBytes.count
        guard let rightEnd = end(from: rightStart), rightEnd == bytes.count else { return nil }
        return (String(decoding: bytes[..<leftEnd], as: UTF8.self), String(decoding: bytes[rightStart...], as: UTF8.self))
    }

    /// One condition (no `|` or `&`) against `value`.
    static func matches(_ value: Atom, condition: String) -> Bool {
        let op = operatorOf(condition)
        switch op {
        case .inRange:
            guard let (low, high) = range(condition, separator: "-") else { return false }
            return matches(value, condition: ">= \(low)") && matches(value, condition: "<= \(high)")
        case .notInRange:
            guard let (low, high) = range(condition, separator: "!-") else { return false }
            return matches(value, condition: "< \(low)") || matches(value, condition: "> \(high)")
        default:
            let operand = String(condition.dropFirst(op.rawValue.count)).trimmingCharacters(in: .whitespacesAndNewlines)
            return compare(value, operand, op)
        }
    }

    /// Durations when both sides are Go durations, else quantities when both
    /// are quantities, else strings (wildcards for `=` and `!`, never for `<` `>`).
    static func compare(_ value: Atom, _ operand: String, _ op: Operator) -> Bool {
        if let expected = GoDuration.nanoseconds(operand), let text = numberText(value), let actual = GoDuration.nanoseconds(text),
           let result = order(actual < expected ? -1 : actual > expected ? 1 : 0, op) {
            return result
        }
        if let expected = Quantity.value(operand), let text = numberText(value), let actual = Quantity.value(text),
           let result = order(actual < expected ? -1 : actual > expected ? 1 : 0, op) {
            return result
        }
        guard op == .equal || op == .notEqual else { return false }
        let text: String
        switch value {
        case .string(let string): text = string
        case .int(let number): text = String(number)
        case .float(let number): text = goExponentFormat(number)
        case .bool(let flag): text = flag ? "true" : "false"
        case .null, .map, .list: return false
        }
        let matched = Wildcard.match(operand, text)
        return op == .notEqual ? !matched : matched
    }

    /// The verdict of `op` given how the value compares (-1, 0, 1); `nil` for an operator that does not compare.
    static func order(_ comparison: Int, _ op: Operator) -> Bool? {
        switch op {
        case .equal: return comparison == 0
        case .notEqual: return comparison != 0
        case .more: return comparison > 0
        case .less: return comparison < 0
        case .moreEqual: return comparison >= 0
        case .lessEqual: return comparison <= 0
        case .inRange, .notInRange: return nil
        }
    }

    /// The value as text for a duration or quantity (`convertNumberToString`): nil is "0", floats `%f`.
    static func numberText(_ value: Atom) -> String? {
        switch value {
        case .null: return "0"
        case .string(let text): return text
        case .float(let number): return String(format: "%f", number)
        case .int(let number): return String(number)
        case .bool, .map, .list: return nil
        }
    }

    /// Go's `strconv.ParseFloat(text, 64)` for the forms manifests hold.
    static func goParseFloat(_ text: String) -> Double? {
        let trimmed = text.replacingOccurrences(of: "_", with: "")
        guard !trimmed.isEmpty, trimmed == text || !text.hasPrefix("_") else { return nil }
        switch trimmed.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return Double(trimmed)
        }
    }

    /// `strconv.FormatFloat(number, 'E', -1, 64)`: the shortest digits, `1.5E+00`, `1E+02`.
    static func goExponentFormat(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Inf" : "+Inf" }
        let shortest = "\(abs(number))"
        let parts = shortest.split(separator: "e")
        let exponentShift = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        let fraction = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = Array(whole + fraction)
        var point = whole.count + exponentShift
        while let first = digits.first, first == "0" { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == "0" { digits.removeLast() }
        let sign = number < 0 ? "-" : ""
        guard !digits.isEmpty else { return sign + "0E+00" }
        let exponent = point - 1
        let magnitude = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        let rest = digits.count > 1 ? "." + String(digits.dropFirst()) : ""
        return sign + String(digits[0]) + rest + "E" + (exponent < 0 ? "-" : "+") + magnitude
    }
}

extension StringProtocol {
    /// The text without the spaces (only ' ') at either end, as Go's `strings.Trim(s, " ")`.
    func trimmingSpaces() -> SubSequence {
        var text = self[...]
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
