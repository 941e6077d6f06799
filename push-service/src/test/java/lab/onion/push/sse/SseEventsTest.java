package lab.onion.push.sse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The events the gateway writes as bytes, for each combination of name and id. No sockets. */
class SseEventsTest {

    @ParameterizedTest(name = "event {0}, id {1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "-     | 4  | {\"seq\":4}         | id: 4\\ndata: {\"seq\":4}\\n\\n",
            "gap   | 20 | {\"type\":\"gap\"}   | event: gap\\nid: 20\\ndata: {\"type\":\"gap\"}\\n\\n",
            "reset | 0  | {\"type\":\"reset\"} | event: reset\\nid: 0\\ndata: {\"type\":\"reset\"}\\n\\n",
            "error | -  | {\"type\":\"error\"} | event: error\\ndata: {\"type\":\"error\"}\\n\\n",
            "-     | -  | \"\u00e9t\u00e9\"         | data: \"\u00e9t\u00e9\"\\n\\n",
    })
    void anEventIsItsFieldsThenABlankLine(String name, String id, String data, String expected) {
        String wire = SseEvents.event(name, id, data).toString(StandardCharsets.UTF_8);
        assertEquals(expected.replace("\\n", "\n"), wire);
    }
}
