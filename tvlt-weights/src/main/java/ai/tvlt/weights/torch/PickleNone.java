package ai.tvlt.weights.torch;

/** Python's {@code None} in an unpickled object graph. */
enum PickleNone {
    /** The single value. */
    NONE
}
