/// One step that turns a raw value into what a comparison or a blocking rule reads, so the two
/// sources' "+1 (555) 010-2000" and "555.010.2000", or "Acme Clinics, Ltd." and "ACME CLINICS",
/// agree before they are compared.
public enum LinkageNormaliser: Sendable, Hashable, CustomStringConvertible {
    case lowercase
    /// Letters, digits and single spaces only.
    case stripPunctuation
    case digits
    /// The last ten digits.
    case phone
    /// Lower case without punctuation, leading "the" or trailing legal forms (Inc, Ltd, GmbH, …).
    case companyName
    /// What follows the @ of an email address.
    case emailDomain
    /// The registrable domain of a website, URL or email address (`shop.acme.co.uk` → `acme.co.uk`).
    case registrableDomain
    case first(Int)
    case last(Int)
    /// American Soundex: a letter and three digits, so Smith and Smyth share a block.
    case soundex
    /// Double Metaphone's primary code: Smith, Smyth and Schmidt, Catherine and Kathryn agree.
    case doubleMetaphone
    /// Double Metaphone's alternate code (another reading of the same name).
    case doubleMetaphoneAlternate

    public static let names =
        "lowercase, strip_punctuation, digits, phone, company_name, email_domain, registrable_domain, first N, last N, soundex, double_metaphone, double_metaphone_alternate"

    public var description: String {
        switch self {
        case .lowercase: "lowercase"
        case .stripPunctuation: "strip_punctuation"
        case .digits: "digits"
        case .phone: "phone"
        case .companyName: "company_name"
        case .emailDomain: "email_domain"
        case .registrableDomain: "registrable_domain"
        case .first(let count): "first \(count)"
        case .last(let count): "last \(count)"
        case .soundex: "soundex"
        case .doubleMetaphone: "double_metaphone"
        case .doubleMetaphoneAlternate: "double_metaphone_alternate"
        }
    }

    static func parse(_ text: String) -> LinkageNormaliser? {
        let parts = text.split(separator: " ").map(String.init)
        switch (parts.first, parts.count) {
        case ("lowercase", 1): return .lowercase
        case ("strip_punctuation", 1): return .stripPunctuation
        case ("digits", 1): return .digits
        case ("phone", 1): return .phone
        case ("company_name", 1): return .companyName
        case ("email_domain", 1): return .emailDomain
        case ("registrable_domain", 1): return .registrableDomain
        case ("first", 2): return Int(parts[1]).flatMap { $0 > 0 ? .first($0) : nil }
        case ("last", 2): return Int(parts[1]).flatMap { $0 > 0 ? .last($0) : nil }
        case ("soundex", 1): return .soundex
        case ("double_metaphone", 1): return .doubleMetaphone
        case ("double_metaphone_alternate", 1): return .doubleMetaphoneAlternate
        default: return nil
        }
    }

    public func apply(_ text: String) -> String {
        switch self {
        case .lowercase: return text.lowercased()
        case .stripPunctuation:
            var out = ""
            var space = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    if space, !out.isEmpty { out.append(" ") }
                    space = false
                    out.unicodeScalars.append(scalar)
                } else {
                    space = true
                }
            }
            return out
        case .digits: return String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        case .phone: return Normalize.phone(text)
        case .companyName: return Normalize.companyName(text)
        case .emailDomain:
            guard let at = text.lastIndex(of: "@") else { return "" }
            return String(text[text.index(after: at)...]).trimmedWhitespace.lowercased()
        case .registrableDomain: return Normalize.registrableDomain(text) ?? ""
        case .first(let count): return String(text.prefix(count))
        case .last(let count): return String(text.suffix(count))
        case .soundex: return Self.soundex(text)
        case .doubleMetaphone: return DoubleMetaphone.codes(text).primary
        case .doubleMetaphoneAlternate: return DoubleMetaphone.codes(text).alternate
        }
    }

    static func soundex(_ text: String) -> String {
        func code(_ letter: Character) -> Character? {
            switch letter {
            case "b", "f", "p", "v": "1"
            case "c", "g", "j", "k", "q", "s", "x", "z": "2"
            case "d", "t": "3"
            case "l": "4"
            case "m", "n": "5"
            case "r": "6"
            default: nil
            }
        }
        let letters = text.lowercased().filter { $0.isASCII && $0.isLetter }
        guard let first = letters.first else { return "" }
        var out = String(first).uppercased()
        var last = code(first)
        for letter in letters.dropFirst() {
            let digit = code(letter)
            // h and w do not separate two letters of the same code; vowels do.
            if digit == nil {
                if letter != "h" && letter != "w" { last = nil }
                continue
            }
            if digit != last { out.append(digit!) }
            last = digit
            if out.count == 4 { break }
        }
        return out.padding(toLength: 4, withPad: "0", startingAt: 0)
    }
}
