/// Where a sign-in may send its person next: only a path on this site. Browsers drop tabs and
/// line breaks inside a URL and read a backslash as a slash, so `/\t/evil.example` and `/\evil.example`
/// both lead off the site; control characters are removed first, then anything that is not a plain
/// path (`//host`, a scheme, a backslash) falls back to the home page.
public enum RedirectTarget {
    public static func path(_ value: String?) -> String {
        guard let value else { return "/" }
        let cleaned = String(String.UnicodeScalarView(value.unicodeScalars.filter { !isControl($0) }))
        let scalars = Array(cleaned.unicodeScalars)
        guard scalars.first == "/", scalars.count < 2048 else { return "/" }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return "/" }
        guard !cleaned.contains("\\"), !cleaned.contains(" ") else { return "/" }
        return cleaned
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar.properties.generalCategory == .format || scalar.properties.isWhitespace && scalar != " "
    }
}
