/// Where a webhook may post. A webhook makes the server send requests to an address someone
/// typed, so addresses that only the server can reach are refused: loopback, link-local (the
/// cloud metadata service at 169.254.169.254), private and unique-local ranges, "unspecified"
/// addresses and local names. A spec that runs its receivers on the same network says
/// `access.allow_private_webhooks: true`.
public enum WebhookTarget {
    /// Why a host may not be a webhook target, or nil when it may.
    public static func refusal(host rawHost: String) -> String? {
        var host = rawHost.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") || host.hasSuffix(".internal") {
            return "\(rawHost) is a local name"
        }
        if let octets = ipv4(host) { return ipv4Refusal(octets).map { "\(rawHost) is \($0)" } }
        if host.contains(":") {
            guard let groups = ipv6(host) else { return "\(rawHost) is not an address" }
            return ipv6Refusal(groups).map { "\(rawHost) is \($0)" }
        }
        // A bare, hex or octal number is an IPv4 address to most resolvers (2130706433 and 0x7f.1 are 127.0.0.1).
        if let first = host.first, first.isNumber, host.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "x" }) {
            return "\(rawHost) is a numeric address in a form that hides where it leads"
        }
        return nil
    }

    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(part) else { return nil }
            octets.append(value)
        }
        return octets
    }

    static func ipv4Refusal(_ o: [UInt8]) -> String? {
        switch (o[0], o[1]) {
        case (127, _): "a loopback address"
        case (0, _): "an unspecified address"
        case (10, _), (192, 168): "a private address"
        case (172, 16...31): "a private address"
        case (169, 254): "a link-local address (the cloud metadata service lives there)"
        case (100, 64...127): "a carrier-grade shared address"
        case (224...255, _): "a multicast or reserved address"
        default: nil
        }
    }

    /// Eight 16-bit groups, `::` expanded and a trailing IPv4 part folded in.
    static func ipv6(_ text: String) -> [UInt16]? {
        var text = text
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        // A trailing IPv4 part (::ffff:127.0.0.1) is two groups written another way.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = ipv4(String(text[text.index(after: lastColon)...])) else { return nil }
            let high = String(UInt16(v4[0]) << 8 | UInt16(v4[1]), radix: 16)
            let low = String(UInt16(v4[2]) << 8 | UInt16(v4[3]), radix: 16)
            text = text[...lastColon] + high + ":" + low
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var values: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let rest = groups(halves[1]) else { return nil }
        let missing = 8 - head.count - rest.count
        guard missing >= 1 else { return nil }
        return head + [UInt16](repeating: 0, count: missing) + rest
    }

    static func ipv6Refusal(_ g: [UInt16]) -> String? {
        if g.allSatisfy({ $0 == 0 }) { return "an unspecified address" }
        if g[0..<7].allSatisfy({ $0 == 0 }) && g[7] == 1 { return "a loopback address" }
        if g[0..<5].allSatisfy({ $0 == 0 }) && g[5] == 0xFFFF {
            // An IPv4 address written as IPv6 leads where the IPv4 one does.
            return ipv4Refusal([UInt8(g[6] >> 8), UInt8(g[6] & 0xFF), UInt8(g[7] >> 8), UInt8(g[7] & 0xFF)])
        }
        if g[0] & 0xFFC0 == 0xFE80 { return "a link-local address" }
        if g[0] & 0xFE00 == 0xFC00 { return "a unique-local (private) address" }
        if g[0] & 0xFF00 == 0xFF00 { return "a multicast address" }
        return nil
    }
}
