package lab.onion.push.topic;

/** What a push subscriber (SSE, WebSocket) is sent: a message, or a signal about its position in the stream. */
public sealed interface Outbound permits Message, Gap, Reset {
}
