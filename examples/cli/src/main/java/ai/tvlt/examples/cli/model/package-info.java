/**
 * The {@code --model DIR|owner/name[@revision]} argument: parsing
 * ({@link ai.tvlt.weights.hub.ModelReference}) and resolution to a checkpoint folder through
 * pluggable {@link ai.tvlt.weights.hub.ModelLocator}s (the hub client's cache and download:
 * {@link ai.tvlt.weights.hub.HubClientLocator}).
 */
package ai.tvlt.examples.cli.model;
