/// String similarity for record linkage, over Unicode scalar values so an accented letter
/// counts as one character. The buffer forms run without allocating: linkage calls them
/// millions of times.
public enum Similarity {
    public static func jaroWinkler(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        let x = a.map(\.value)
        let y = b.map(\.value)
        return x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { q in jaroWinkler(p, q) } }
    }

    public static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], transpositions: Bool, limit: Int = .max) -> Int {
        let x = a.map(\.value)
        let y = b.map(\.value)
        return x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { q in editDistance(p, q, transpositions: transpositions, limit: limit) } }
    }

    /// How many characters the two share, counted as multisets (ASCII only; nil otherwise).
    /// Bounds both measures cheaply: most random pairs are rejected without the full algorithm.
    static func sharedCharacters(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int? {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { counts -> Int? in
            counts.initialize(repeating: 0)
            for scalar in a {
                guard scalar < 128 else { return nil }
                counts[Int(scalar)] += 1
            }
            var shared = 0
            for scalar in b {
                guard scalar < 128 else { return nil }
                if counts[Int(scalar)] > 0 {
                    counts[Int(scalar)] -= 1
                    shared += 1
                }
            }
            return shared
        }
    }

    /// Jaro-Winkler similarity in 0...1 (prefix scale 0.1, up to 4 characters), as Splink and
    /// recordlinkage compute it. Below `atLeast` the answer may be any value below it: pairs that
    /// cannot reach it are rejected by a bound on the characters they share.
    public static func jaroWinkler(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, atLeast: Double = 0) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        if a.elementsEqual(b) { return 1 }
        if atLeast > 0, let shared = sharedCharacters(a, b) {
            // Matches cannot exceed the shared characters, nor can transpositions help.
            let m = Double(shared)
            let jaroBound = m == 0 ? 0 : (m / Double(a.count) + m / Double(b.count) + 1) / 3
            if jaroBound + 0.4 * (1 - jaroBound) < atLeast { return 0 }
        }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: a.count + b.count) { flags -> Double in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<a.count {
                let low = max(0, i - window)
                let high = min(b.count - 1, i + window)
                guard low <= high else { continue }
                for j in low...high where !flags[a.count + j] && a[i] == b[j] {
                    flags[i] = true
                    flags[a.count + j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var transpositions = 0
            var k = 0
            for i in 0..<a.count where flags[i] {
                while !flags[a.count + k] { k += 1 }
                if a[i] != b[k] { transpositions += 1 }
                k += 1
            }
            let m = Double(matches)
            let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
            var prefix = 0
            while prefix < min(4, a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
            return jaro + Double(prefix) * 0.1 * (1 - jaro)
        }
    }

    /// Edit distance; with `transpositions`, swapping two neighbours costs one (optimal string
    /// alignment, the Damerau-Levenshtein of Splink). Stops early once past `limit`.
    public static func editDistance(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, transpositions: Bool, limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if limit < .max {
            if abs(a.count - b.count) > limit { return limit + 1 }
            // Every character one string has beyond the other costs at least one edit.
            if let shared = sharedCharacters(a, b), max(a.count, b.count) - shared > limit { return limit + 1 }
        }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width * 3) { rows -> Int in
            var beforePrevious = 0
            var previous = width
            var current = 2 * width
            for j in 0...b.count {
                rows[previous + j] = j
                rows[beforePrevious + j] = 0
            }
            for i in 1...a.count {
                rows[current] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if transpositions, i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, rows[beforePrevious + j - 2] + 1)
                    }
                    rows[current + j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if limit < .max, rowMinimum > limit { return limit + 1 }
                (beforePrevious, previous, current) = (previous, current, beforePrevious)
            }
            return rows[previous + b.count]
        }
    }
}
