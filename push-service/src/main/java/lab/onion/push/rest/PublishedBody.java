package lab.onion.push.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.push.topic.PushException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a published body into the message's {@code data}, as JSON text: a body sent as JSON
 * ({@code application/json} or any {@code +json} type) must be one valid JSON value and is kept as that value
 * (compacted); any other body is the JSON string of its UTF-8 text.
 */
@ApplicationScoped
public class PublishedBody {

    private final ObjectMapper mapper;
    private final ObjectReader strictReader;

    PublishedBody(ObjectMapper mapper) {
        this.mapper = mapper;
        // Exact numbers, and "1 2" or "{} x" is not one JSON value.
        this.strictReader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /**
     * @throws PushException 400 if the content type says JSON and the body is not one JSON value
     */
    public String toData(byte[] body, String contentType) {
        try {
            if (isJson(contentType)) {
                JsonNode node;
                try {
                    node = strictReader.readTree(body);
                } catch (IOException e) {
                    throw PushException.badRequest("body is not valid JSON: " + firstLine(e.getMessage()))
                            .with("contentType", contentType);
                }
                if (node == null || node.isMissingNode()) {
                    throw PushException.badRequest("body is not valid JSON: it is empty")
                            .with("contentType", contentType);
                }
                return mapper.writeValueAsString(node);
            }
            return mapper.writeValueAsString(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
