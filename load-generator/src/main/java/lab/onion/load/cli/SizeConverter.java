package lab.onion.load.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count: {@code 65536}, {@code 64KiB}, {@code 64MiB}, {@code 1GiB}, or decimal {@code KB}, {@code MB}, {@code GB}. */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kib|mib|gib|kb|mb|gb)");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 65536, 64KiB, 64MiB, 1GiB)");
        }
        long unit = switch (m.group(2)) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too large");
        }
    }
}
