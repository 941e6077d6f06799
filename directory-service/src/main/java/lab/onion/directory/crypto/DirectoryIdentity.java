package lab.onion.directory.crypto;

import jakarta.inject.Singleton;
import lab.onion.directory.config.DirectoryConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The directory's Ed25519 signing key: the one clients pin. Taken from configuration when given
 * there, otherwise from the key file in the data folder, created on first start. A key that cannot
 * be read or stored stops the start: a directory that silently signed with a fresh key after each
 * restart would break every client that pinned the old one.
 */
@Singleton
public class DirectoryIdentity {

    public static final String KEY_FILE_NAME = "identity-ed25519.pem";

    private static final Logger LOG = Logger.getLogger(DirectoryIdentity.class);

    private final Ed25519.RawKeyPair keys;

    DirectoryIdentity(DirectoryConfig config) {
        this.keys = config.identity().privateKey()
                .map(DirectoryIdentity::fromConfiguration)
                .orElseGet(() -> fromFile(Path.of(config.dataDir()).resolve(KEY_FILE_NAME)));
        LOG.infof("directory key %s (Ed25519 public key, base64; GET /keys)",
                Base64.getEncoder().encodeToString(keys.publicKey()));
    }

    /** The raw 32-byte public key. */
    public byte[] publicKey() {
        return keys.publicKey().clone();
    }

    public byte[] sign(byte[] message) {
        return Ed25519.sign(keys.seed(), message);
    }

    private static Ed25519.RawKeyPair fromConfiguration(String base64) {
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("directory.identity.private-key is not base64: " + e.getMessage());
        }
        if (seed.length != Ed25519.KEY_LENGTH) {
            throw new IllegalStateException("directory.identity.private-key must be the base64 of 32 bytes, got "
                    + seed.length + " bytes");
        }
        return Ed25519.fromSeed(seed);
    }

    private static Ed25519.RawKeyPair fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Ed25519.fromSeed(KeyFile.read(file));
            }
            Ed25519.RawKeyPair generated = Ed25519.generate();
            KeyFile.create(file, generated.seed());
            LOG.infof("generated a new directory key in %s", file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the directory key file " + file.toAbsolutePath()
                    + " (" + e + "); make directory.data-dir (DIRECTORY_DATA_DIR) a writable folder,"
                    + " or set directory.identity.private-key", e);
        }
    }
}
