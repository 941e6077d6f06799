package lab.onion.echo.rest;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Locale;

/** The echo protocol over HTTP. Cheap work, so it runs on the event loop. */
@Path("/")
@NonBlocking
@Produces(MediaType.TEXT_PLAIN)
public class UpperResource {

    @GET
    @Path("upper")
    public String upper(@RestQuery String text) {
        if (text == null) {
            throw badRequest("missing query parameter 'text' (try /upper?text=hello)");
        }
        return text.toUpperCase(Locale.ROOT);
    }

    @POST
    @Path("upper")
    @Consumes(MediaType.WILDCARD)
    public String upperBody(String body) {
        return body == null ? "" : body.toUpperCase(Locale.ROOT);
    }

    /** The peer address this server saw: through the onion network, the exit relay's. */
    @GET
    @Path("whoami")
    public String whoami(HttpServerRequest request) {
        return request.remoteAddress().hostAddress();
    }

    private static WebApplicationException badRequest(String message) {
        return new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.TEXT_PLAIN).entity(message + "\n").build());
    }
}
