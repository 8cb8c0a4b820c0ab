import AccordApp
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body does not arrive in time: a body that stalls or trickles
/// one byte a second would otherwise hold its connection (and a task) for ever. The time runs
/// from the request head to the end of its body. Waiting for a request head is the server's idle
/// timeout, which counts from the last answer (or the connection's start) until a head is whole.
final class RequestBodyTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private let logger: Logger
    private var deadline: Scheduled<Void>?
    /// A head was read and its body has not ended.
    private var bodyPending = false
    /// The answer came before the body and refuses it (413): the rest is not wanted, so the connection ends with the answer.
    private var closeAfterAnswer = false

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            deadline?.cancel()
            bodyPending = true
            let method = head.method.rawValue
            let path = head.path ?? ""
            let logger = self.logger
            let seconds = timeout.nanoseconds / 1_000_000_000
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: timeout) {
                logger.notice(
                    "closed a connection whose request body did not arrive within \(seconds) s", metadata: ["method": "\(method)", "path": "\(path)"])
                loopBound.value.close(promise: nil)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
            bodyPending = false
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where bodyPending && head.status == .contentTooLarge:
            closeAfterAnswer = true
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end where closeAfterAnswer:
            closeAfterAnswer = false
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(data).whenComplete { _ in loopBound.value.close(promise: nil) }
            promise?.succeed()
        default:
            // Any other answer given before the body is whole (a 401, say) leaves the deadline running while the rest is read away.
            context.write(data, promise: promise)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }
}
