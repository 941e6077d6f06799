package lab.onion.directory.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyFileTest {

    @Test
    void writesPkcs8PemReadableOnlyByItsOwnerAndReadsItBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/identity-ed25519.pem");
        Ed25519.RawKeyPair pair = Ed25519.generate();

        KeyFile.create(file, pair.seed());

        String pem = Files.readString(file);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"), pem);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(pair.seed(), KeyFile.read(file));
        assertEquals(1, Files.list(file.getParent()).count(), "no temporary file left behind");
    }

    @Test
    void neverOverwritesAKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("identity-ed25519.pem");
        byte[] first = Ed25519.generate().seed();
        KeyFile.create(file, first);

        assertThrows(IOException.class, () -> KeyFile.create(file, Ed25519.generate().seed()));
        assertArrayEquals(first, KeyFile.read(file));
    }

    @Test
    void refusesWhatIsNotAnEd25519Key(@TempDir Path dir) throws IOException {
        Path notPem = Files.writeString(dir.resolve("a.pem"), "hello\n");
        assertThrows(IOException.class, () -> KeyFile.read(notPem));
        Path rsaSized = Files.writeString(dir.resolve("b.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThrows(IOException.class, () -> KeyFile.read(rsaSized));
    }
}
