import Foundation

/// Client-record fields that an identify or group call sets, found through the source's field
/// mappings in the spec, or Segment's reserved trait names when the source maps nothing.
public struct RecordUpdate: Sendable, Hashable {
    /// Keys are the field names after `account.`: name, domain, industry, country, licensed_seats.
    public var account: [String: String] = [:]
    /// Keys are the field names after `contact.`: name, email, title, phone.
    public var contact: [String: String] = [:]

    public init(account: [String: String] = [:], contact: [String: String] = [:]) {
        self.account = account
        self.contact = contact
    }

    public var isEmpty: Bool { account.isEmpty && contact.isEmpty }
}

public struct TraitMapping: Sendable {
    let mappings: [FieldMapping]

    public init(source: SourceDefinition?) {
        mappings = (source?.mappings ?? []).filter { $0.direction != .outbound }
    }

    /// Segment's reserved traits (segment.com/docs/connections/spec/identify/#traits).
    static let reservedGroup: [(String, String)] = [
        ("name", "account.name"), ("website", "account.domain"), ("domain", "account.domain"), ("industry", "account.industry"),
        ("country", "account.country"), ("employees", "account.licensed_seats"),
    ]
    static let reservedUser: [(String, String)] = [
        ("name", "contact.name"), ("email", "contact.email"), ("title", "contact.title"), ("phone", "contact.phone"),
    ]

    public func update(for event: Event) -> RecordUpdate? {
        guard event.type == .identify || event.type == .group, case let .object(traits) = event.properties else { return nil }
        let pairs = mappings.isEmpty ? (event.type == .group ? Self.reservedGroup : Self.reservedUser) : mappings.map { ($0.from, $0.to) }
        var update = RecordUpdate()
        for (trait, field) in pairs {
            guard let value = traits[trait], let text = Self.text(value) else { continue }
            let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let cleaned = parts[1] == "domain" ? DomainName.normalize(text) : text
            guard let cleaned, !cleaned.isEmpty else { continue }
            switch parts[0] {
            case "account" where event.type == .group: update.account[parts[1]] = cleaned
            case "contact" where event.type == .identify: update.contact[parts[1]] = cleaned
            default: break
            }
        }
        if event.type == .identify, update.contact["name"] == nil,
            let first = traits["firstName"]?.stringValue ?? traits["first_name"]?.stringValue
        {
            let last = traits["lastName"]?.stringValue ?? traits["last_name"]?.stringValue
            update.contact["name"] = [first, last].compactMap { $0 }.joined(separator: " ")
        }
        return update.isEmpty ? nil : update
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number, .bool: value.canonicalText
        default: nil
        }
    }
}

/// Website and email domains reduced to the registrable form people mean: `https://www.Acme.com/x` → `acme.com`.
public enum DomainName {
    public static func normalize(_ text: String) -> String? {
        // Websites are nearly always ASCII: read those as bytes (an import reads one per row, twice).
        var text = text
        if let fast = text.withUTF8({ $0.allSatisfy { $0 < 0x80 } ? normalizeASCII($0) : nil }) { return fast }
        return normalizeText(text)
    }

    /// The same steps as `normalizeText`, on ASCII bytes.
    static func normalizeASCII(_ input: UnsafeBufferPointer<UInt8>) -> String?? {
        var start = 0
        var end = input.count
        while start < end, input[start] == 0x20 || input[start] == 0x09 { start += 1 }
        while end > start, input[end - 1] == 0x20 || input[end - 1] == 0x09 { end -= 1 }
        var host = input[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        if let at = host.lastIndex(of: UInt8(ascii: "@")) { host.removeSubrange(...at) }
        if let scheme = host.indices.first(where: { host.count - $0 >= 3 && host[$0] == 0x3A && host[$0 + 1] == 0x2F && host[$0 + 2] == 0x2F }) {
            host.removeSubrange(..<(scheme + 3))
        }
        if let cut = host.firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) { host.removeSubrange(cut...) }
        if let colon = host.lastIndex(of: 0x3A) { host.removeSubrange(colon...) }
        while host.starts(with: Array("www.".utf8)) { host.removeFirst(4) }
        while host.last == 0x2E { host.removeLast() }
        guard host.contains(0x2E), !host.contains(0x20) else { return .some(nil) }
        return .some(String(decoding: host, as: UTF8.self))
    }

    static func normalizeText(_ text: String) -> String? {
        var host = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        if let slash = host.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { host = String(host[..<slash]) }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        while host.hasPrefix("www.") { host = String(host.dropFirst(4)) }
        while host.hasSuffix(".") { host = String(host.dropLast()) }
        guard host.contains("."), !host.contains(" ") else { return nil }
        return host
    }
}
