import Crypto

/// Feeds values into SHA-256 in an unambiguous form (type tag + length + bytes), so two
/// databases with the same rows give the same digest whatever engine holds them.
struct ContentDigest {
    private var hasher = SHA256()

    mutating func table(_ name: String) { text("table:\(name)") }

    mutating func text(_ value: String?) {
        guard let value else { return null() }
        let bytes = Array(value.utf8)
        hasher.update(data: Array("s\(bytes.count):".utf8))
        hasher.update(data: bytes)
    }

    mutating func int(_ value: Int64?) {
        guard let value else { return null() }
        hasher.update(data: Array("i\(value);".utf8))
    }

    mutating func null() { hasher.update(data: Array("n;".utf8)) }

    mutating func endRow() { hasher.update(data: Array("\n".utf8)) }

    func finish() -> String {
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
