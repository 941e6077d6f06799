package lab.onion.push.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The resume rules and the history limits, without sockets: a topic with a history of 5 and 8 messages published. */
class TopicTest {

    private static final String EPOCH = "now-1";
    private static final long T0 = 1_000_000;

    private static Topic topicWith(int published, History history) {
        Topic topic = new Topic("t", EPOCH, history, 10);
        for (int i = 1; i <= published; i++) {
            topic.publish("\"m" + i + "\"", 2, T0 + i);
        }
        return topic;
    }

    private static List<Long> seqs(Catchup catchup) {
        return catchup.messages().stream().map(Message::seq).toList();
    }

    @ParameterizedTest(name = "after={0} epoch={1}: messages {2}..8, next {3}, signal {4}")
    @CsvSource(nullValues = "-", value = {
            // after, epoch, first seq delivered (- for none), next, signal
            "0,  -,      4, 8, gap 0 4 3",
            "2,  -,      4, 8, gap 2 4 1",
            "3,  -,      4, 8, -",
            "5,  -,      6, 8, -",
            "7,  -,      8, 8, -",
            "8,  -,      -, 8, -",
            "9,  -,      4, 8, reset ahead-of-stream",
            "5,  now-1,  6, 8, -",
            "5,  then-1, 4, 8, reset epoch-mismatch",
            "0,  then-1, 4, 8, reset epoch-mismatch",
    })
    void resumeRules(long after, String epoch, Long firstDelivered, long next, String signal) {
        Topic topic = topicWith(8, new History(5, Long.MAX_VALUE, Long.MAX_VALUE));
        Catchup catchup = topic.read(new Position(after, epoch), 100, T0 + 10);
        List<Long> expected = firstDelivered == null ? List.of()
                : LongStream.rangeClosed(firstDelivered, 8).boxed().toList();
        assertEquals(expected, seqs(catchup));
        assertEquals(next, catchup.next());
        if (signal == null) {
            assertNull(catchup.gap());
            assertNull(catchup.reset());
        } else if (signal.startsWith("gap")) {
            String[] g = signal.split(" ");
            assertEquals(new Gap(Long.parseLong(g[1]), Long.parseLong(g[2]), Long.parseLong(g[3])), catchup.gap());
        } else {
            assertEquals(new Reset(signal.split(" ")[1], EPOCH, 4), catchup.reset());
        }
    }

    @Test
    void anEmptyTopicHasNothingAndNoSignal() {
        Catchup catchup = topicWith(0, new History(5, 100, 100)).read(new Position(0L, null), 100, T0);
        assertEquals(List.of(), seqs(catchup));
        assertEquals(0, catchup.next());
        assertNull(catchup.gap());
    }

    @Test
    void messagesLeaveByAgeAndTheGapSaysSo() {
        Topic topic = topicWith(8, new History(100, Long.MAX_VALUE, 1000));
        Catchup later = topic.read(new Position(5L, null), 100, T0 + 8 + 1000 + 1);
        assertEquals(List.of(), seqs(later));
        assertEquals(new Gap(5, 9, 3), later.gap());
        assertEquals(8, later.next());
        assertNull(topic.read(new Position(8L, null), 100, T0 + 5000).gap(), "up to date: nothing missed");
    }

    @Test
    void messagesLeaveByBytesButTheNewestStays() {
        Topic topic = topicWith(8, new History(100, 3 * Message.of(1, T0, "\"m1\"", 2, EPOCH).size(), Long.MAX_VALUE));
        assertEquals(List.of(6L, 7L, 8L), seqs(topic.read(new Position(0L, null), 100, T0)));
        Topic tiny = topicWith(3, new History(100, 1, Long.MAX_VALUE));
        assertEquals(List.of(3L), seqs(tiny.read(new Position(0L, null), 100, T0)));
    }

    @Test
    void aPollAnswerHoldsAtMostItsLimit() {
        Topic topic = topicWith(8, new History(100, Long.MAX_VALUE, Long.MAX_VALUE));
        Catchup first = topic.read(new Position(0L, null), 3, T0);
        assertEquals(List.of(1L, 2L, 3L), seqs(first));
        assertEquals(3, first.next(), "the client continues after the last message it got");
    }

    @Test
    void theMessageFrameCarriesSeqDataTsAndEpoch() {
        Message m = Message.of(7, 1234, "{\"a\":[1,2]}", 11, EPOCH);
        assertEquals("{\"seq\":7,\"data\":{\"a\":[1,2]},\"ts\":1234,\"epoch\":\"now-1\"}", m.frame());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-1", "x", "1.5", "99999999999999999999", "' 1'"})
    void malformedPositionsAreRefused(String after) {
        PushException e = assertThrows(PushException.class, () -> Position.parse("after", after, null));
        assertEquals(400, e.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "caf\u00e9", "a*", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void malformedTopicNamesAreRefused(String name) {
        assertEquals(400, assertThrows(PushException.class, () -> TopicRegistry.checkName(name)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Sensor-1.temp_C", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void wellFormedTopicNamesPass(String name) {
        assertEquals(name, TopicRegistry.checkName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "\"quoted\""})
    void malformedEpochsAreRefused(String epoch) {
        assertEquals(400, assertThrows(PushException.class, () -> Position.parse("after", "1", epoch)).status());
    }
}
