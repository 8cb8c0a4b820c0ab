/// Salesforce record ids come in two forms: 15 characters, case-sensitive (the UI, reports), and
/// 18, the same with a 3-character suffix that encodes the case of the first 15 (the API, Data
/// Loader). They are one record; a source whose `identity_keys.format` is `salesforce` keeps every
/// id in the 18-character form, so an export's and a sync's ids link to the same client.
public enum SalesforceID {
    static let suffixAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// The 18-character form of a 15- or 18-character id; nil for anything else.
    public static func canonical(_ id: String) -> String? {
        let characters = Array(id)
        guard characters.count == 15 || characters.count == 18, characters.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return nil
        }
        let base = Array(characters.prefix(15))
        var suffix = ""
        for chunk in 0..<3 {
            var bits = 0
            for position in 0..<5 where base[chunk * 5 + position].isUppercase { bits |= 1 << position }
            suffix.append(suffixAlphabet[bits])
        }
        // An 18-character id is taken as it is: its suffix says how the first 15 were cased.
        return characters.count == 18 ? id : String(base) + suffix
    }
}

extension SourceDefinition {
    /// The source's record id as the client record keeps it (see `SalesforceID`).
    public func canonicalID(_ raw: String) -> String {
        switch idFormat {
        case .salesforce?: SalesforceID.canonical(raw) ?? raw
        case nil: raw
        }
    }
}
