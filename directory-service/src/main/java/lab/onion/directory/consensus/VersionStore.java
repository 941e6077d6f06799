package lab.onion.directory.consensus;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last consensus version, kept in a file so that versions keep growing across restarts and a
 * client that orders consensuses by version never sees one go back. Best effort: when the file
 * cannot be written the directory goes on (one warning) and versions restart after the next
 * restart.
 */
final class VersionStore {

    static final String FILE_NAME = "consensus-version";

    private static final Logger LOG = Logger.getLogger(VersionStore.class);

    private final Path file;
    private long last;
    private boolean warned;

    VersionStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
        this.last = load(file);
    }

    /** The next version, already stored. Callers serialize calls. */
    long next() {
        last++;
        store();
        return last;
    }

    private static long load(Path file) {
        try {
            return Math.max(0, Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException first) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("ignoring unreadable %s (%s): consensus versions start again at 1", file, e);
            return 0;
        }
    }

    private void store() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.writeString(temp, Long.toString(last) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warnf("cannot store the consensus version in %s (%s): versions will restart with the directory",
                        file.toAbsolutePath(), e);
            }
        }
    }
}
