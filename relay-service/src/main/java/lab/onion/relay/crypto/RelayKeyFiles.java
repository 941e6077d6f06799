package lab.onion.relay.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A relay's two secret keys on disk, as hex, one file each, readable by the owner only:
 * {@code ed25519_identity_secret_key} and {@code curve25519_onion_secret_key}. Missing files
 * are created with fresh keys.
 */
public final class RelayKeyFiles {

    static final String IDENTITY = "ed25519_identity_secret_key";
    static final String ONION = "curve25519_onion_secret_key";

    private RelayKeyFiles() {
    }

    /**
     * Loads the keys in {@code directory}, creating it and the keys where missing.
     *
     * @throws UncheckedIOException naming the file that cannot be read or written
     */
    public static RelayKeys loadOrCreate(Path directory, SecureRandom random) {
        try {
            Files.createDirectories(directory);
            byte[] identity = secret(directory.resolve(IDENTITY), random);
            byte[] onion = secret(directory.resolve(ONION), random);
            return RelayKeys.fromSecrets(identity, onion);
        } catch (IOException e) {
            throw new UncheckedIOException("relay keys in " + directory.toAbsolutePath()
                    + " (relay.key-directory / RELAY_KEY_DIRECTORY): " + e.getMessage(), e);
        }
    }

    private static byte[] secret(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            try {
                Files.createFile(file);
                trySetOwnerOnly(file);
                Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
                return secret;
            } catch (FileAlreadyExistsException e) {
                // another process made it first: read theirs
            }
        }
        String hex = Files.readString(file).strip();
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IOException(file + " does not hold 32 bytes in hex");
        }
        return HexFormat.of().parseHex(hex);
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }
}
