package lab.onion.relay.crypto;

import lab.onion.relay.cell.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** HKDF-SHA256 pinned by RFC 5869 appendix A (test cases 1-3) and Tor's ntor KDF vectors. */
class HkdfTest {

    static Stream<Arguments> rfc5869() {
        return Stream.of(
                Arguments.of("A.1 basic",
                        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
                        "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Arguments.of("A.2 longer inputs and outputs",
                        range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 82,
                        "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
                        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                                + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
                Arguments.of("A.3 zero-length salt and info",
                        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
                        "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
                        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
    }

    @ParameterizedTest(name = "RFC 5869 {0}")
    @MethodSource("rfc5869")
    void matchesRfc5869(String name, String ikm, String salt, String info, int length, String prk, String okm) {
        byte[] actualPrk = Hkdf.extract(Hex.parse(salt), Hex.parse(ikm));
        assertEquals(prk, Hex.of(actualPrk));
        assertEquals(okm, Hex.of(Hkdf.expand(actualPrk, Hex.parse(info), length)));
        assertEquals(okm, Hex.of(Hkdf.derive(Hex.parse(salt), Hex.parse(ikm), Hex.parse(info), length)));
    }

    /**
     * tor-spec 5.2.2 with ntor's t_key and m_expand; the expected bytes are from Tor's
     * src/test/test_crypto.c (generated with ntor_ref.py), as Arti's kdf.rs repeats them.
     */
    @Test
    void matchesTorsNtorKdfVectors() {
        assertEquals("5521492a85139a8d9107a2d5c0d9c91610d0f95989975ebee6"
                        + "c02a4f8d622a6cfdf9b7c7edd3832e2760ded1eac309b76f8d"
                        + "66c4a3c4d6225429b3a016e3c3d45911152fc87bc2de9630c3"
                        + "961be9fdb9f93197ea8e5977180801926d3321fa21513e59ac",
                Hex.of(Ntor.expand(ascii("Tor"), 100)));
        assertEquals("a2aa9b50da7e481d30463adb8f233ff06e9571a0ca6ab6df0f"
                        + "b206fa34e5bc78d063fc291501beec53b36e5a0e434561200c"
                        + "5f8bd13e0f88b3459600b4dc21d69363e2895321c06184879d"
                        + "94b18f078411be70b767c7fc40679a9440a0c95ea83a23efbf",
                Hex.of(Ntor.expand(ascii("AN ALARMING ITEM TO FIND ON YOUR CREDIT-RATING STATEMENT"), 100)));
    }

    @Test
    void refusesMoreThan255Blocks() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[32], new byte[0], 255 * 32 + 1));
        assertArrayEquals(new byte[0], Hkdf.expand(new byte[32], new byte[0], 0));
    }

    private static String range(int from, int to) {
        StringBuilder hex = new StringBuilder();
        for (int i = from; i < to; i++) {
            hex.append(String.format("%02x", i));
        }
        return hex.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
