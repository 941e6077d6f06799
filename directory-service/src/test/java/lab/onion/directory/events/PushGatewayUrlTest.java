package lab.onion.directory.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushGatewayUrlTest {

    @ParameterizedTest
    @CsvSource({
        "http://push-service:8080, http://push-service:8080/topics/directory",
        "http://push-service:8080/, http://push-service:8080/topics/directory",
        "https://127.0.0.1/gateway, https://127.0.0.1/gateway/topics/directory",
    })
    void topicUrl(String url, String expected) {
        assertEquals(expected, PushGatewayPublisher.topicUrl(url, "directory"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"push-service:8080", "ftp://push-service/", "/topics", "http://", "http://bad host/"})
    void aUrlThatIsNotAbsoluteHttpStopsTheStartNamingTheSetting(String url) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PushGatewayPublisher.topicUrl(url, "directory"));
        assertTrue(e.getMessage().startsWith("directory.push.url '" + url + "'"), e.getMessage());
    }
}
