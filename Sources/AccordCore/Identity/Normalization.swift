/// Normalisation for matching companies and people across systems: what differs between a
/// CRM's "Acme Clinics, Ltd." and a marketing tool's "ACME CLINICS" is not evidence.
public enum Normalize {
    /// Legal forms dropped from the end of a company name.
    static let legalSuffixes: Set<String> = [
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "corp", "corporation", "co", "company", "sa", "sas", "bv", "nv",
        "plc", "ag", "srl", "spa", "pty", "pte", "oy", "ab", "as", "kg", "lp", "llp",
    ]

    /// Lower case, letters and digits only, `&` as "and", no leading "the", no legal form.
    public static func companyName(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                if scalar == "&" { words.append("and") }
            }
        }
        if !current.isEmpty { words.append(current) }
        // "Acme Clinics Pty Ltd": drop every trailing legal form; dotted ones ("s.a.") arrive as letters.
        while words.count > 1, let last = words.last, legalSuffixes.contains(last) { words.removeLast() }
        while words.count > 2, words.suffix(2).joined().count <= 3, legalSuffixes.contains(words.suffix(2).joined()) { words.removeLast(2) }
        if words.count > 1, words.first == "the" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// Second-level labels under which registries hand out names (`example.co.uk`).
    static let publicSecondLevels: Set<String> = ["co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc"]

    /// The registrable domain of a website, URL or email address: `https://www.shop.acme.co.uk/x` → `acme.co.uk`.
    public static func registrableDomain(_ text: String) -> String? {
        guard let host = DomainName.normalize(text) else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        guard labels.count >= 2 else { return nil }
        let keep = labels.count >= 3 && labels[labels.count - 1].count == 2 && publicSecondLevels.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }

    /// The last ten digits of a phone number, so "+1 (555) 010-2000" and "555.010.2000" agree.
    public static func phone(_ text: String) -> String {
        let digits = String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        return String(digits.suffix(10))
    }

    /// The domain of an email address unless it is a free-mail provider's (which says nothing about the employer).
    public static func employerDomain(ofEmail email: String, freeMail: Set<String>) -> String? {
        guard email.contains("@"), let domain = registrableDomain(email) else { return nil }
        return freeMail.contains(domain) ? nil : domain
    }

    public static let defaultFreeMail: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com",
        "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.ru", "zoho.com",
    ]
}
