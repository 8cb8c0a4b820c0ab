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

    @Test(
        "anything a browser would follow off the site falls back to the home page",
        arguments: [
            "/\t/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
            "https://evil.example/", "javascript:alert(1)", "evil.example", "/\u{0}/evil.example", "/\u{200B}/evil.example", "", " /x",
            "/\u{7F}/evil.example",
        ])
    func offSite(_ value: String) {
        #expect(RedirectTarget.path(value) == "/", "\(value.debugDescription)")
    }
}

@Suite("Webhook targets the server alone can reach are refused")
struct WebhookTargetTests {
    @Test(
        "loopback, link-local, private, unspecified and local names are refused",
        arguments: [
            "127.0.0.1", "127.1.2.3", "169.254.169.254", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "0.0.0.0", "100.64.0.1",
            "::1", "[::1]", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:a9fe:a9fe", "localhost", "admin.localhost", "metadata.google.internal",
            "2130706433", "0x7f.1",
        ])
    func refused(_ host: String) {
        #expect(WebhookTarget.refusal(host: host) != nil, "\(host)")
    }

    @Test(
        "public addresses and names are allowed",
        arguments: ["hooks.slack.com", "example.com", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "[2001:db8::1]", "api.example"])
    func allowed(_ host: String) {
        #expect(WebhookTarget.refusal(host: host) == nil, "\(host)")
    }
}
