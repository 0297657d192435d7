package ai.tvlt.weights.hub;

import ai.tvlt.core.error.WeightLoadingException;

/**
 * A model could not be fetched from the hub or found in the cache. The message says what was asked, what
 * went wrong and what to do about it (set HF_TOKEN, check the id or revision, go online, point at a local
 * folder); {@link #reason()} lets callers such as a CLI react programmatically. Never contains the token.
 */
public class HubException extends WeightLoadingException {
    private static final long serialVersionUID = 1L;

    /** Why the request failed. */
    public enum Reason {
        /** 401/404 on the repository: it does not exist, or is private and the token (if any) has no access. */
        REPOSITORY_NOT_FOUND,
        /** The branch, tag, commit or pull-request ref does not exist. */
        REVISION_NOT_FOUND,
        /** A required file (config.json, the weights, a shard) is not in the repository. */
        FILE_NOT_FOUND,
        /** 401/403 on a gated or private repository. */
        ACCESS_DENIED,
        /** Offline (HF_HUB_OFFLINE or no network) and the cache does not hold what is needed. */
        NOT_IN_CACHE,
        /** Any other HTTP status, an unreadable response, or a network failure. */
        TRANSFER_FAILED
    }

    private final Reason reason;
    private final int status;

    /**
     * @param reason why
     * @param status the HTTP status (0 when there was no response)
     * @param message what went wrong and what to do
     */
    public HubException(Reason reason, int status, String message) {
        super(message);
        this.reason = reason;
        this.status = status;
    }

    /**
     * @param reason why
     * @param status the HTTP status (0 when there was no response)
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public HubException(Reason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    /** @return why the request failed */
    public Reason reason() {
        return reason;
    }

    /** @return the HTTP status, or 0 when no response was received */
    public int status() {
        return status;
    }
}
