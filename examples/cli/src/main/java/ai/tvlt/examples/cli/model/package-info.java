/**
 * The {@code --model DIR|owner/name[@revision]} argument: parsing
 * ({@link ai.tvlt.examples.cli.model.ModelReference}) and resolution to a checkpoint folder through
 * pluggable {@link ai.tvlt.examples.cli.model.ModelLocator}s (the Hugging Face cache today, a
 * downloading hub client later).
 */
package ai.tvlt.examples.cli.model;
