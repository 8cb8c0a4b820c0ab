import AccordApp
public import AccordCore
public import AccordStore
public import Hummingbird
public import HummingbirdAuth
public import NIOCore

/// Every request's context: who is asking (if anyone) and from where.
public struct AccordRequestContext: AuthRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    /// Set when the identity came from the session cookie; state-changing requests then need its CSRF token.
    public var session: SessionRecord?
    public var remoteAddress: SocketAddress?
    /// Why presented credentials were refused (a revoked token, say); routes that need credentials answer it.
    public var credentialProblem: String?
    /// The clients this caller may see, set with the identity: every route that returns client
    /// rows filters through it (a book-limited role sees only its own book).
    public var scope: ClientScope = .everything

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client address as the audit log records it.
    public var origin: String { remoteAddress?.ipAddress ?? "unknown" }
}
