/**
 * The {@code --model DIR|owner/name[@revision]} argument: parsing
 * ({@link ai.tvlt.models.pipeline.ModelReference}) and resolution to a checkpoint folder through
 * pluggable {@link ai.tvlt.models.pipeline.ModelLocator}s (the hub client's cache and download:
 * {@link ai.tvlt.models.pipeline.HubClientLocator}).
 */
package ai.tvlt.examples.cli.model;
