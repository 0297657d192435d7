package ai.tvlt.examples.cli.serve;

/**
 * What {@code GET /info} says about the served model besides its settings.
 *
 * @param model the {@code --model} argument (a hub id or a folder)
 * @param revision the resolved commit of a hub model, or null for a folder
 */
public record ModelDescription(String model, String revision) {
}
