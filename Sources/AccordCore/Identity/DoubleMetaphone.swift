/// Lawrence Philips's Double Metaphone: a primary and an alternate code of up to four letters for
/// how a name sounds, so Smith, Smyth and Schmidt, or Catherine and Kathryn, share a block even
/// where Soundex's first letter keeps them apart. Written from the published algorithm.
struct DoubleMetaphone {
    private let letters: [Character]
    private let slavoGermanic: Bool
    private var primary = ""
    private var alternate = ""
    private static let length = 4

    /// The two codes of `text`; both empty when it has no letter.
    static func codes(_ text: String) -> (primary: String, alternate: String) {
        var encoder = DoubleMetaphone(text)
        encoder.encode()
        return (encoder.primary, encoder.alternate)
    }

    private init(_ text: String) {
        letters = Array(text.trimmedWhitespace.uppercased())
        let word = String(letters)
        slavoGermanic = word.contains("W") || word.contains("K") || word.contains("CZ") || word.contains("WITZ")
    }

    // MARK: Reading the word

    private func char(_ i: Int) -> Character? { i >= 0 && i < letters.count ? letters[i] : nil }

    /// Whether the letters from `i` spell one of `options` (all of one length).
    private func at(_ i: Int, _ options: String...) -> Bool {
        guard let count = options.first?.count, i >= 0, i + count <= letters.count else { return false }
        let slice = String(letters[i..<i + count])
        return options.contains(slice)
    }

    private func isVowel(_ i: Int) -> Bool { char(i).map { "AEIOUY".contains($0) } ?? false }
    private var last: Int { letters.count - 1 }
    private var germanicStart: Bool { at(0, "VAN ", "VON ") || at(0, "SCH") }

    // MARK: Writing the codes

    private mutating func add(_ both: String) { add(both, both) }

    private mutating func add(_ main: String, _ other: String) {
        primary = String((primary + main).prefix(Self.length))
        alternate = String((alternate + other).prefix(Self.length))
    }

    private var complete: Bool { primary.count >= Self.length && alternate.count >= Self.length }

    private mutating func encode() {
        var i = at(0, "GN", "KN", "PN", "WR", "PS") ? 1 : 0
        while !complete, i < letters.count {
            i = step(i)
        }
    }

    /// Codes the sound starting at `i`; returns where the next one starts.
    private mutating func step(_ i: Int) -> Int {
        switch letters[i] {
        case "A", "E", "I", "O", "U", "Y":
            if i == 0 { add("A") }
            return i + 1
        case "B": return simple(i, "P", doubled: "B")
        case "Ç":
            add("S")
            return i + 1
        case "C": return c(i)
        case "D":
            if at(i, "DG") {
                if at(i + 2, "I", "E", "Y") {
                    add("J")
                    return i + 3
                }
                add("TK")
                return i + 2
            }
            add("T")
            return at(i, "DT", "DD") ? i + 2 : i + 1
        case "F": return simple(i, "F", doubled: "F")
        case "G": return g(i)
        case "H":
            // Kept only first or between vowels, and then before a vowel.
            if (i == 0 || isVowel(i - 1)) && isVowel(i + 1) {
                add("H")
                return i + 2
            }
            return i + 1
        case "J": return j(i)
        case "K": return simple(i, "K", doubled: "K")
        case "L":
            if char(i + 1) == "L" {
                // Spanish -illo, -illa, -alle: no L in the alternate.
                let spanish =
                    (i == letters.count - 3 && at(i - 1, "ILLO", "ILLA", "ALLE"))
                    || ((at(last - 1, "AS", "OS") || at(last, "A", "O")) && at(i - 1, "ALLE"))
                spanish ? add("L", "") : add("L")
                return i + 2
            }
            add("L")
            return i + 1
        case "M":
            add("M")
            let silentB = at(i - 1, "UMB") && (i + 1 == last || at(i + 2, "ER"))
            return char(i + 1) == "M" || silentB ? i + 2 : i + 1
        case "N": return simple(i, "N", doubled: "N")
        case "Ñ":
            add("N")
            return i + 1
        case "P":
            if char(i + 1) == "H" {
                add("F")
                return i + 2
            }
            add("P")
            return at(i + 1, "P", "B") ? i + 2 : i + 1
        case "Q": return simple(i, "K", doubled: "Q")
        case "R":
            // French final -ier: the R is heard only in the alternate.
            if i == last && !slavoGermanic && at(i - 2, "IE") && !at(i - 4, "ME", "MA") { add("", "R") } else { add("R") }
            return char(i + 1) == "R" ? i + 2 : i + 1
        case "S": return s(i)
        case "T": return t(i)
        case "V": return simple(i, "F", doubled: "V")
        case "W": return w(i)
        case "X":
            if i == 0 {
                add("S")
                return i + 1
            }
            // French final -aux, -eux, -oux are silent.
            if !(i == last && (at(i - 3, "IAU", "EAU") || at(i - 2, "AU", "OU"))) { add("KS") }
            return at(i + 1, "C", "X") ? i + 2 : i + 1
        case "Z":
            if char(i + 1) == "H" {
                add("J")
                return i + 2
            }
            if at(i + 1, "ZO", "ZI", "ZA") || (slavoGermanic && i > 0 && char(i - 1) != "T") { add("S", "TS") } else { add("S") }
            return char(i + 1) == "Z" ? i + 2 : i + 1
        default:
            return i + 1
        }
    }

    private mutating func simple(_ i: Int, _ code: String, doubled: Character) -> Int {
        add(code)
        return char(i + 1) == doubled ? i + 2 : i + 1
    }

    private mutating func c(_ i: Int) -> Int {
        // Germanic -ach- as in "Bacher", and "chianti".
        let germanicK =
            at(i, "CHIA")
            || (i > 1 && !isVowel(i - 2) && at(i - 1, "ACH") && (!at(i + 2, "I", "E") || at(i - 2, "BACHER", "MACHER")))
        if germanicK {
            add("K")
            return i + 2
        }
        if i == 0 && at(i, "CAESAR") {
            add("S")
            return i + 2
        }
        if at(i, "CH") { return ch(i) }
        if at(i, "CZ") && !at(i - 2, "WICZ") {
            add("S", "X")
            return i + 2
        }
        if at(i + 1, "CIA") {
            add("X")
            return i + 3
        }
        if at(i, "CC") && !(i == 1 && char(0) == "M") {
            // "bellocchio" and "accident", but not "bacchus" or "McClelland".
            if at(i + 2, "I", "E", "H") && !at(i + 2, "HU") {
                (i == 1 && char(0) == "A") || at(i - 1, "UCCEE", "UCCES") ? add("KS") : add("X")
                return i + 3
            }
            add("K")
            return i + 2
        }
        if at(i, "CK", "CG", "CQ") {
            add("K")
            return i + 2
        }
        if at(i, "CI", "CE", "CY") {
            at(i, "CIO", "CIE", "CIA") ? add("S", "X") : add("S")
            return i + 2
        }
        add("K")
        if at(i + 1, " C", " Q", " G") { return i + 3 }  // Mac Caffrey, Mac Gregor
        return at(i + 1, "C", "K", "Q") && !at(i + 1, "CE", "CI") ? i + 2 : i + 1
    }

    private mutating func ch(_ i: Int) -> Int {
        if i > 0 && at(i, "CHAE") {  // Michael
            add("K", "X")
            return i + 2
        }
        let greek = i == 0 && (at(i + 1, "HARAC", "HARIS") || at(i + 1, "HOR", "HYM", "HIA", "HEM")) && !at(0, "CHORE")
        let hardSound =
            germanicStart || at(i - 2, "ORCHES", "ARCHIT", "ORCHID") || at(i + 2, "T", "S")
            || ((at(i - 1, "A", "O", "U", "E") || i == 0) && (at(i + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") || i + 1 == last))
        if greek || hardSound {
            add("K")
        } else if i > 0 {
            at(0, "MC") ? add("K") : add("X", "K")
        } else {
            add("X")
        }
        return i + 2
    }

    private mutating func g(_ i: Int) -> Int {
        if char(i + 1) == "H" { return gh(i) }
        if char(i + 1) == "N" {
            if i == 1 && isVowel(0) && !slavoGermanic {
                add("KN", "N")
            } else if !at(i + 2, "EY") && char(i + 1) != "Y" && !slavoGermanic {
                add("N", "KN")
            } else {
                add("KN")
            }
            return i + 2
        }
        if at(i + 1, "LI") && !slavoGermanic {
            add("KL", "L")
            return i + 2
        }
        if i == 0 && (char(i + 1) == "Y" || at(i + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")) {
            add("K", "J")
            return i + 2
        }
        if (at(i + 1, "ER") || char(i + 1) == "Y") && !at(0, "DANGER", "RANGER", "MANGER") && !at(i - 1, "E", "I")
            && !at(i - 1, "RGY", "OGY")
        {
            add("K", "J")
            return i + 2
        }
        if at(i + 1, "E", "I", "Y") || at(i - 1, "AGGI", "OGGI") {
            if germanicStart || at(i + 1, "ET") {
                add("K")
            } else if at(i + 1, "IER") {
                add("J")
            } else {
                add("J", "K")
            }
            return i + 2
        }
        add("K")
        return char(i + 1) == "G" ? i + 2 : i + 1
    }

    private mutating func gh(_ i: Int) -> Int {
        if i > 0 && !isVowel(i - 1) {
            add("K")
            return i + 2
        }
        if i == 0 {
            char(i + 2) == "I" ? add("J") : add("K")
            return i + 2
        }
        // Parker's rule: "hugh", "bough", "daughter".
        if (i > 1 && at(i - 2, "B", "H", "D")) || (i > 2 && at(i - 3, "B", "H", "D")) || (i > 3 && at(i - 4, "B", "H")) {
            return i + 2
        }
        if i > 2 && char(i - 1) == "U" && at(i - 3, "C", "G", "L", "R", "T") {
            add("F")  // laugh, cough, tough
        } else if char(i - 1) != "I" {
            add("K")
        }
        return i + 2
    }

    private mutating func j(_ i: Int) -> Int {
        if at(i, "JOSE") || at(0, "SAN ") {
            if (i == 0 && char(i + 4) == " ") || letters.count == 4 || at(0, "SAN ") { add("H") } else { add("J", "H") }
            return i + 1
        }
        if i == 0 {
            add("J", "A")
        } else if isVowel(i - 1) && !slavoGermanic && (char(i + 1) == "A" || char(i + 1) == "O") {
            add("J", "H")
        } else if i == last {
            add("J", " ")
        } else if !at(i + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !at(i - 1, "S", "K", "L") {
            add("J")
        }
        return char(i + 1) == "J" ? i + 2 : i + 1
    }

    private mutating func s(_ i: Int) -> Int {
        if at(i - 1, "ISL", "YSL") { return i + 1 }  // island, carlisle
        if i == 0 && at(i, "SUGAR") {
            add("X", "S")
            return i + 1
        }
        if at(i, "SH") {
            at(i + 1, "HEIM", "HOEK", "HOLM", "HOLZ") ? add("S") : add("X")
            return i + 2
        }
        if at(i, "SIO", "SIA") || at(i, "SIAN") {
            slavoGermanic ? add("S") : add("S", "X")
            return i + 3
        }
        if (i == 0 && at(i + 1, "M", "N", "L", "W")) || at(i + 1, "Z") {
            // Smith and Schmidt, Snider and Schneider.
            add("S", "X")
            return at(i + 1, "Z") ? i + 2 : i + 1
        }
        if at(i, "SC") {
            if char(i + 2) == "H" {
                if at(i + 3, "OO", "ER", "EN", "UY", "ED", "EM") {
                    at(i + 3, "ER", "EN") ? add("X", "SK") : add("SK")
                } else if i == 0 && !isVowel(3) && char(3) != "W" {
                    add("X", "S")
                } else {
                    add("X")
                }
            } else {
                at(i + 2, "I", "E", "Y") ? add("S") : add("SK")
            }
            return i + 3
        }
        // French final -ais, -ois.
        if i == last && at(i - 2, "AI", "OI") { add("", "S") } else { add("S") }
        return at(i + 1, "S", "Z") ? i + 2 : i + 1
    }

    private mutating func t(_ i: Int) -> Int {
        if at(i, "TION") || at(i, "TIA", "TCH") {
            add("X")
            return i + 3
        }
        if at(i, "TH") || at(i, "TTH") {
            at(i + 2, "OM", "AM") || germanicStart ? add("T") : add("0", "T")
            return i + 2
        }
        add("T")
        return at(i + 1, "T", "D") ? i + 2 : i + 1
    }

    private mutating func w(_ i: Int) -> Int {
        if at(i, "WR") {
            add("R")
            return i + 2
        }
        if i == 0 && (isVowel(i + 1) || at(i, "WH")) {
            isVowel(i + 1) ? add("A", "F") : add("A")  // Wasserman and Vasserman
            return i + 1
        }
        if (i == last && isVowel(i - 1)) || at(i - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || at(0, "SCH") {
            add("", "F")  // Arnow and Arnoff
            return i + 1
        }
        if at(i, "WICZ", "WITZ") {
            add("TS", "FX")
            return i + 4
        }
        return i + 1
    }
}
