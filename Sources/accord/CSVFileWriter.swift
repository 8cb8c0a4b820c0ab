import Foundation

/// A CSV file written from one byte buffer: a million lines through string interpolation and
/// `String(format:)` take seconds, as bytes a fraction of one.
struct CSVFileWriter {
    private(set) var bytes: [UInt8] = []

    init(header: [String]) {
        bytes.reserveCapacity(1 << 20)
        for (index, name) in header.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            cell(name)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A text cell, quoted when it holds a comma, a quote or a line break.
    mutating func cell(_ text: String) {
        var utf8 = text.utf8
        if utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
            return
        }
        // Contiguous for native strings: copied in one go.
        if utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            utf8 = text.utf8
            bytes.append(contentsOf: utf8)
        }
    }

    /// A number with `decimals` places, as `String(format: "%.Nf")` writes it.
    mutating func number(_ value: Double, decimals: Int) {
        guard value.isFinite else {
            cell(value.isNaN ? "nan" : value < 0 ? "-inf" : "inf")
            return
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrEven)
        // Past 2^53 a double has no fractional digits left to print exactly; Foundation does it.
        guard scaled < 9e15 else {
            cell(String(format: "%.\(decimals)f", value))
            return
        }
        let whole = UInt64(scaled)
        if value < 0, whole > 0 { bytes.append(UInt8(ascii: "-")) }
        var unit: UInt64 = 1
        for _ in 0..<decimals { unit *= 10 }
        digits(whole / unit)
        guard decimals > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var fraction = whole % unit
        var place = unit / 10
        while place > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / place))
            fraction %= place
            place /= 10
        }
    }

    private mutating func digits(_ value: UInt64) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    mutating func endLine() { bytes.append(UInt8(ascii: "\n")) }

    func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
