import AccordCore
import Testing

@Suite("Sign-in redirects stay on this site")
struct RedirectTargetTests {
    @Test("a path on this site is kept, query and all")
    func paths() {
        #expect(RedirectTarget.path("/accounts/acc_1") == "/accounts/acc_1")
        #expect(RedirectTarget.path("/renewals?days=30&risk=high") == "/renewals?days=30&risk=high")
        #expect(RedirectTarget.path(nil) == "/")
    }

    @Test("anything a browser would follow off the site falls back to the home page", arguments: [
        "/\t/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
        "https://evil.example/", "javascript:alert(1)", "evil.example", "/\u{0}/evil.example", "/\u{200B}/evil.example", "", " /x",
        "/\u{7F}/evil.example",
    ])
    func offSite(_ value: String) {
        #expect(RedirectTarget.path(value) == "/", "\(value.debugDescription)")
    }
}
