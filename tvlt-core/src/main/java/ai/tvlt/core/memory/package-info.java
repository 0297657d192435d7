/**
 * Memory a model configuration will need, checked before anything is allocated.
 *
 * <ul>
 *   <li>{@link ai.tvlt.core.memory.MemoryEstimate}: the weights and the working memory of a forward pass at
 *       the sizes a {@link ai.tvlt.core.config.TvltConfig} sets, split into Java heap and native memory.</li>
 *   <li>{@link ai.tvlt.core.memory.MemoryLimits}: what this JVM and machine can give.</li>
 * </ul>
 *
 * <p>A config whose sizes are each valid but together absurd (a layer count of 10^9 on a small
 * checkpoint) is refused with one {@link ai.tvlt.core.error.ConfigException} line naming the key that
 * makes it too large, instead of an {@code OutOfMemoryError} half way through loading.
 */
package ai.tvlt.core.memory;
