/// The characters of a string as the libyaml emitter walks them: UTF-8
/// sequences, each one column wide.
struct UTF8Characters {
    struct Character {
        var bytes: ArraySlice<UInt8>
        var first: UInt8 { bytes[bytes.startIndex] }

        var scalarValue: UInt32 {
            let lead = bytes[bytes.startIndex]
            var value: UInt32
            switch bytes.count {
            case 1: return UInt32(lead)
            case 2: value = UInt32(lead & 0x1F)
            case 3: value = UInt32(lead & 0x0F)
            default: value = UInt32(lead & 0x07)
            }
            for byte in bytes.dropFirst() { value = (value << 6) | UInt32(byte & 0x3F) }
            return value
        }

        /// A space (not a tab: libyaml's `IS_SPACE`).
        var isSpace: Bool { bytes.count == 1 && first == UInt8(ascii: " ") }

        /// CR, LF, NEL, LS or PS.
        var isBreak: Bool {
            switch bytes.count {
            case 1: return first == 0x0A || first == 0x0D
            case 2: return first == 0xC2 && bytes[bytes.startIndex + 1] == 0x85
            case 3:
                return first == 0xE2 && bytes[bytes.startIndex + 1] == 0x80
                    && (bytes[bytes.startIndex + 2] == 0xA8 || bytes[bytes.startIndex + 2] == 0xA9)
            default: return false
            }
        }

        /// A blank: space, tab or break.
        var isBlank: Bool { isSpace || (bytes.count == 1 && first == 0x09) || isBreak }

        /// libyaml's `IS_PRINTABLE` (four-byte characters are not).
        var isPrintable: Bool {
            let b = bytes
            let i = b.startIndex
            switch b.count {
            case 1: return b[i] == 0x0A || (b[i] >= 0x20 && b[i] <= 0x7E)
            case 2: return (b[i] == 0xC2 && b[i + 1] >= 0xA0) || b[i] > 0xC2
            case 3:
                if b[i] < 0xED { return true }
                if b[i] == 0xED { return b[i + 1] < 0xA0 }
                if b[i] == 0xEE { return true }
                if b[i] == 0xEF {
                    return !(b[i + 1] == 0xBB && b[i + 2] == 0xBF) && !(b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF))
                }
                return false
            default: return false
            }
        }
    }

    let bytes: [UInt8]
    /// Start offset of every character, plus the end.
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count + 1)
        var index = 0
        while index < bytes.count {
            starts.append(index)
            let lead = bytes[index]
            let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            index += width
        }
        starts.append(bytes.count)
        self.starts = starts
    }

    var count: Int { starts.count - 1 }

    var first: Character? { count > 0 ? self[0] : nil }

    subscript(index: Int) -> Character {
        Character(bytes: bytes[starts[index]..<starts[index + 1]])
    }

    func isSpace(at index: Int) -> Bool {
        index < count && self[index].isSpace
    }

    func isBlankOrEnd(at index: Int) -> Bool {
        index >= count || self[index].isBlank
    }
}

/// What the libyaml emitter's `analyze_scalar` finds out about a string:
/// which styles may carry it unchanged. Walks the UTF-8 bytes once, a
/// character (one to four bytes) at a time.
struct ScalarAnalysis {
    var multiline = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true

    init(_ text: String) {
        self = text.withUTF8Bytes { ScalarAnalysis(bytes: $0) }
    }

    static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// libyaml's `IS_BLANKZ` at `index`: space, tab, a break, or the end.
    static func isBlankOrEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index < bytes.count else { return true }
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85
        case 0xE2: return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        default: return false
        }
    }

    static func isBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        switch bytes[index] {
        case 0x0A, 0x0D: return true
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85
        case 0xE2: return index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        default: return false
        }
    }

    /// libyaml's `IS_PRINTABLE` for the character starting at `index`.
    static func isPrintable(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, width: Int) -> Bool {
        let lead = bytes[index]
        switch width {
        case 1: return lead == 0x0A || (lead >= 0x20 && lead <= 0x7E)
        case 2: return index + 1 < bytes.count && ((lead == 0xC2 && bytes[index + 1] >= 0xA0) || lead > 0xC2)
        case 3:
            guard index + 2 < bytes.count else { return false }
            if lead < 0xED { return true }
            if lead == 0xED { return bytes[index + 1] < 0xA0 }
            if lead == 0xEE { return true }
            if lead == 0xEF {
                return !(bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF)
                    && !(bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF))
            }
            return false
        default: return false
        }
    }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else {
            blockPlainAllowed = true
            singleQuotedAllowed = true
            blockAllowed = false
            return
        }
        var blockIndicators = false
        var lineBreaks = false
        var specialCharacters = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var previousSpace = false, previousBreak = false

        if bytes.count >= 3 {
            let first = bytes[0]
            if (first == UInt8(ascii: "-") || first == UInt8(ascii: ".")) && bytes[1] == first && bytes[2] == first {
                blockIndicators = true
            }
        }

        var precededByWhitespace = true
        var index = 0
        var followedByWhitespace = Self.isBlankOrEnd(bytes, Self.width(bytes[0]))
        while index < bytes.count {
            let byte = bytes[index]
            let width = Self.width(byte)
            let isLast = index + width >= bytes.count
            if index == 0 {
                switch byte {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                     UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"),
                     UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                     UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                    if followedByWhitespace { blockIndicators = true }
                default:
                    break
                }
            } else {
                if byte == UInt8(ascii: ":"), followedByWhitespace { blockIndicators = true }
                if byte == UInt8(ascii: "#"), precededByWhitespace { blockIndicators = true }
            }
            if !Self.isPrintable(bytes, index, width: width) { specialCharacters = true }
            let isSpace = byte == 0x20
            let isBreak = Self.isBreak(bytes, index)
            if isBreak { lineBreaks = true }
            if isSpace {
                if index == 0 { leadingSpace = true }
                if isLast { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak {
                if index == 0 { leadingBreak = true }
                if isLast { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = isSpace || byte == 0x09 || isBreak
            index += width
            if index < bytes.count {
                followedByWhitespace = Self.isBlankOrEnd(bytes, index + Self.width(bytes[index]))
            }
        }

        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            blockPlainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters {
            blockPlainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks { blockPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }
}

/// go-yaml v2's order of mapping keys: at the first differing character, a
/// letter sorts after a non-letter, runs of digits compare as numbers, and
/// anything else by code point.
package enum KeyOrder {
    package static func less(_ a: String, _ b: String) -> Bool {
        // Most keys are ASCII: compare UTF-8 bytes directly and fall back to
        // code points only when the first difference involves a non-ASCII byte.
        let decided = a.withUTF8Bytes { x in b.withUTF8Bytes { y in lessASCII(x, y) } }
        if let decided { return decided }
        return lessScalars(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The comparison on bytes, or `nil` when a non-ASCII byte decides it.
    static func lessASCII(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var i = 0
        while i < a.count && i < b.count {
            let x = a[i], y = b[i]
            if x == y {
                i += 1
                continue
            }
            if x >= 0x80 || y >= 0x80 { return nil }
            let xLetter = isASCIILetter(x), yLetter = isASCIILetter(y)
            if xLetter && yLetter { return x < y }
            if xLetter || yLetter { return yLetter }
            var xNumber: Int64 = 0, yNumber: Int64 = 0
            if x == 0x30 || y == 0x30 {
                var j = i - 1
                while j >= 0 {
                    if a[j] >= 0x80 { return nil }
                    guard isASCIIDigit(a[j]) else { break }
                    if a[j] != 0x30 {
                        xNumber = 1
                        yNumber = 1
                        break
                    }
                    j -= 1
                }
            }
            var xEnd = i
            while xEnd < a.count, isASCIIDigit(a[xEnd]) {
                xNumber = xNumber &* 10 &+ Int64(a[xEnd] - 0x30)
                xEnd += 1
            }
            if xEnd < a.count, a[xEnd] >= 0x80 { return nil }
            var yEnd = i
            while yEnd < b.count, isASCIIDigit(b[yEnd]) {
                yNumber = yNumber &* 10 &+ Int64(b[yEnd] - 0x30)
                yEnd += 1
            }
            if yEnd < b.count, b[yEnd] >= 0x80 { return nil }
            if xNumber != yNumber { return xNumber < yNumber }
            if xEnd != yEnd { return xEnd < yEnd }
            return x < y
        }
        // One is a prefix of the other: compare lengths in code points.
        var aCount = 0, bCount = 0
        for byte in a where byte & 0xC0 != 0x80 { aCount += 1 }
        for byte in b where byte & 0xC0 != 0x80 { bCount += 1 }
        return aCount < bCount
    }

    static func lessScalars(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < a.count && i < b.count {
            if a[i] == b[i] {
                i += 1
                continue
            }
            let aLetter = isLetter(a[i])
            let bLetter = isLetter(b[i])
            if aLetter && bLetter { return a[i].value < b[i].value }
            if aLetter || bLetter { return bLetter }
            var aNumber: Int64 = 0
            var bNumber: Int64 = 0
            if a[i] == "0" || b[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(a[j]) {
                    if a[j] != "0" {
                        aNumber = 1
                        bNumber = 1
                        break
                    }
                    j -= 1
                }
            }
            var aEnd = i
            while aEnd < a.count && isDigit(a[aEnd]) {
                aNumber = aNumber &* 10 &+ Int64(digitValue(a[aEnd]))
                aEnd += 1
            }
            var bEnd = i
            while bEnd < b.count && isDigit(b[bEnd]) {
                bNumber = bNumber &* 10 &+ Int64(digitValue(b[bEnd]))
                bEnd += 1
            }
            if aNumber != bNumber { return aNumber < bNumber }
            if aEnd != bEnd { return aEnd < bEnd }
            return a[i].value < b[i].value
        }
        return a.count < b.count
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// Go subtracts '0' from the rune, whatever digit it is.
    static func digitValue(_ scalar: Unicode.Scalar) -> Int64 {
        Int64(scalar.value) - 0x30
    }
}
