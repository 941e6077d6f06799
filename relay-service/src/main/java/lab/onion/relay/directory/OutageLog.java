package lab.onion.relay.directory;

import org.jboss.logging.Logger;

/** One WARN when the directory stops answering (or refuses), one INFO when it answers again: not one per try. */
final class OutageLog {

    private final Logger log;
    private final String peer;
    private String problem;

    OutageLog(Logger log, String peer) {
        this.log = log;
        this.peer = peer;
    }

    synchronized void failed(String what) {
        if (problem == null) {
            log.warnf("directory %s: %s; retrying with backoff (logged once per outage)", peer, what);
        } else {
            log.debugf("directory %s: still failing: %s", peer, what);
        }
        problem = what;
    }

    synchronized void recovered() {
        if (problem != null) {
            log.infof("directory %s answers again", peer);
            problem = null;
        }
    }
}
