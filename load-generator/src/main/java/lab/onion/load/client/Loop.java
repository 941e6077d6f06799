package lab.onion.load.client;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;

import java.util.concurrent.TimeUnit;

/**
 * The one thread a worker and its session live on: all their state is confined to it, so the
 * hot path needs no locks. Timers have nanosecond resolution (Netty's scheduler), which the
 * fixed-rate model needs for exact intended send times.
 */
public interface Loop {

    void execute(Runnable task);

    void schedule(long delayNanos, Runnable task);

    /** A Netty event loop (TCP sessions own their channel's loop). */
    static Loop of(EventLoop eventLoop) {
        return new Loop() {
            @Override
            public void execute(Runnable task) {
                eventLoop.execute(task);
            }

            @Override
            public void schedule(long delayNanos, Runnable task) {
                eventLoop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** A Vert.x event-loop context (HTTP and gRPC sessions): tasks run on the context, so Vert.x callbacks stay on it. */
    static Loop of(Context context) {
        ContextInternal internal = (ContextInternal) context;
        return new Loop() {
            @Override
            public void execute(Runnable task) {
                internal.runOnContext(v -> task.run());
            }

            @Override
            public void schedule(long delayNanos, Runnable task) {
                internal.nettyEventLoop().schedule(() -> internal.runOnContext(v -> task.run()),
                        delayNanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
