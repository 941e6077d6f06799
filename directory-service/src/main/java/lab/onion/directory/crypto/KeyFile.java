package lab.onion.directory.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The directory's signing key on disk: PKCS#8 in PEM, the form {@code openssl pkey -in FILE -pubout}
 * reads. Written once, readable only by its owner, never overwritten.
 */
public final class KeyFile {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private KeyFile() {
    }

    /** The seed in {@code file}. */
    public static byte[] read(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!pem.startsWith(BEGIN) || !pem.endsWith(END)) {
            throw new IOException(file + " is not a PEM private key (" + BEGIN + " ... " + END + ")");
        }
        String body = pem.substring(BEGIN.length(), pem.length() - END.length()).replaceAll("\\s", "");
        try {
            return Ed25519.seedFromPkcs8(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** Writes {@code seed} to {@code file}, which must not exist yet (atomically: no half-written key). */
    public static void create(Path file, byte[] seed) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Ed25519.pkcs8(seed))
                + "\n" + END + "\n";
        Path temp = Files.createTempFile(dir, ".identity", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: the folder's permissions are all there is.
            }
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
