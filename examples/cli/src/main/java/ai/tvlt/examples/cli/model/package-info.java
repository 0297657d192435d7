/**
 * The {@code --model DIR|owner/name[@revision]} argument: parsing
 * ({@link ai.tvlt.examples.cli.model.ModelReference}) and resolution to a checkpoint folder through
 * pluggable {@link ai.tvlt.examples.cli.model.ModelLocator}s (the hub client's cache and download:
 * {@link ai.tvlt.examples.cli.model.HubClientLocator}).
 */
package ai.tvlt.examples.cli.model;
