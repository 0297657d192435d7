package ai.tvlt.weights.torch;

/**
 * A module-level Python name referenced by a pickle (GLOBAL / STACK_GLOBAL) that passed the allowlist of
 * {@link TorchGlobals}. It is only a name: nothing is imported or executed.
 *
 * @param module the module, e.g. {@code torch._utils}
 * @param name the attribute, e.g. {@code _rebuild_tensor_v2}
 */
record PickleGlobal(String module, String name) {

    /** @return {@code module.name} */
    String qualifiedName() {
        return module + "." + name;
    }
}
