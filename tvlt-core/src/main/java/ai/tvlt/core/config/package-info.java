/**
 * Configuration objects for TVLT, read from the JSON files a Hugging Face checkpoint ships.
 *
 * <ul>
 *   <li>{@link ai.tvlt.core.config.TvltConfig}: the model configuration ({@code config.json}), every
 *       field of transformers v4.34's {@code TvltConfig} with the reference defaults.</li>
 *   <li>{@link ai.tvlt.core.config.TvltProcessorConfig}: the preprocessing configuration
 *       ({@code preprocessor_config.json}), made of a
 *       {@link ai.tvlt.core.config.TvltFeatureExtractorConfig} (audio) and a
 *       {@link ai.tvlt.core.config.TvltImageProcessorConfig} (video frames).</li>
 * </ul>
 *
 * <p>All configuration objects are immutable and thread-safe; they are created with a builder, from
 * defaults or from JSON. Keys absent from a JSON file take the reference defaults, so both the full
 * form and the diff form written by {@code save_pretrained} are accepted. Keys the reference does not
 * know are kept (see {@link ai.tvlt.core.config.TvltConfig#extraKeys()}) and otherwise ignored. Every
 * invalid value raises {@link ai.tvlt.core.error.ConfigException} with a message naming the JSON key
 * (and the file when one was read).
 */
package ai.tvlt.core.config;
