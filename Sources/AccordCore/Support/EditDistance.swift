/// Levenshtein distance, for "did you mean" hints in spec diagnostics.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest candidate within a small distance, if any.
func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word.lowercased(), candidate.lowercased())
        if distance <= max(2, word.count / 4), distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
}

func hint(_ word: String, _ candidates: some Sequence<String>) -> String {
    if let match = closest(to: word, in: candidates) { return "; did you mean '\(match)'?" }
    return ""
}
