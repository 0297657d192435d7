package ai.tvlt.examples.cli.serve;

import ai.tvlt.examples.cli.TvltVersion;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The body of {@code GET /info}: the model, its settings, the server's limits and the tool's version. */
final class ServerInfo {

    private ServerInfo() {
    }

    /**
     * @param model the served model
     * @param limits the server's limits
     * @return the JSON object
     */
    static ObjectNode of(ServedModel model, ServeLimits limits) {
        ObjectNode info = JsonResponses.object();
        info.put("model", model.description().model());
        if (model.description().revision() != null) {
            info.put("revision", model.description().revision());
        } else {
            info.putNull("revision");
        }
        info.put("dims", model.embedder().dimension());
        info.put("pooling", model.embedder().options().pooling().cliName());
        info.put("precision", model.embedder().options().load().precision().label());
        info.put("version", TvltVersion.versionNumber());
        ArrayNode tasks = info.putArray("tasks");
        tasks.add("embed");
        model.scorer().ifPresent(s -> tasks.add("match"));
        model.reconstructor().ifPresent(r -> tasks.add("reconstruct"));
        info.put("max_batch_size", limits.maxBatchSize());
        info.put("max_batch_wait_ms", limits.maxBatchWait().toMillis());
        info.put("max_queue", limits.queueCapacity());
        info.put("max_upload_bytes", limits.maxUploadBytes());
        info.put("request_timeout_s", limits.requestTimeout().toSeconds());
        return info;
    }
}
