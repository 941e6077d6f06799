package lab.onion.push.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import lab.onion.push.topic.PushException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every error as JSON: {@code {"error": "...", "status": N, ...}}. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /** The {@code WWW-Authenticate} header of every 401. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"push-service\"";

    @ServerExceptionMapper
    public Response push(PushException e) {
        var response = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body());
        if (e.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        return response.build();
    }

    /** 404 for paths that match nothing, 405, 406, 415 ... from the REST layer itself. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        String reason = original.getStatusInfo().getReasonPhrase();
        body.put("error", e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : reason);
        body.put("status", status);
        var response = Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "internal error: " + e.getClass().getSimpleName());
        body.put("status", 500);
        return Response.status(500).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
