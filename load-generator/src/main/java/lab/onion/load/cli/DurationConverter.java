package lab.onion.load.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1.5s}, {@code PT10S}; a bare number is seconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|s|m|h)?");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt")) {
            return Duration.parse(value.trim());
        }
        Matcher m = SIMPLE.matcher(v);
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (try 10s, 500ms, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = switch (unit) {
            case "us" -> amount * 1e3;
            case "ms" -> amount * 1e6;
            case "m" -> amount * 60e9;
            case "h" -> amount * 3600e9;
            default -> amount * 1e9;
        };
        return Duration.ofNanos(Math.round(nanos));
    }
}
