package lab.onion.directory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records every log record of the running service (root logger) while open. */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One record, its message already formatted. */
    public record Line(Level level, String logger, String message, Throwable thrown) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length > 0 && message != null) {
            try {
                message = message.contains("%") ? String.format(message, parameters)
                        : java.text.MessageFormat.format(message, parameters);
            } catch (IllegalArgumentException e) {
                // Keep the raw message.
            }
        }
        lines.add(new Line(record.getLevel(), record.getLoggerName(), message, record.getThrown()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
