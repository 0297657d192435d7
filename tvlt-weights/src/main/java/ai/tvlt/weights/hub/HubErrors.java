package ai.tvlt.weights.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpHeaders;

/**
 * Turns the hub's error responses into {@link HubException}s that say what to do, reading the hub's
 * {@code X-Error-Code} header (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo) as
 * huggingface_hub's {@code hf_raise_for_status} does. Stateless.
 */
final class HubErrors {

    private static final int MAX_SERVER_MESSAGE = 300;

    private HubErrors() {
    }

    /**
     * @param e a transport failure
     * @return its message, or words for the JDK's message-less ones (never a class name)
     */
    static String describe(IOException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        } else if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        } else if (e instanceof ConnectException) {
            return "connection failed: host unknown or refusing connections";
        } else if (e instanceof InterruptedIOException) {
            return "interrupted";
        }
        return "connection failed";
    }

    static HubException fromResponse(int status, HttpHeaders headers, RepoRef repo, String revision, String file,
                                     HubEnvironment env) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String page = env.endpoint() + "/" + repo.repoId();
        if (code.equals("GatedRepo") || (status == 403 && !code.equals("RepoNotFound"))) {
            return new HubException(HubException.Reason.ACCESS_DENIED, status, "access to " + repo.repoId()
                    + " is restricted (HTTP " + status + ", gated or private)" + serverMessage(headers)
                    + ". Request access on " + page + " and set HF_TOKEN to a token of an account that has it"
                    + (env.hasToken() ? " (the token that was sent does not grant access)." : "."));
        }
        if (code.equals("RevisionNotFound")) {
            return new HubException(HubException.Reason.REVISION_NOT_FOUND, status, "revision '" + revision
                    + "' not found in " + repo.repoId() + " (HTTP " + status + "); use a branch, tag, commit"
                    + " hash or refs/pr/N that exists on " + page);
        }
        if (code.equals("RepoNotFound") || status == 401) {
            return new HubException(HubException.Reason.REPOSITORY_NOT_FOUND, status, "repository "
                    + repo.repoId() + " not found on " + env.endpoint() + " (HTTP " + status + "). Check the id;"
                    + " if the repository is private or gated, set HF_TOKEN to an access token"
                    + (env.hasToken() ? " (the token that was sent does not grant access)." : "."));
        }
        if (status == 404) {
            return new HubException(HubException.Reason.REPOSITORY_NOT_FOUND, status, repo.repoId() + "@"
                    + revision + " not found (HTTP 404 for " + file + ")" + serverMessage(headers));
        }
        return new HubException(HubException.Reason.TRANSFER_FAILED, status, "the hub answered HTTP " + status
                + " for " + file + " of " + repo + serverMessage(headers));
    }

    static HubException fromDownload(int status, HttpHeaders headers, String file, URI location,
                                     HubEnvironment env) {
        HubException.Reason reason = status == 401 || status == 403
                ? HubException.Reason.ACCESS_DENIED : HubException.Reason.TRANSFER_FAILED;
        return new HubException(reason, status, "downloading " + file + " from "
                + HubHttp.redactQuery(location) + " failed with HTTP " + status + serverMessage(headers)
                + (reason == HubException.Reason.ACCESS_DENIED && !env.hasToken() ? "; set HF_TOKEN" : ""));
    }

    private static String serverMessage(HttpHeaders headers) {
        return headers.firstValue("X-Error-Message")
                .map(m -> ": " + (m.length() > MAX_SERVER_MESSAGE ? m.substring(0, MAX_SERVER_MESSAGE) + "..." : m))
                .orElse("");
    }
}
