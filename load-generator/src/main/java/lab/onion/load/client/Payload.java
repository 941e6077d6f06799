package lab.onion.load.client;

import java.util.Locale;
import java.util.SplittableRandom;

/** The text every request carries: lowercase letters and digits, reproducible from the seed. */
public final class Payload {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Payload() {
    }

    public static String text(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** What the echo service answers for {@code text}. */
    public static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
